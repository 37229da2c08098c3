package org.rtcheck.stack.ice;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Candidate foundations (RFC 8445 §5.1.1.3): two local candidates share a foundation exactly when
 * they have the same type, the same base IP address, the same STUN or TURN server IP address (none
 * for host candidates) and the same transport.
 *
 * <p>The foundation is a pure function of those four inputs, so equal inputs give equal strings on
 * any agent and across restarts. It is 16 hex digits of SHA-256 over a canonical encoding: well
 * inside the 1..32 ice-chars RFC 8839 §5.1 allows, and an accidental collision (which would only
 * couple unfreezing of unrelated pairs) has probability about 2^-64.
 */
public final class Foundation {

  private Foundation() {}

  /**
   * @param serverAddress the STUN/TURN server the candidate was learned from; null for host and
   *     peer-reflexive candidates
   */
  public static String of(
      CandidateType type,
      InetAddress baseAddress,
      InetAddress serverAddress,
      TransportProtocol transport) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(baseAddress, "baseAddress");
    Objects.requireNonNull(transport, "transport");
    String key =
        type.sdpName()
            + '|'
            + baseAddress.getHostAddress()
            + '|'
            + (serverAddress == null ? "-" : serverAddress.getHostAddress())
            + '|'
            + transport.name();
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}

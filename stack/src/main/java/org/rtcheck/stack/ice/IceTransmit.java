package org.rtcheck.stack.ice;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A datagram the agent wants sent.
 *
 * @param local the local candidate to send from: a host candidate's socket, or for a relayed
 *     candidate its TURN allocation ({@link RelayTransport})
 * @param destination the remote transport address
 * @param data the bytes (a STUN message), owned by the receiver
 */
public record IceTransmit(Candidate local, InetSocketAddress destination, byte[] data) {
  public IceTransmit {
    Objects.requireNonNull(local);
    Objects.requireNonNull(destination);
    Objects.requireNonNull(data);
  }

  /** The address the datagram leaves from: the candidate's base (RFC 8445 §7.2.4). */
  public InetSocketAddress source() {
    return local.base();
  }

  /** Whether it goes through a TURN allocation rather than a plain socket. */
  public boolean isRelayed() {
    return local.type() == CandidateType.RELAYED;
  }
}

package org.rtcheck.stack.dtls;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.rtcheck.stack.srtp.SrtpProfile;

/**
 * How a {@link DtlsEndpoint} handshakes.
 *
 * @param role client or server
 * @param certificate the local credential (ECDSA P-256 or RSA, self-signed)
 * @param expectedFingerprints the peer's {@code a=fingerprint} values; the peer certificate must
 *     match at least one (must not be empty)
 * @param srtpProfiles the SRTP protection profiles to offer (client) or accept (server), in order
 *     of preference; profiles without a DTLS-SRTP id are skipped
 * @param handshakeTimeout the deadline for the whole handshake
 * @param keyLog receives one NSS key log line per handshake, or null
 */
public record DtlsConfig(
    DtlsRole role,
    DtlsCertificate certificate,
    List<DtlsFingerprint> expectedFingerprints,
    List<SrtpProfile> srtpProfiles,
    Duration handshakeTimeout,
    Consumer<String> keyLog) {

  /** The default deadline. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

  public DtlsConfig {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(certificate, "certificate");
    expectedFingerprints = List.copyOf(expectedFingerprints);
    srtpProfiles = List.copyOf(srtpProfiles);
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    if (expectedFingerprints.isEmpty()) {
      throw new IllegalArgumentException("at least one expected fingerprint is required");
    }
    if (srtpProfiles.stream().noneMatch(p -> p.dtlsSrtpId() >= 0)) {
      throw new IllegalArgumentException("no SRTP profile with a DTLS-SRTP id in " + srtpProfiles);
    }
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException("handshakeTimeout must be positive");
    }
  }

  /**
   * A config with the default profiles (AES_CM_128_HMAC_SHA1_80, AEAD_AES_128_GCM,
   * AES_CM_128_HMAC_SHA1_32), the default deadline and no key log.
   */
  public static DtlsConfig of(
      DtlsRole role, DtlsCertificate certificate, List<DtlsFingerprint> expectedFingerprints) {
    return new DtlsConfig(
        role,
        certificate,
        expectedFingerprints,
        List.of(
            SrtpProfile.AES_CM_128_HMAC_SHA1_80,
            SrtpProfile.AEAD_AES_128_GCM,
            SrtpProfile.AES_CM_128_HMAC_SHA1_32),
        DEFAULT_HANDSHAKE_TIMEOUT,
        null);
  }

  public DtlsConfig withSrtpProfiles(List<SrtpProfile> profiles) {
    return new DtlsConfig(
        role, certificate, expectedFingerprints, profiles, handshakeTimeout, keyLog);
  }

  public DtlsConfig withHandshakeTimeout(Duration timeout) {
    return new DtlsConfig(role, certificate, expectedFingerprints, srtpProfiles, timeout, keyLog);
  }

  public DtlsConfig withKeyLog(Consumer<String> sink) {
    return new DtlsConfig(
        role, certificate, expectedFingerprints, srtpProfiles, handshakeTimeout, sink);
  }

  /** The DTLS-SRTP ids of the usable profiles, in order. */
  int[] srtpProfileIds() {
    return srtpProfiles.stream().mapToInt(SrtpProfile::dtlsSrtpId).filter(id -> id >= 0).toArray();
  }
}

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
 * @param resendTimeout the first retransmission timeout of a flight (RFC 6347 §4.2.4.1: 1 s),
 *     doubled on every retransmission up to 60 s
 * @param misbehaviour a deliberate protocol violation, so the harness can test how peers react to
 *     it; {@link Misbehaviour#NONE} for a conformant endpoint
 * @param cookieExchange a server answers the first ClientHello with a HelloVerifyRequest (RFC 6347
 *     §4.2.1 denial-of-service countermeasure, on by default); off where the peer's address is
 *     already verified, as ICE connectivity checks and consent (RFC 7675) do for WebRTC, which
 *     saves a round trip of the setup
 */
public record DtlsConfig(
    DtlsRole role,
    DtlsCertificate certificate,
    List<DtlsFingerprint> expectedFingerprints,
    List<SrtpProfile> srtpProfiles,
    Duration handshakeTimeout,
    Consumer<String> keyLog,
    Duration resendTimeout,
    Misbehaviour misbehaviour,
    boolean cookieExchange) {

  /** The default deadline. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

  /** RFC 6347 §4.2.4.1: "a timer value of 1 second" to begin with. */
  public static final Duration DEFAULT_RESEND_TIMEOUT = Duration.ofSeconds(1);

  /** Protocol violations the own endpoint can commit on purpose, to test a peer's checks. */
  public enum Misbehaviour {
    /** A conformant endpoint. */
    NONE,
    /**
     * Neither offer nor accept extended_master_secret (RFC 7627); a conformant WebRTC peer must
     * refuse the handshake (RFC 8827 §6.5 requires it).
     */
    NO_EXTENDED_MASTER_SECRET,
    /** As a client, answer the server's CertificateRequest with an empty Certificate message. */
    NO_CLIENT_CERTIFICATE
  }

  public DtlsConfig {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(certificate, "certificate");
    expectedFingerprints = List.copyOf(expectedFingerprints);
    srtpProfiles = List.copyOf(srtpProfiles);
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    Objects.requireNonNull(resendTimeout, "resendTimeout");
    Objects.requireNonNull(misbehaviour, "misbehaviour");
    if (expectedFingerprints.isEmpty()) {
      throw new IllegalArgumentException("at least one expected fingerprint is required");
    }
    if (srtpProfiles.stream().noneMatch(p -> p.dtlsSrtpId() >= 0)) {
      throw new IllegalArgumentException("no SRTP profile with a DTLS-SRTP id in " + srtpProfiles);
    }
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException("handshakeTimeout must be positive");
    }
    if (resendTimeout.toMillis() < 1 || resendTimeout.compareTo(Duration.ofSeconds(60)) > 0) {
      throw new IllegalArgumentException("resendTimeout must be between 1 ms and 60 s");
    }
  }

  /**
   * A config with the default profiles (AES_CM_128_HMAC_SHA1_80, AEAD_AES_128_GCM,
   * AES_CM_128_HMAC_SHA1_32), the default deadline and retransmission timer, and no key log.
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
        null,
        DEFAULT_RESEND_TIMEOUT,
        Misbehaviour.NONE,
        true);
  }

  public DtlsConfig withSrtpProfiles(List<SrtpProfile> profiles) {
    return new DtlsConfig(
        role,
        certificate,
        expectedFingerprints,
        profiles,
        handshakeTimeout,
        keyLog,
        resendTimeout,
        misbehaviour,
        cookieExchange);
  }

  public DtlsConfig withHandshakeTimeout(Duration timeout) {
    return new DtlsConfig(
        role,
        certificate,
        expectedFingerprints,
        srtpProfiles,
        timeout,
        keyLog,
        resendTimeout,
        misbehaviour,
        cookieExchange);
  }

  public DtlsConfig withKeyLog(Consumer<String> sink) {
    return new DtlsConfig(
        role,
        certificate,
        expectedFingerprints,
        srtpProfiles,
        handshakeTimeout,
        sink,
        resendTimeout,
        misbehaviour,
        cookieExchange);
  }

  public DtlsConfig withResendTimeout(Duration timeout) {
    return new DtlsConfig(
        role,
        certificate,
        expectedFingerprints,
        srtpProfiles,
        handshakeTimeout,
        keyLog,
        timeout,
        misbehaviour,
        cookieExchange);
  }

  public DtlsConfig withMisbehaviour(Misbehaviour violation) {
    return new DtlsConfig(
        role,
        certificate,
        expectedFingerprints,
        srtpProfiles,
        handshakeTimeout,
        keyLog,
        resendTimeout,
        violation,
        cookieExchange);
  }

  public DtlsConfig withCookieExchange(boolean on) {
    return new DtlsConfig(
        role,
        certificate,
        expectedFingerprints,
        srtpProfiles,
        handshakeTimeout,
        keyLog,
        resendTimeout,
        misbehaviour,
        on);
  }

  /** The DTLS-SRTP ids of the usable profiles, in order. */
  int[] srtpProfileIds() {
    return srtpProfiles.stream().mapToInt(SrtpProfile::dtlsSrtpId).filter(id -> id >= 0).toArray();
  }
}

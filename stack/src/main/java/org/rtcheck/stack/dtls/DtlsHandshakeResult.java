package org.rtcheck.stack.dtls;

import org.rtcheck.stack.srtp.SrtpProfile;

/**
 * What a completed DTLS-SRTP handshake produced.
 *
 * @param profile the negotiated SRTP protection profile
 * @param keyingMaterial the exported SRTP master keys and salts
 * @param peerCertificate the peer's DER certificate (the one the fingerprint matched)
 * @param matchedFingerprint the expected fingerprint that matched it
 * @param cipherSuite the IANA cipher suite number
 * @param keyLogLine the NSS key log line ({@code CLIENT_RANDOM <hex> <hex>}) for Wireshark
 */
public record DtlsHandshakeResult(
    SrtpProfile profile,
    SrtpKeyingMaterial keyingMaterial,
    byte[] peerCertificate,
    DtlsFingerprint matchedFingerprint,
    int cipherSuite,
    String keyLogLine) {

  public DtlsHandshakeResult {
    peerCertificate = peerCertificate.clone();
  }

  @Override
  public byte[] peerCertificate() {
    return peerCertificate.clone();
  }
}

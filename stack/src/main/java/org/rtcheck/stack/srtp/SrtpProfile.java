package org.rtcheck.stack.srtp;

/**
 * The SRTP protection profiles the stack implements, with the lengths each one fixes.
 *
 * <p>Master key and salt lengths are what DTLS-SRTP exports per direction (RFC 5764 §4.2). The NULL
 * cipher profile still carries a 128-bit master key and 112-bit master salt because the session
 * authentication key is derived with the AES-CM PRF (RFC 3711 §4.3.3), as libsrtp does.
 */
public enum SrtpProfile {
  /** RFC 3711 §5 default; RFC 5764 §4.1.2 SRTP_AES128_CM_HMAC_SHA1_80. */
  AES_CM_128_HMAC_SHA1_80(Cipher.AES_CM, 16, 14, 20, 10, 10, 0x0001),
  /** RFC 5764 §4.1.2: the 32-bit tag is for SRTP only, SRTCP keeps 80 bits. */
  AES_CM_128_HMAC_SHA1_32(Cipher.AES_CM, 16, 14, 20, 4, 10, 0x0002),
  /** RFC 6188 §3; no DTLS-SRTP profile id is registered for it. */
  AES_256_CM_HMAC_SHA1_80(Cipher.AES_CM, 32, 14, 20, 10, 10, -1),
  /** RFC 6188 §3; SRTCP keeps the 80-bit tag as for the 128-bit suite. */
  AES_256_CM_HMAC_SHA1_32(Cipher.AES_CM, 32, 14, 20, 4, 10, -1),
  /** RFC 7714 §14.2: 96-bit salt, 128-bit tag, no separate authentication key. */
  AEAD_AES_128_GCM(Cipher.AES_GCM, 16, 12, 0, 16, 16, 0x0007),
  /** RFC 7714 §14.2. */
  AEAD_AES_256_GCM(Cipher.AES_GCM, 32, 12, 0, 16, 16, 0x0008),
  /** RFC 5764 §4.1.2 SRTP_NULL_HMAC_SHA1_80: authentication only, for tests and debugging. */
  NULL_HMAC_SHA1_80(Cipher.NULL, 16, 14, 20, 10, 10, 0x0005);

  /** How the payload is encrypted. */
  public enum Cipher {
    /** AES in counter mode, RFC 3711 §4.1.1, authenticated with HMAC-SHA1 (§4.2.1). */
    AES_CM,
    /** AES-GCM, RFC 7714: encryption and authentication in one. */
    AES_GCM,
    /** No encryption, HMAC-SHA1 authentication only (RFC 3711 §4.1.3). */
    NULL
  }

  private final Cipher cipher;
  private final int masterKeyLength;
  private final int masterSaltLength;
  private final int authKeyLength;
  private final int srtpTagLength;
  private final int srtcpTagLength;
  private final int dtlsSrtpId;

  SrtpProfile(
      Cipher cipher,
      int masterKeyLength,
      int masterSaltLength,
      int authKeyLength,
      int srtpTagLength,
      int srtcpTagLength,
      int dtlsSrtpId) {
    this.cipher = cipher;
    this.masterKeyLength = masterKeyLength;
    this.masterSaltLength = masterSaltLength;
    this.authKeyLength = authKeyLength;
    this.srtpTagLength = srtpTagLength;
    this.srtcpTagLength = srtcpTagLength;
    this.dtlsSrtpId = dtlsSrtpId;
  }

  public Cipher cipher() {
    return cipher;
  }

  /** Whether this is an AEAD profile (RFC 7714), which has no separate authentication key. */
  public boolean isAead() {
    return cipher == Cipher.AES_GCM;
  }

  /** Master key length in bytes; the session encryption key has the same length. */
  public int masterKeyLength() {
    return masterKeyLength;
  }

  /** Master salt length in bytes; the session salt has the same length. */
  public int masterSaltLength() {
    return masterSaltLength;
  }

  /** Session encryption key length in bytes (0 for the NULL cipher). */
  public int sessionKeyLength() {
    return cipher == Cipher.NULL ? 0 : masterKeyLength;
  }

  /** Session authentication key length in bytes (0 for AEAD profiles). */
  public int authKeyLength() {
    return authKeyLength;
  }

  /** Authentication tag length of SRTP packets in bytes. */
  public int srtpTagLength() {
    return srtpTagLength;
  }

  /** Authentication tag length of SRTCP packets in bytes. */
  public int srtcpTagLength() {
    return srtcpTagLength;
  }

  /**
   * The DTLS-SRTP protection profile id (RFC 5764 §4.1.2, RFC 7714 §14.2), or -1 when none is
   * registered.
   */
  public int dtlsSrtpId() {
    return dtlsSrtpId;
  }

  /** The profile with a DTLS-SRTP id, or null. */
  public static SrtpProfile forDtlsSrtpId(int id) {
    for (SrtpProfile p : values()) {
      if (p.dtlsSrtpId == id && id >= 0) {
        return p;
      }
    }
    return null;
  }
}

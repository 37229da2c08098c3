package org.rtcheck.stack.srtp;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRTP key derivation function, RFC 3711 §4.3: session keys from a master key and salt with the
 * AES-CM PRF (§4.3.3), AES-256-CM for 256-bit master keys (RFC 6188 §7), and the 96-bit salt of the
 * AEAD profiles (RFC 7714 §11).
 */
public final class SrtpKeyDerivation {

  /** RFC 3711 §4.3.1 labels: SRTP encryption, authentication, salt, then the same for SRTCP. */
  public static final int LABEL_RTP_ENCRYPTION = 0;

  public static final int LABEL_RTP_AUTH = 1;
  public static final int LABEL_RTP_SALT = 2;
  public static final int LABEL_RTCP_ENCRYPTION = 3;
  public static final int LABEL_RTCP_AUTH = 4;
  public static final int LABEL_RTCP_SALT = 5;

  /** The PRF input is the 112-bit (14-byte) x of RFC 3711 §4.3.1. */
  private static final int PRF_SALT_LENGTH = 14;

  private SrtpKeyDerivation() {}

  /**
   * The session keys of one direction for SRTP or SRTCP.
   *
   * @param encryptionKey session encryption key (empty for the NULL cipher)
   * @param authKey session authentication key (empty for AEAD profiles)
   * @param salt session salt (14 bytes, 12 for AEAD)
   */
  public record SessionKeys(byte[] encryptionKey, byte[] authKey, byte[] salt) {}

  /**
   * The SRTP session keys (labels 0..2) with key derivation rate 0, as DTLS-SRTP uses (RFC 5764
   * §4.1.2).
   */
  public static SessionKeys rtpKeys(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
    return keys(profile, masterKey, masterSalt, LABEL_RTP_ENCRYPTION, 0, 0);
  }

  /** The SRTCP session keys (labels 3..5) with key derivation rate 0. */
  public static SessionKeys rtcpKeys(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
    return keys(profile, masterKey, masterSalt, LABEL_RTCP_ENCRYPTION, 0, 0);
  }

  /**
   * Session keys for a packet index and a key derivation rate (RFC 3711 §4.3.1).
   *
   * @param firstLabel {@link #LABEL_RTP_ENCRYPTION} or {@link #LABEL_RTCP_ENCRYPTION}
   * @param index the 48-bit SRTP index or the 31-bit SRTCP index
   * @param kdr key derivation rate: 0, or a power of two up to 2^24
   */
  public static SessionKeys keys(
      SrtpProfile profile,
      byte[] masterKey,
      byte[] masterSalt,
      int firstLabel,
      long index,
      long kdr) {
    if (firstLabel != LABEL_RTP_ENCRYPTION && firstLabel != LABEL_RTCP_ENCRYPTION) {
      throw new IllegalArgumentException("first label must be 0 (SRTP) or 3 (SRTCP)");
    }
    byte[] enc =
        profile.sessionKeyLength() == 0
            ? new byte[0]
            : derive(masterKey, masterSalt, firstLabel, index, kdr, profile.sessionKeyLength());
    byte[] auth =
        profile.authKeyLength() == 0
            ? new byte[0]
            : derive(masterKey, masterSalt, firstLabel + 1, index, kdr, profile.authKeyLength());
    // RFC 7714 §11: the PRF still yields 112 bits of salt; AEAD keeps the first 96.
    byte[] salt =
        derive(masterKey, masterSalt, firstLabel + 2, index, kdr, profile.masterSaltLength());
    return new SessionKeys(enc, auth, salt);
  }

  /**
   * One PRF output, RFC 3711 §4.3.1/§4.3.3: x = key_id XOR master_salt with key_id = label || r, r
   * = index DIV kdr (48 bits), right-aligned; the output is the AES-CM keystream under the master
   * key with IV = x * 2^16.
   *
   * @param masterSalt 14 bytes, or the 12-byte AEAD master salt, which RFC 7714 §11 pads with two
   *     zero bytes on the right to the 112 bits the PRF takes
   * @param length output length in bytes
   */
  public static byte[] derive(
      byte[] masterKey, byte[] masterSalt, int label, long index, long kdr, int length) {
    if (masterKey.length != 16 && masterKey.length != 32) {
      throw new IllegalArgumentException("master key must be 128 or 256 bits (RFC 6188 §7)");
    }
    if (masterSalt.length != PRF_SALT_LENGTH && masterSalt.length != 12) {
      throw new IllegalArgumentException("master salt must be 112 or 96 bits");
    }
    if (kdr < 0 || kdr > (1L << 24) || (kdr != 0 && Long.bitCount(kdr) != 1)) {
      throw new IllegalArgumentException("kdr must be 0 or a power of two up to 2^24 (§4.3.1)");
    }
    if (label < 0 || label > 0xff) {
      throw new IllegalArgumentException("label must fit in 8 bits");
    }
    // RFC 3711 §4.3.1: with kdr = 0, r is zero ("DIV 0" is defined as 0).
    long r = kdr == 0 ? 0 : index / kdr;
    byte[] iv = new byte[16];
    System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
    // key_id = label (8 bits) || r (48 bits), right-aligned against the 14-byte salt. For SRTCP
    // r comes from the 32-bit quantity 0 || SRTCP index (§4.3.2), zero-extended to 48 bits, so
    // the label sits at byte 7 for all six labels: this is what libsrtp (every browser) and
    // jitsi-srtp derive. OpenSSL's SRTP KDF reads §4.3.2 as a 32-bit r and puts the SRTCP labels
    // at byte 9 instead; its SRTCP keys then differ from every WebRTC peer's, even with kdr = 0.
    iv[7] ^= (byte) label;
    for (int i = 0; i < 6; i++) {
      iv[13 - i] ^= (byte) (r >>> (8 * i));
    }
    // iv[14], iv[15] stay zero: x * 2^16, and the block counter starts at 0.
    try {
      Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
      ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"));
      int blocks = (length + 15) / 16;
      byte[] counters = new byte[blocks * 16];
      for (int b = 0; b < blocks; b++) {
        System.arraycopy(iv, 0, counters, b * 16, 16);
        counters[b * 16 + 14] = (byte) (b >>> 8);
        counters[b * 16 + 15] = (byte) b;
      }
      byte[] out = ecb.doFinal(counters);
      return Arrays.copyOf(out, length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES is not available", e);
    }
  }
}

package org.rtcheck.stack.dtls;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * DTLS 1.2 application data records of an AES-GCM cipher suite (RFC 5288), protected and opened
 * through JCE (AES-NI) on the caller's thread, with the keys of an established epoch.
 *
 * <p>bctls runs the handshake, alerts and every other suite; once a GCM suite is up this class
 * takes over application data in both directions, so a record costs one AEAD operation and no
 * thread hand-over. Both write under the same epoch and key, so this side's sequence numbers start
 * far above the one record bctls sends there before the handshake completes (its Finished): a nonce
 * is never used twice under one key (RFC 5288 §3). What bctls writes in the epoch afterwards
 * (Finished retransmissions, alerts) is {@linkplain #reseal resealed} under this side's counter, so
 * the peer sees one increasing sequence: a Finished retransmitted after application data would
 * otherwise fall below the peer's anti-replay window and be dropped for good (RFC 6347 §4.1.2.6).
 *
 * <p>Record layout (RFC 6347 §4.1): type, version {254,253}, epoch (16 bits), sequence number (48
 * bits), length; then the 8-byte explicit nonce, the ciphertext and the 16-byte tag (RFC 5288 §3).
 * The nonce is the 4-byte implicit write IV followed by the explicit part; the additional data is
 * epoch‖sequence number, type, version and the plaintext length (RFC 5246 §6.2.3.3, RFC 6347
 * §4.1.2.1). Received records pass an anti-replay window of 64 (RFC 6347 §4.1.2.6); a record that
 * does not authenticate or is replayed is discarded silently (§4.1.2.7).
 */
final class DtlsAeadRecords {

  /** RFC 6347 §4.1: content type application_data. */
  static final int APPLICATION_DATA = 23;

  static final int HEADER = 13;
  static final int EXPLICIT_NONCE = 8;
  static final int TAG = 16;

  /** Overhead of one record over its plaintext. */
  static final int OVERHEAD = HEADER + EXPLICIT_NONCE + TAG;

  /** This side's first sequence number in the epoch, far above what bctls sends there. */
  static final long FIRST_SEQUENCE = 1L << 16;

  private static final long MAX_SEQUENCE = (1L << 48) - 1;
  private static final int WINDOW = 64;

  private final int epoch;
  private final SecretKeySpec writeKey;
  private final byte[] writeIv;
  private final SecretKeySpec readKey;
  private final byte[] readIv;
  private final Cipher sealCipher;
  private final Cipher openCipher;
  private final byte[] sealNonce = new byte[12];
  private final byte[] openNonce = new byte[12];
  private final byte[] aad = new byte[13];
  private final byte[] openAad = new byte[13];
  private long nextSequence = FIRST_SEQUENCE;

  /** Highest sequence number accepted so far, -1 before the first; bit i of window: top - i. */
  private long top = -1;

  private long window;

  /**
   * @param epoch the established epoch (1 after the first handshake)
   * @param writeKey this side's AES key (16 or 32 bytes)
   * @param writeIv this side's 4-byte implicit IV (the salt)
   * @param readKey the peer's AES key
   * @param readIv the peer's 4-byte implicit IV
   */
  DtlsAeadRecords(int epoch, byte[] writeKey, byte[] writeIv, byte[] readKey, byte[] readIv) {
    if (writeIv.length != 4 || readIv.length != 4) {
      throw new IllegalArgumentException("RFC 5288 §3: the implicit IV is 4 bytes");
    }
    this.epoch = epoch;
    this.writeKey = new SecretKeySpec(writeKey, "AES");
    this.writeIv = writeIv.clone();
    this.readKey = new SecretKeySpec(readKey, "AES");
    this.readIv = readIv.clone();
    try {
      this.sealCipher = Cipher.getInstance("AES/GCM/NoPadding");
      this.openCipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no AES/GCM", e);
    }
  }

  int epoch() {
    return epoch;
  }

  /** One application data record carrying {@code data}. */
  byte[] seal(byte[] data, int off, int len) throws DtlsException {
    return seal(APPLICATION_DATA, data, off, len);
  }

  /** One record of content {@code type} carrying {@code data}, under this side's next number. */
  private synchronized byte[] seal(int type, byte[] data, int off, int len) throws DtlsException {
    if (nextSequence > MAX_SEQUENCE) {
      // RFC 6347 §4.1: sequence numbers must not wrap; a new epoch (renegotiation) is not offered.
      throw new DtlsException(DtlsException.Reason.CLOSED, "record sequence numbers exhausted");
    }
    long seq = nextSequence++;
    byte[] record = new byte[OVERHEAD + len];
    record[0] = (byte) type;
    record[1] = (byte) 254;
    record[2] = (byte) 253;
    putEpochAndSequence(record, 3, seq);
    int bodyLength = EXPLICIT_NONCE + len + TAG;
    record[11] = (byte) (bodyLength >>> 8);
    record[12] = (byte) bodyLength;
    // The explicit nonce is the record's own epoch‖sequence number, unique per key.
    System.arraycopy(record, 3, record, HEADER, EXPLICIT_NONCE);
    System.arraycopy(writeIv, 0, sealNonce, 0, 4);
    System.arraycopy(record, 3, sealNonce, 4, EXPLICIT_NONCE);
    System.arraycopy(record, 3, aad, 0, 8);
    aad[8] = (byte) type;
    aad[9] = (byte) 254;
    aad[10] = (byte) 253;
    aad[11] = (byte) (len >>> 8);
    aad[12] = (byte) len;
    try {
      sealCipher.init(Cipher.ENCRYPT_MODE, writeKey, new GCMParameterSpec(TAG * 8, sealNonce));
      sealCipher.updateAAD(aad);
      sealCipher.doFinal(data, off, len, record, HEADER + EXPLICIT_NONCE);
    } catch (GeneralSecurityException e) {
      throw new DtlsException(DtlsException.Reason.PROTOCOL_ERROR, "AES-GCM sealing failed", e);
    }
    return record;
  }

  /**
   * Whether the record at {@code off} is application data of this epoch, the only records {@link
   * #open} takes.
   */
  boolean takes(byte[] datagram, int off) {
    return datagram.length - off >= HEADER
        && (datagram[off] & 0xff) == APPLICATION_DATA
        && (((datagram[off + 3] & 0xff) << 8) | (datagram[off + 4] & 0xff)) == epoch;
  }

  /**
   * The plaintext of the record at {@code off} with body length {@code bodyLength}, or null when it
   * is replayed, too short or does not authenticate (discarded, RFC 6347 §4.1.2.7).
   */
  synchronized byte[] open(byte[] datagram, int off, int bodyLength) {
    if (bodyLength < EXPLICIT_NONCE + TAG) {
      return null;
    }
    long seq = sequenceAt(datagram, off);
    if (replayed(seq)) {
      return null;
    }
    byte[] plain = decrypt(readKey, readIv, datagram, off, bodyLength);
    if (plain != null) {
      accept(seq);
    }
    return plain;
  }

  /**
   * {@code datagram} as bctls wrote it, with each record of this epoch decrypted under this side's
   * write key and sealed again with this side's next sequence number (same content type and
   * plaintext); records of other epochs (a ChangeCipherSpec) are kept as they are. RFC 6347 §4.1:
   * one sender, one increasing sequence per epoch, whoever of bctls and this class built the
   * record.
   */
  byte[] reseal(byte[] datagram) {
    byte[] out = new byte[0];
    int off = 0;
    while (off < datagram.length) {
      if (datagram.length - off < HEADER) {
        return datagram; // not records bctls would write; leave them alone
      }
      int bodyLength = ((datagram[off + 11] & 0xff) << 8) | (datagram[off + 12] & 0xff);
      int end = off + HEADER + bodyLength;
      if (end > datagram.length) {
        return datagram;
      }
      byte[] record = Arrays.copyOfRange(datagram, off, end);
      int recordEpoch = ((datagram[off + 3] & 0xff) << 8) | (datagram[off + 4] & 0xff);
      if (recordEpoch == epoch && bodyLength >= EXPLICIT_NONCE + TAG) {
        byte[] plain = decrypt(writeKey, writeIv, datagram, off, bodyLength);
        if (plain == null) {
          return datagram; // not under this key after all: sent as bctls made it
        }
        try {
          record = seal(datagram[off] & 0xff, plain, 0, plain.length);
        } catch (DtlsException e) {
          return datagram; // numbers exhausted: the peer's window decides
        }
      }
      byte[] grown = Arrays.copyOf(out, out.length + record.length);
      System.arraycopy(record, 0, grown, out.length, record.length);
      out = grown;
      off = end;
    }
    return out;
  }

  private static long sequenceAt(byte[] datagram, int off) {
    long seq = 0;
    for (int i = 5; i < 11; i++) {
      seq = (seq << 8) | (datagram[off + i] & 0xff);
    }
    return seq;
  }

  /** The record's plaintext under {@code key}, or null when it does not authenticate. */
  private synchronized byte[] decrypt(
      SecretKeySpec key, byte[] iv, byte[] datagram, int off, int bodyLength) {
    int plainLength = bodyLength - EXPLICIT_NONCE - TAG;
    System.arraycopy(iv, 0, openNonce, 0, 4);
    System.arraycopy(datagram, off + HEADER, openNonce, 4, EXPLICIT_NONCE);
    System.arraycopy(datagram, off + 3, openAad, 0, 8);
    openAad[8] = datagram[off];
    openAad[9] = datagram[off + 1];
    openAad[10] = datagram[off + 2];
    openAad[11] = (byte) (plainLength >>> 8);
    openAad[12] = (byte) plainLength;
    byte[] plain = new byte[plainLength];
    try {
      openCipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG * 8, openNonce));
      openCipher.updateAAD(openAad);
      int n =
          openCipher.doFinal(datagram, off + HEADER + EXPLICIT_NONCE, plainLength + TAG, plain, 0);
      return n == plainLength ? plain : Arrays.copyOf(plain, n);
    } catch (GeneralSecurityException e) {
      return null; // a forged or damaged record
    }
  }

  /** RFC 6347 §4.1.2.6: a sequence number at or below the window, or seen in it, is replayed. */
  private boolean replayed(long seq) {
    if (top < 0 || seq > top) {
      return false;
    }
    long behind = top - seq;
    return behind >= WINDOW || (window & (1L << behind)) != 0;
  }

  /** Updates the window only after the record authenticated (§4.1.2.6). */
  private void accept(long seq) {
    if (top < 0) {
      top = seq;
      window = 1;
    } else if (seq > top) {
      long shift = seq - top;
      window = shift >= WINDOW ? 1 : (window << shift) | 1;
      top = seq;
    } else {
      window |= 1L << (top - seq);
    }
  }

  private void putEpochAndSequence(byte[] b, int off, long seq) {
    b[off] = (byte) (epoch >>> 8);
    b[off + 1] = (byte) epoch;
    for (int i = 0; i < 6; i++) {
      b[off + 2 + i] = (byte) (seq >>> (40 - 8 * i));
    }
  }
}

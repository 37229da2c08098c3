package org.rtcheck.stack.stun;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Thin JCE wrappers; every algorithm here is mandatory in every Java SE platform.
 *
 * <p>The hot path (checking received messages) must not allocate per packet, so {@link Mac} and
 * {@link CRC32} instances are cached per thread ({@link #perThread()}): a {@code Mac} is not
 * thread-safe and is never shared across threads, and it is re-keyed only when the key bytes
 * change.
 */
final class Crypto {
  static final String HMAC_SHA1 = "HmacSHA1";
  static final String HMAC_SHA256 = "HmacSHA256";

  /** The longest MAC computed here (HMAC-SHA256). */
  static final int MAX_MAC_LENGTH = 32;

  private static final ThreadLocal<PerThread> PER_THREAD = ThreadLocal.withInitial(PerThread::new);

  private Crypto() {}

  /**
   * This thread's scratch objects. Use them only within one call and never hand them to another
   * thread; nothing in them may escape to callers outside the package.
   */
  static PerThread perThread() {
    return PER_THREAD.get();
  }

  /** Per-thread cached MACs, CRC and output buffer. */
  static final class PerThread {
    private final KeyedMac sha1 = new KeyedMac(HMAC_SHA1);
    private final KeyedMac sha256 = new KeyedMac(HMAC_SHA256);

    /** Reset before use. */
    final CRC32 crc = new CRC32();

    /** Room for any MAC computed here. */
    final byte[] macOut = new byte[MAX_MAC_LENGTH];

    private PerThread() {}

    /** This thread's HMAC-SHA1, reset and keyed with {@code key}. */
    Mac hmacSha1(byte[] key) {
      return sha1.keyed(key);
    }

    /** This thread's HMAC-SHA256, reset and keyed with {@code key}. */
    Mac hmacSha256(byte[] key) {
      return sha256.keyed(key);
    }
  }

  /** One algorithm's {@link Mac} and a private copy of the key it was last initialised with. */
  private static final class KeyedMac {
    private final String algorithm;
    private Mac mac;
    private byte[] key;

    KeyedMac(String algorithm) {
      this.algorithm = algorithm;
    }

    Mac keyed(byte[] newKey) {
      try {
        if (mac == null) {
          mac = Mac.getInstance(algorithm);
        }
        // Compare with our own copy: the caller may have changed its array since the last call.
        if (key != null && MessageDigest.isEqual(key, newKey)) {
          // doFinal already resets; this also recovers from a computation cut short by an error.
          mac.reset();
        } else {
          key = null; // in case init fails
          // An empty key is legal for HMAC but SecretKeySpec refuses it; {0} is equivalent (keys
          // are zero-padded to the block size).
          mac.init(new SecretKeySpec(newKey.length == 0 ? new byte[1] : newKey, algorithm));
          key = newKey.clone();
        }
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(algorithm + " unavailable", e);
      }
    }
  }

  static byte[] hmacSha1(byte[] key, byte[] data, int length) {
    return hmac(perThread().hmacSha1(key), data, length);
  }

  static byte[] hmacSha256(byte[] key, byte[] data, int length) {
    return hmac(perThread().hmacSha256(key), data, length);
  }

  /**
   * MAC of {@code msg[0, end)} as if the STUN length field (bytes 2-3) held {@code lengthField},
   * without copying the message; the result goes to {@code out} from index 0.
   *
   * @param mac a keyed, reset {@link Mac} from {@link PerThread}
   * @return the MAC length
   */
  static int hmacWithLength(Mac mac, byte[] msg, int end, int lengthField, byte[] out) {
    try {
      mac.update(msg, 0, 2);
      mac.update((byte) (lengthField >> 8));
      mac.update((byte) lengthField);
      mac.update(msg, 4, end - 4);
      int n = mac.getMacLength();
      mac.doFinal(out, 0);
      return n;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(mac.getAlgorithm() + " failed", e);
    }
  }

  static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " missing from the JDK", e);
    }
  }

  private static byte[] hmac(Mac mac, byte[] data, int length) {
    mac.update(data, 0, length);
    return mac.doFinal();
  }
}

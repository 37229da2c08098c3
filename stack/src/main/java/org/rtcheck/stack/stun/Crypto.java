package org.rtcheck.stack.stun;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Thin JCE wrappers; every algorithm here is mandatory in every Java SE platform. */
final class Crypto {
  private Crypto() {}

  static byte[] hmacSha1(byte[] key, byte[] data, int length) {
    return hmac("HmacSHA1", key, data, length);
  }

  static byte[] hmacSha256(byte[] key, byte[] data, int length) {
    return hmac("HmacSHA256", key, data, length);
  }

  static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " missing from the JDK", e);
    }
  }

  private static byte[] hmac(String algorithm, byte[] key, byte[] data, int length) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      // An empty key is legal for HMAC but SecretKeySpec refuses it; pad-free equivalent is {0}.
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
      mac.update(data, 0, length);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " unavailable", e);
    }
  }
}

package org.rtcheck.stack.ice;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * An ICE username fragment and password (RFC 8445 §5.3, RFC 8839 §5.4): ice-chars only, ufrag
 * 4..256 characters, pwd 22..256.
 */
public record IceCredentials(String ufrag, String pwd) {

  private static final String ICE_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  public IceCredentials {
    Objects.requireNonNull(ufrag, "ufrag");
    Objects.requireNonNull(pwd, "pwd");
    check(ufrag, 4, "ice-ufrag");
    check(pwd, 22, "ice-pwd");
  }

  /**
   * Fresh credentials with 8 + 24 random ice-chars: more than the 24 and 128 bits of randomness RFC
   * 8445 §5.3 asks for. {@code random} must be a strong generator outside tests.
   */
  public static IceCredentials random(RandomGenerator random) {
    return new IceCredentials(randomChars(random, 8), randomChars(random, 24));
  }

  private static String randomChars(RandomGenerator random, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(ICE_CHARS.charAt(random.nextInt(ICE_CHARS.length())));
    }
    return b.toString();
  }

  private static void check(String s, int min, String what) {
    if (s.length() < min || s.length() > 256) {
      throw new IllegalArgumentException(
          what + " must be " + min + "..256 characters (RFC 8839 §5.4), got " + s.length());
    }
    for (int i = 0; i < s.length(); i++) {
      if (ICE_CHARS.indexOf(s.charAt(i)) < 0) {
        throw new IllegalArgumentException(
            what + " has a character outside ice-char at " + i + " (RFC 8839 §5.4)");
      }
    }
  }

  @Override
  public String toString() {
    return "IceCredentials[ufrag=" + ufrag + ", pwd=<" + pwd.length() + " chars>]";
  }
}

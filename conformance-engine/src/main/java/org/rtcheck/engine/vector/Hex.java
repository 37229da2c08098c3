package org.rtcheck.engine.vector;

import java.util.HexFormat;

/** Hex strings as vectors write them: any case, with spaces and newlines for readability. */
public final class Hex {

  private static final HexFormat LOWER = HexFormat.of();

  private Hex() {}

  /** Removes white space; the result is lower case. */
  public static String normalize(String hex) {
    StringBuilder out = new StringBuilder(hex.length());
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (!Character.isWhitespace(c)) {
        out.append(Character.toLowerCase(c));
      }
    }
    return out.toString();
  }

  /**
   * Decodes a vector hex string.
   *
   * @throws IllegalArgumentException naming the first character that is not a hex digit, or an odd
   *     number of digits
   */
  public static byte[] decode(String hex) {
    String digits = normalize(hex);
    for (int i = 0; i < digits.length(); i++) {
      if (Character.digit(digits.charAt(i), 16) < 0) {
        throw new IllegalArgumentException(
            "not a hex digit '" + digits.charAt(i) + "' at digit " + i);
      }
    }
    if (digits.length() % 2 != 0) {
      throw new IllegalArgumentException("odd number of hex digits (" + digits.length() + ")");
    }
    return LOWER.parseHex(digits);
  }

  public static String encode(byte[] bytes) {
    return LOWER.formatHex(bytes);
  }
}

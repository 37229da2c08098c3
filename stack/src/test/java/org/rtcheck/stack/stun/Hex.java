package org.rtcheck.stack.stun;

import java.util.HexFormat;

final class Hex {
  private Hex() {}

  /** Parses hex with any whitespace in between. */
  static byte[] parse(String s) {
    return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
  }
}

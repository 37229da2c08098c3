package org.rtcheck.stack.stun;

import java.text.Normalizer;

/**
 * SASLprep (RFC 4013), the stringprep profile RFC 5389 used for USERNAME, REALM and passwords; RFC
 * 5769 §2.4's long-term vector needs it. Unassigned code points are rejected ("stored strings", RFC
 * 3454 §7) as judged by the JDK's Unicode version, which is newer than 3.2.
 */
public final class SaslPrep {
  private static final String PROFILE = "SASLprep";

  private SaslPrep() {}

  public static String prepare(String input) {
    // RFC 4013 §2.1 mapping: C.1.2 non-ASCII space to SPACE, B.1 to nothing.
    StringBuilder mapped = new StringBuilder(input.length());
    for (int i = 0; i < input.length(); ) {
      int cp = input.codePointAt(i);
      i += Character.charCount(cp);
      if (isMappedToNothing(cp)) {
        continue;
      }
      mapped.appendCodePoint(isNonAsciiSpace(cp) ? ' ' : cp);
    }
    // RFC 4013 §2.2: Unicode normalization form KC.
    String out = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
    // RFC 4013 §2.3 prohibited output, §2.5 unassigned.
    boolean hasRandAl = false;
    boolean hasL = false;
    for (int i = 0; i < out.length(); ) {
      int cp = out.codePointAt(i);
      String why = prohibited(cp);
      if (why != null) {
        throw new StringPrepException(PROFILE, i, cp, why);
      }
      byte dir = Character.getDirectionality(cp);
      hasRandAl |=
          dir == Character.DIRECTIONALITY_RIGHT_TO_LEFT
              || dir == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
      hasL |= dir == Character.DIRECTIONALITY_LEFT_TO_RIGHT;
      i += Character.charCount(cp);
    }
    // RFC 4013 §2.4 / RFC 3454 §6: bidirectional characters.
    if (hasRandAl) {
      if (hasL) {
        throw new StringPrepException(
            PROFILE, -1, -1, "mixes right-to-left and left-to-right characters");
      }
      if (!isRandAl(out.codePointAt(0)) || !isRandAl(out.codePointBefore(out.length()))) {
        throw new StringPrepException(
            PROFILE, -1, -1, "right-to-left string must start and end with a right-to-left char");
      }
    }
    return out;
  }

  private static boolean isRandAl(int cp) {
    byte dir = Character.getDirectionality(cp);
    return dir == Character.DIRECTIONALITY_RIGHT_TO_LEFT
        || dir == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
  }

  /** RFC 3454 table B.1. */
  private static boolean isMappedToNothing(int cp) {
    return cp == 0x00AD
        || cp == 0x034F
        || cp == 0x1806
        || (cp >= 0x180B && cp <= 0x180D)
        || (cp >= 0x200B && cp <= 0x200D)
        || cp == 0x2060
        || (cp >= 0xFE00 && cp <= 0xFE0F)
        || cp == 0xFEFF;
  }

  /** RFC 3454 table C.1.2. */
  private static boolean isNonAsciiSpace(int cp) {
    return cp == 0x00A0
        || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200B)
        || cp == 0x202F
        || cp == 0x205F
        || cp == 0x3000;
  }

  /** RFC 4013 §2.3 prohibited output tables, or null when allowed. */
  private static String prohibited(int cp) {
    if (isNonAsciiSpace(cp)) {
      return "non-ASCII space (C.1.2)";
    }
    if (cp < 0x20 || cp == 0x7F) {
      return "ASCII control (C.2.1)";
    }
    if ((cp >= 0x80 && cp <= 0x9F)
        || cp == 0x06DD
        || cp == 0x070F
        || cp == 0x180E
        || cp == 0x200C
        || cp == 0x200D
        || cp == 0x2028
        || cp == 0x2029
        || (cp >= 0x2060 && cp <= 0x2063)
        || (cp >= 0x206A && cp <= 0x206F)
        || cp == 0xFEFF
        || (cp >= 0xFFF9 && cp <= 0xFFFC)
        || (cp >= 0x1D173 && cp <= 0x1D17A)) {
      return "non-ASCII control (C.2.2)";
    }
    if ((cp >= 0xE000 && cp <= 0xF8FF)
        || (cp >= 0xF0000 && cp <= 0xFFFFD)
        || (cp >= 0x100000 && cp <= 0x10FFFD)) {
      return "private use (C.3)";
    }
    if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
      return "non-character (C.4)";
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) {
      return "surrogate (C.5)";
    }
    if (cp >= 0xFFF9 && cp <= 0xFFFD) {
      return "inappropriate for plain text (C.6)";
    }
    if (cp >= 0x2FF0 && cp <= 0x2FFB) {
      return "inappropriate for canonical representation (C.7)";
    }
    if (cp == 0x0340
        || cp == 0x0341
        || cp == 0x200E
        || cp == 0x200F
        || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x206A && cp <= 0x206F)) {
      return "change display properties or deprecated (C.8)";
    }
    if (cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F)) {
      return "tagging character (C.9)";
    }
    if (Character.getType(cp) == Character.UNASSIGNED) {
      return "unassigned code point (A.1)";
    }
    return null;
  }
}

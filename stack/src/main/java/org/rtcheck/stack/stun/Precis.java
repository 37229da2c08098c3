package org.rtcheck.stack.stun;

import java.text.Normalizer;

/**
 * The two PRECIS profiles RFC 8489 uses (RFC 8265): OpaqueString for passwords and realms (§4.2)
 * and UsernameCasePreserved (§3.3). The code point classes are approximated with Java's Unicode
 * general categories (the JDK has no PRECIS derived-property table): what is rejected is a subset
 * of what RFC 8264 disallows, and everything the RFCs' examples use passes.
 */
public final class Precis {
  private Precis() {}

  /** RFC 8265 §4.2 OpaqueString: FreeformClass, non-ASCII spaces to U+0020, NFC, non-empty. */
  public static String opaqueString(String input) {
    String profile = "OpaqueString";
    StringBuilder mapped = new StringBuilder(input.length());
    for (int i = 0; i < input.length(); ) {
      int cp = input.codePointAt(i);
      checkFreeform(profile, input, i, cp);
      // RFC 8265 §4.2.1 additional mapping rule: non-ASCII space (Zs) to ASCII space.
      mapped.appendCodePoint(
          cp != ' ' && Character.getType(cp) == Character.SPACE_SEPARATOR ? ' ' : cp);
      i += Character.charCount(cp);
    }
    String out = Normalizer.normalize(mapped, Normalizer.Form.NFC);
    if (out.isEmpty()) {
      throw new StringPrepException(profile, -1, -1, "empty string");
    }
    return out;
  }

  /**
   * RFC 8265 §3.3 UsernameCasePreserved: IdentifierClass, full/half-width mapped to their
   * decompositions, NFC, non-empty. The bidi rule (RFC 5893) is not enforced.
   */
  public static String usernameCasePreserved(String input) {
    String profile = "UsernameCasePreserved";
    StringBuilder mapped = new StringBuilder(input.length());
    for (int i = 0; i < input.length(); ) {
      int cp = input.codePointAt(i);
      // RFC 8265 §3.3.1 width mapping: fullwidth and halfwidth forms to their decomposition.
      if (cp >= 0xFF00 && cp <= 0xFFEF) {
        mapped.append(
            Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC));
      } else {
        mapped.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    String out = Normalizer.normalize(mapped, Normalizer.Form.NFC);
    if (out.isEmpty()) {
      throw new StringPrepException(profile, -1, -1, "empty string");
    }
    for (int i = 0; i < out.length(); ) {
      int cp = out.codePointAt(i);
      if (!isIdentifierChar(cp)) {
        throw new StringPrepException(profile, i, cp, "not allowed in IdentifierClass");
      }
      i += Character.charCount(cp);
    }
    return out;
  }

  /** RFC 8264 §9.11 ASCII7 (printable) or §9.1 LetterDigits, and not HasCompat (§9.17). */
  private static boolean isIdentifierChar(int cp) {
    if (cp >= 0x21 && cp <= 0x7E) {
      return true;
    }
    int t = Character.getType(cp);
    boolean letterDigit =
        t == Character.LOWERCASE_LETTER
            || t == Character.UPPERCASE_LETTER
            || t == Character.OTHER_LETTER
            || t == Character.DECIMAL_DIGIT_NUMBER
            || t == Character.MODIFIER_LETTER
            || t == Character.NON_SPACING_MARK
            || t == Character.COMBINING_SPACING_MARK;
    if (!letterDigit) {
      return false;
    }
    String s = new String(Character.toChars(cp));
    return Normalizer.normalize(s, Normalizer.Form.NFKC).equals(s);
  }

  /** FreeformClass disallowed categories we can tell apart (RFC 8264 §9.12-§9.16). */
  private static void checkFreeform(String profile, String input, int i, int cp) {
    int t = Character.getType(cp);
    String why = null;
    if (t == Character.CONTROL) {
      why = "control character";
    } else if (t == Character.UNASSIGNED) {
      why = "unassigned code point";
    } else if (t == Character.SURROGATE) {
      why = "lone surrogate";
    } else if (t == Character.PRIVATE_USE) {
      why = "private use code point";
    } else if (t == Character.FORMAT && cp != 0x200C && cp != 0x200D) {
      // Default_Ignorable_Code_Point is disallowed (§9.13); join controls are contextual (§9.8).
      why = "default-ignorable format character";
    } else if ((cp & 0xFFFE) == 0xFFFE || (cp >= 0xFDD0 && cp <= 0xFDEF)) {
      why = "noncharacter";
    }
    if (why != null) {
      throw new StringPrepException(profile, i, cp, why);
    }
  }
}

package org.rtcheck.stack.stun;

/** A string profile (PRECIS OpaqueString / UsernameCasePreserved, SASLprep) rejected a string. */
public final class StringPrepException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String profile;
  private final int index;
  private final int codePoint;

  /**
   * @param index char index in the input (-1 when the whole string is at fault, e.g. empty)
   * @param codePoint the offending code point, or -1
   */
  public StringPrepException(String profile, int index, int codePoint, String why) {
    super(
        profile
            + ": "
            + why
            + (codePoint >= 0 ? String.format(" (U+%04X at index %d)", codePoint, index) : ""));
    this.profile = profile;
    this.index = index;
    this.codePoint = codePoint;
  }

  public String profile() {
    return profile;
  }

  public int index() {
    return index;
  }

  public int codePoint() {
    return codePoint;
  }
}

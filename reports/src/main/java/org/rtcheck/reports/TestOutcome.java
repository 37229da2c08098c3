package org.rtcheck.reports;

/** How one test ended, as users read it. */
public enum TestOutcome {
  PASSED("pass"),
  FAILED("FAIL"),
  /** A subject's declared, expected difference: never a pass. */
  KNOWN_DEVIATION("deviation"),
  SKIPPED("skip");

  private final String word;

  TestOutcome(String word) {
    this.word = word;
  }

  /** Short word for tables. */
  public String word() {
    return word;
  }
}

package org.rtcheck.stack.sdp;

import java.util.Objects;

/**
 * Something {@link SdpParser} found wrong with the text of a description.
 *
 * @param line 1-based line number in the input
 * @param column 1-based column (character offset in the line plus one)
 * @param rule stable kebab-case id, e.g. {@code candidate-priority}
 * @param rfcRef where the rule comes from, e.g. {@code RFC 8866 §5.14}
 * @param severity {@link Severity#ERROR} when the text breaks the grammar in the chosen mode
 * @param message what is wrong, for people
 */
public record SdpProblem(
    int line, int column, String rule, String rfcRef, Severity severity, String message) {

  /** How bad a problem is. */
  public enum Severity {
    ERROR,
    WARNING
  }

  public SdpProblem {
    Objects.requireNonNull(rule);
    Objects.requireNonNull(rfcRef);
    Objects.requireNonNull(severity);
    Objects.requireNonNull(message);
  }

  @Override
  public String toString() {
    return line + ":" + column + " " + severity + " " + rule + " (" + rfcRef + "): " + message;
  }
}

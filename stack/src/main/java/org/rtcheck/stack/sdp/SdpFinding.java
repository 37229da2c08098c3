package org.rtcheck.stack.sdp;

import java.util.Objects;

/**
 * A semantic problem {@link SdpLinter} found in a description.
 *
 * @param line 1-based line number of the offending line (0 when it was not parsed from text)
 * @param rule stable kebab-case id, e.g. {@code bundle-mid-unknown}
 * @param rfc the RFC number, e.g. {@code "RFC 8843"}
 * @param section the section, e.g. {@code "7.2"}
 * @param level the requirement level the rule comes from
 * @param severity {@link Severity#VIOLATION} for a broken MUST (or any rule in strict mode)
 * @param message what is wrong, for people
 */
public record SdpFinding(
    int line,
    String rule,
    String rfc,
    String section,
    Level level,
    Severity severity,
    String message) {

  /** RFC 2119 requirement level. */
  public enum Level {
    MUST,
    SHOULD
  }

  /** How bad a finding is. */
  public enum Severity {
    VIOLATION,
    WARNING
  }

  public SdpFinding {
    Objects.requireNonNull(rule);
    Objects.requireNonNull(rfc);
    Objects.requireNonNull(section);
    Objects.requireNonNull(level);
    Objects.requireNonNull(severity);
    Objects.requireNonNull(message);
  }

  @Override
  public String toString() {
    return line + " " + severity + " " + rule + " (" + rfc + " §" + section + " " + level + "): "
        + message;
  }
}

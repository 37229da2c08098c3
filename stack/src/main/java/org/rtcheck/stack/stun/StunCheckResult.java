package org.rtcheck.stack.stun;

import java.util.Objects;

/** Outcome of verifying one protection attribute, with a human-readable reason on failure. */
public record StunCheckResult(Status status, String detail) {

  public enum Status {
    PASS,
    FAIL,
    /** The attribute is not in the message. */
    ABSENT
  }

  public StunCheckResult {
    Objects.requireNonNull(status);
    Objects.requireNonNull(detail);
  }

  static StunCheckResult pass(String detail) {
    return new StunCheckResult(Status.PASS, detail);
  }

  static StunCheckResult fail(String detail) {
    return new StunCheckResult(Status.FAIL, detail);
  }

  static StunCheckResult absent(String detail) {
    return new StunCheckResult(Status.ABSENT, detail);
  }

  public boolean passed() {
    return status == Status.PASS;
  }
}

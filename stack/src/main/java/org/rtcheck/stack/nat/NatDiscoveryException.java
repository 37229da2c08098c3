package org.rtcheck.stack.nat;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Discovery could not name the NAT: the server does not implement RFC 5780 (no OTHER-ADDRESS,
 * CHANGE-REQUEST refused or ignored) or answered in a way the tests cannot use. Thrown only by
 * {@link NatBehavior#requireClassified()}, for callers that need a classification to go on (a
 * topology's self-check, say); discovery itself reports the same as {@link NatBehavior#problems()}.
 */
public final class NatDiscoveryException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient NatBehavior behavior;

  public NatDiscoveryException(NatBehavior behavior) {
    super(message(Objects.requireNonNull(behavior)));
    this.behavior = behavior;
  }

  private static String message(NatBehavior b) {
    String why =
        b.problems().isEmpty()
            ? "no problem recorded"
            : b.problems().stream().map(Rfc5780Problem::toString).collect(Collectors.joining("; "));
    return "NAT behaviour against " + b.server() + " is undetermined: " + why;
  }

  /** Everything that was found. */
  public NatBehavior behavior() {
    return behavior;
  }

  /** Why it is undetermined. */
  public List<Rfc5780Problem> problems() {
    return behavior.problems();
  }

  /** The first problem's kind, e.g. {@link Rfc5780Problem.Kind#NO_OTHER_ADDRESS}. */
  public Rfc5780Problem.Kind kind() {
    return behavior.problems().isEmpty()
        ? Rfc5780Problem.Kind.ERROR_RESPONSE
        : behavior.problems().get(0).kind();
  }
}

package org.rtcheck.stack.sdp;

import java.util.List;
import java.util.Optional;

/**
 * What {@link SdpParser} produced: the description when one could be built at all, and every
 * problem found on the way.
 */
public record SdpParseResult(Optional<SessionDescription> description, List<SdpProblem> problems) {

  public SdpParseResult {
    problems = List.copyOf(problems);
  }

  /** Whether a description was built and no problem is an {@link SdpProblem.Severity#ERROR}. */
  public boolean ok() {
    return description.isPresent() && errors().isEmpty();
  }

  /** The problems of severity {@link SdpProblem.Severity#ERROR}. */
  public List<SdpProblem> errors() {
    return problems.stream().filter(p -> p.severity() == SdpProblem.Severity.ERROR).toList();
  }
}

package org.rtcheck.engine.subject;

import java.util.List;
import java.util.Optional;

/**
 * A declared, known difference between a subject and a vector.
 *
 * @param vector {@code suiteId/vectorId}
 * @param symptom text the vector's problems must contain for a failure to be this deviation; a
 *     failure without it is an ordinary failure (empty: any failure is the deviation)
 * @param intermittent the difference shows in some runs only (a race in the subject): a run that
 *     matches the vector passes; a declared deviation that is not intermittent must occur every
 *     time
 */
public record Deviation(
    String vector,
    String reason,
    Optional<String> link,
    Optional<String> symptom,
    boolean intermittent) {

  /** What one run of the vector means for this deviation. */
  public enum Outcome {
    /** The run matched the vector and the deviation is intermittent: an ordinary pass. */
    PASSED,
    /** The run failed the way the deviation says: reported as the known deviation. */
    DEVIATED,
    /** The run matched the vector but the deviation says it never does: the file is stale. */
    DID_NOT_OCCUR,
    /** The run failed otherwise than the deviation says: an ordinary failure. */
    OTHER_FAILURE
  }

  public Deviation {
    if (intermittent && symptom.isEmpty()) {
      // Without a symptom an intermittent deviation would excuse every failure of the vector.
      throw new IllegalArgumentException(vector + ": an intermittent deviation needs a symptom");
    }
  }

  /** Judges one run of the vector by the problems it had (none: it matched). */
  public Outcome judge(List<String> problems) {
    if (problems.isEmpty()) {
      return intermittent ? Outcome.PASSED : Outcome.DID_NOT_OCCUR;
    }
    if (symptom.isEmpty() || problems.stream().anyMatch(p -> p.contains(symptom.get()))) {
      return Outcome.DEVIATED;
    }
    return Outcome.OTHER_FAILURE;
  }

  @Override
  public String toString() {
    return (intermittent ? "intermittent: " : "")
        + reason
        + link.map(l -> " (" + l + ")").orElse("");
  }
}

package org.rtcheck.engine.subject;

import java.util.Optional;

/**
 * A declared, known difference between a subject and a vector.
 *
 * @param vector {@code suiteId/vectorId}
 */
public record Deviation(String vector, String reason, Optional<String> link) {

  @Override
  public String toString() {
    return reason + link.map(l -> " (" + l + ")").orElse("");
  }
}

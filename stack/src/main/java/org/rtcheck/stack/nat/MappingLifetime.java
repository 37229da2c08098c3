package org.rtcheck.stack.nat;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the RFC 5780 §4.6 binding lifetime tests found: the mapping was still alive after {@code
 * atLeast} of silence, and gone after {@code lessThan} (empty when it survived the longest wait the
 * caller allowed).
 */
public record MappingLifetime(Duration atLeast, Optional<Duration> lessThan) {
  public MappingLifetime {
    Objects.requireNonNull(atLeast);
    Objects.requireNonNull(lessThan);
    if (lessThan.isPresent() && lessThan.get().compareTo(atLeast) <= 0) {
      throw new IllegalArgumentException("lessThan " + lessThan.get() + " <= atLeast " + atLeast);
    }
  }

  /** Whether the mapping outlived every wait that was tried. */
  public boolean outlivedMaximum() {
    return lessThan.isEmpty();
  }

  @Override
  public String toString() {
    return lessThan
        .map(l -> "between " + seconds(atLeast) + " and " + seconds(l))
        .orElse("at least " + seconds(atLeast));
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.3g s", d.toNanos() / 1e9);
  }
}

package org.rtcheck.engine.shim;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.rtcheck.engine.subject.SubjectException;

/**
 * A {@link ShimPlacement} for {@link ShimPlacementTest} only (ServiceLoader, test class path): it
 * acts on the shim ids {@code placed-echo} (runs the echo shim instead of the descriptor's command,
 * with {@code ECHO_VERSION} set) and {@code placed-nowhere} (cannot run here); every other shim is
 * left alone.
 */
public final class TestPlacement implements ShimPlacement {

  static final AtomicInteger PLACED = new AtomicInteger();
  static final AtomicInteger RELEASED = new AtomicInteger();

  @Override
  public Optional<Lease> place(ShimDescriptor shim) throws SubjectException {
    if (shim.id().equals("placed-nowhere")) {
      throw SubjectException.unimplemented("no such environment here");
    }
    if (!shim.id().equals("placed-echo")) {
      return Optional.empty();
    }
    PLACED.incrementAndGet();
    return Optional.of(
        new Lease() {
          @Override
          public Map<String, String> variables() {
            return Map.of("ECHO_VERSION", "placed 1.0");
          }

          @Override
          public Optional<List<String>> command() {
            return Optional.of(List.of("python3", "echo.py"));
          }

          @Override
          public void close() {
            RELEASED.incrementAndGet();
          }
        });
  }
}

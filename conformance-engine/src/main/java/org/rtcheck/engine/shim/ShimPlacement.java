package org.rtcheck.engine.shim;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.rtcheck.engine.subject.SubjectException;

/**
 * Where an environment puts what a shim drives (ARCHITECTURE.md, "Environments"): under {@code
 * rtcheck.env=docker} the browser shim's browser is a container the environment starts, and the
 * shim is told where it is through its environment variables. Implementations are found with {@link
 * ServiceLoader}; one that has nothing to do with a shim (another environment, another stack)
 * answers empty, and the shim runs as it always does.
 */
public interface ShimPlacement {

  /**
   * What the shim's process needs to run in this environment, started before the process; {@link
   * Lease#close()} runs when the process has ended.
   *
   * @throws SubjectException of kind {@code unimplemented} when the environment cannot run here (no
   *     Docker engine: the shim's tests are skipped saying so), another kind when starting failed
   */
  Optional<Lease> place(ShimDescriptor shim) throws SubjectException;

  /** What one shim process was given, released with it. */
  interface Lease extends AutoCloseable {

    /** Environment variables added to the shim's process. */
    Map<String, String> variables();

    /**
     * The command that runs the shim instead of its descriptor's (the shim inside a container: a
     * {@code docker run -i} that carries the JSON lines on its stdin and stdout), if any.
     */
    default Optional<List<String>> command() {
      return Optional.empty();
    }

    /** Releases what was started for the process (never throws). */
    @Override
    void close();
  }

  /** Every placement on the class path. */
  static List<ShimPlacement> all() {
    return ServiceLoader.load(ShimPlacement.class).stream()
        .map(ServiceLoader.Provider::get)
        .toList();
  }
}

package org.rtcheck.engine.evidence;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Records the network traffic of one interop cell while it runs, so that a failing cell carries a
 * pcap (ARCHITECTURE.md, "Evidence and reports"). Implementations are found with {@link
 * ServiceLoader} (the interop module captures loopback with dumpcap); with none on the class path
 * nothing is recorded. The engine keeps the capture only when the cell fails.
 */
public interface TrafficRecorder {

  /**
   * Starts recording for the named cell; never throws: a recorder that cannot record (no capture
   * tool, no permission) answers {@link Recording#NONE} and says why in its log.
   */
  Recording start(String cell);

  /** One cell's capture, stopped exactly once. */
  interface Recording {

    /** A recording of nothing. */
    Recording NONE = keep -> List.of();

    /**
     * Stops the capture (its process, by PID) and answers its files when {@code keep}, else deletes
     * them and answers an empty list. The caller deletes the files it was given once attached.
     */
    List<Path> stop(boolean keep);

    /**
     * As {@link #stop(boolean)}, with the cell's UDP ports ({@link CandidatePorts}): a recorder
     * that can keeps only their packets, so what other tests sent at the same time is left out.
     */
    default List<Path> stop(boolean keep, Set<Integer> udpPorts) {
      return stop(keep);
    }
  }

  /**
   * The environment ({@code rtcheck.env}) this recorder is made for, where the cell's traffic
   * crosses more than loopback (a container's bridge); empty for any environment.
   */
  default Optional<String> environment() {
    return Optional.empty();
  }

  /** The first recorder on the class path, if any. */
  static Optional<TrafficRecorder> find() {
    return find("");
  }

  /** The first recorder made for {@code env}, else the first made for any environment, if any. */
  static Optional<TrafficRecorder> find(String env) {
    List<TrafficRecorder> all =
        ServiceLoader.load(TrafficRecorder.class).stream()
            .map(ServiceLoader.Provider::get)
            .toList();
    return all.stream()
        .filter(r -> r.environment().filter(env::equals).isPresent())
        .findFirst()
        .or(() -> all.stream().filter(r -> r.environment().isEmpty()).findFirst());
  }
}

package org.rtcheck.docker.matrix;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.rtcheck.engine.evidence.TrafficRecorder;
import org.rtcheck.interop.env.DockerEngineProbe;
import org.rtcheck.interop.evidence.LoopbackCapture;

/**
 * The cell recorder of {@code rtcheck.env=docker}: a browser in a container talks to the host's
 * stacks over the {@link MatrixRun}'s bridge, not loopback, so dumpcap records both the host's
 * loopback and that bridge ({@link LoopbackCapture} on two devices), and a failing cell is cut to
 * its candidate ports as locally. The cell holds the run while it is recorded, so the bridge exists
 * before the cell's first step starts a browser container on it. Without a Docker engine it records
 * loopback only.
 */
public final class BridgeCapture implements TrafficRecorder {

  @Override
  public Optional<String> environment() {
    return Optional.of("docker");
  }

  @Override
  public Recording start(String cell) {
    Optional<String> dumpcap = LoopbackCapture.dumpcap();
    if (dumpcap.isEmpty() || !DockerEngineProbe.fromEnvironment().ping().answers()) {
      return new LoopbackCapture().start(cell);
    }
    MatrixRun matrix;
    try {
      matrix = MatrixRun.acquire();
    } catch (RuntimeException e) {
      System.err.println("[rtcheck] pcap on loopback only: " + e.getMessage());
      return new LoopbackCapture().start(cell);
    }
    Recording recording;
    try {
      recording =
          new LoopbackCapture(dumpcap.get(), List.of("lo", matrix.bridge()), "udp").start(cell);
    } catch (RuntimeException e) {
      MatrixRun.release(matrix);
      throw e;
    }
    return new Held(recording, matrix);
  }

  /** A recording that gives the run back once stopped. */
  private static final class Held implements Recording {
    private final Recording recording;
    private final MatrixRun matrix;
    private boolean released;

    Held(Recording recording, MatrixRun matrix) {
      this.recording = recording;
      this.matrix = matrix;
    }

    @Override
    public List<Path> stop(boolean keep) {
      try {
        return recording.stop(keep);
      } finally {
        release();
      }
    }

    @Override
    public List<Path> stop(boolean keep, Set<Integer> udpPorts) {
      try {
        return recording.stop(keep, udpPorts);
      } finally {
        release();
      }
    }

    private synchronized void release() {
      if (!released) {
        released = true;
        MatrixRun.release(matrix);
      }
    }
  }
}

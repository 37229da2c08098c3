package org.rtcheck.engine.descriptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.rtcheck.engine.RtcheckTestEngine;
import org.rtcheck.engine.evidence.TrafficRecorder;

/**
 * The engine keeps a cell's capture only when the cell fails, and records interop cells only. The
 * recorder here stands in for dumpcap (org.rtcheck.interop.evidence.LoopbackCaptureTest runs the
 * real one) and writes a file per recording, so the test also sees the engine delete what it took.
 */
class RecordedCellsTest {

  /** Registered in META-INF/services of the engine's tests. */
  public static final class Recorder implements TrafficRecorder {
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    static final List<Path> KEPT = new CopyOnWriteArrayList<>();

    @Override
    public Recording start(String cell) {
      EVENTS.add("start " + cell);
      return keep -> {
        EVENTS.add((keep ? "keep " : "drop ") + cell);
        if (!keep) {
          return List.of();
        }
        try {
          Path file = Files.createTempFile("rtcheck-test-capture-", ".pcapng");
          KEPT.add(file);
          return List.of(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };
    }
  }

  @Test
  void aFailingCellKeepsItsCaptureAPassingOneDropsItAndOtherVectorsAreNotRecorded() {
    Recorder.EVENTS.clear();
    EngineTestKit.engine(RtcheckTestEngine.ENGINE_ID)
        .configurationParameter(RtcheckTestEngine.TIMEOUT_MS, "1000")
        .selectors(selectClasspathResource("rtcheck/vectors/test/capture.json"))
        .execute()
        .testEvents()
        .assertStatistics(s -> s.succeeded(2).failed(4));

    assertThat(Recorder.EVENTS)
        .containsExactlyInAnyOrder(
            "start test/capture/passes/alpha",
            "drop test/capture/passes/alpha",
            "start test/capture/passes/beta",
            "drop test/capture/passes/beta",
            "start test/capture/fails/alpha",
            "keep test/capture/fails/alpha",
            "start test/capture/fails/beta",
            "keep test/capture/fails/beta");
    assertThat(Recorder.KEPT).hasSize(2).noneMatch(Files::exists);
  }
}

package org.rtcheck.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * A pooled subject (two instances) serves two cells at once, never one instance to two cells, and
 * each cell reports the instance it had; a cell that also uses a locked subject still runs.
 */
class PooledCellsTest {

  @BeforeEach
  void enable() {
    System.setProperty(PooledSubjectProvider.ENABLED, "true");
    PooledSubjectProvider.reset();
  }

  @AfterEach
  void disable() {
    System.clearProperty(PooledSubjectProvider.ENABLED);
  }

  @Test
  void cellsShareThePoolOneInstanceEach() {
    EngineExecutionResults results =
        EngineTestKit.engine(RtcheckTestEngine.ENGINE_ID)
            .configurationParameter(RtcheckTestEngine.SUBJECTS, "pooled,beta")
            // one configured worker: the engine raises it to the pool's two instances
            .configurationParameter(RtcheckTestEngine.THREADS, "1")
            .configurationParameter(RtcheckTestEngine.TIMEOUT_MS, "5000")
            .selectors(selectClasspathResource("rtcheck/vectors/test/pool.json"))
            .filters(TagFilter.includeTags("subject:pooled"))
            .execute();

    results.testEvents().assertStatistics(s -> s.started(5).succeeded(5));
    assertThat(PooledSubjectProvider.shared).as("an instance served two cells at once").isFalse();
    assertThat(PooledSubjectProvider.mostAtOnce.get()).isEqualTo(2);
    assertThat(PooledSubjectProvider.used).containsExactlyInAnyOrder(1, 2);

    List<Map<String, String>> reported =
        results.allEvents().reportingEntryPublished().stream()
            .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs())
            .toList();
    assertThat(reported).filteredOn(m -> m.containsKey("rtcheck.cell.start")).hasSize(5);
    assertThat(reported)
        .filteredOn(m -> m.containsKey("rtcheck.cell.end"))
        .extracting(m -> m.get("rtcheck.instance.pooled"))
        .hasSize(5)
        .allMatch(v -> v.matches("pooled#([12]) 1\\.0 on node \\1"), "instance and its version");
  }

  @Test
  void withoutAPoolNothingIsReported() {
    System.clearProperty(PooledSubjectProvider.ENABLED);
    EngineExecutionResults results =
        EngineTestKit.engine(RtcheckTestEngine.ENGINE_ID)
            .configurationParameter(RtcheckTestEngine.SUBJECTS, "alpha,beta")
            .selectors(selectClasspathResource("rtcheck/vectors/test/steps.json"))
            .execute();
    assertThat(results.allEvents().reportingEntryPublished().stream().map(Event::toString))
        .isEmpty();
  }
}

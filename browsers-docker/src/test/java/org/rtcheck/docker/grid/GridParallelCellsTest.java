package org.rtcheck.docker.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.rtcheck.engine.RtcheckTestEngine;
import org.rtcheck.interop.grid.GridStatus;

/**
 * Interop cells spread over a Selenium Grid's nodes (issue 9): a hub and two nodes on loopback,
 * each node one Chromium session at a time, and {@code rtcheck.env=grid}. The engine runs four data
 * channel cells with Chromium offering (to own, chromium, libwebrtc and werift); the Chromium
 * subject is then two shim instances, one Grid session each. All pass, both nodes ran cells, and
 * cells ran at the same time (each cell reports its start and end once it has its browser).
 *
 * <p>{@code -Drtcheck.grid.test.nodes=1} runs the same cells on a one-node Grid (one instance,
 * cells in turn), to compare the wall time; both are printed.
 */
@Timeout(value = 170, unit = TimeUnit.SECONDS)
class GridParallelCellsTest {
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final Path SHIMS = Path.of("..", "interop", "shims");
  private static final Path DATACHANNEL =
      Path.of("..", "vectors", "src", "main", "resources", "rtcheck", "vectors", "interop")
          .resolve("datachannel.json");
  private static final String CELLS =
      "subject:chromium & matrix-feature:datachannel.reliable"
          + " & (answerer:own | answerer:chromium | answerer:libwebrtc | answerer:werift)";
  private static final Pattern NODE = Pattern.compile(" on grid node (\\S+)");

  /** One cell as it reported itself: its browser instance and version, and its own time. */
  private record Cell(String name, String instance, Instant start, Instant end) {
    String node() {
      Matcher m = NODE.matcher(instance);
      return m.find() ? m.group(1).replaceAll("/+$", "") : "?";
    }

    boolean overlaps(Cell other) {
      return start.isBefore(other.end) && other.start.isBefore(end);
    }
  }

  @Test
  void chromiumCellsRunInParallelOnTheGridsNodes() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of(CHROMEDRIVER)), "no " + CHROMEDRIVER + " (chromium-driver)");
    assumeTrue(Files.isExecutable(Path.of(CHROMIUM)), "no " + CHROMIUM + " (chromium)");
    for (String file :
        List.of(
            "browser/node_modules/selenium-webdriver/package.json",
            "node/node_modules/@roamhq/wrtc/package.json",
            "node/node_modules/werift/package.json")) {
      assumeTrue(Files.exists(SHIMS.resolve(file)), "shims not installed: no " + file);
    }
    int nodes = Integer.getInteger("rtcheck.grid.test.nodes", 2);

    try (LocalGrid grid = LocalGrid.startHub(CHROMEDRIVER, CHROMIUM, nodes)) {
      Set<String> gridNodes = new TreeSet<>();
      GridStatus.parse(grid.status()).nodes().forEach(n -> gridNodes.add(n.uri().toString()));
      long t0 = System.nanoTime();
      EngineExecutionResults results = runCells(grid.url());
      Duration wall = Duration.ofNanos(System.nanoTime() - t0);

      List<String> failures = new ArrayList<>();
      results.testEvents().finished().stream()
          .filter(
              e ->
                  e.getPayload(TestExecutionResult.class).orElseThrow().getStatus()
                      != TestExecutionResult.Status.SUCCESSFUL)
          .forEach(
              e ->
                  failures.add(
                      e.getTestDescriptor().getUniqueId()
                          + ": "
                          + e.getPayload(TestExecutionResult.class)
                              .flatMap(TestExecutionResult::getThrowable)
                              .map(Throwable::getMessage)
                              .orElse("?")));
      assertThat(failures).as("cells that did not pass").isEmpty();
      results.testEvents().assertStatistics(s -> s.started(4).succeeded(4));

      List<Cell> cells = cells(results);
      Instant first = cells.stream().map(Cell::start).min(Comparator.naturalOrder()).orElseThrow();
      Instant last = cells.stream().map(Cell::end).max(Comparator.naturalOrder()).orElseThrow();
      StringBuilder report = new StringBuilder();
      report.append(
          String.format(
              Locale.ROOT,
              "Grid of %d node(s): 4 cells in %d ms (engine run %d ms)%n",
              nodes,
              Duration.between(first, last).toMillis(),
              wall.toMillis()));
      for (Cell c : cells) {
        report.append(
            String.format(
                Locale.ROOT,
                "  +%6d ms %6d ms  %s  %s%n",
                Duration.between(first, c.start()).toMillis(),
                Duration.between(c.start(), c.end()).toMillis(),
                c.name(),
                c.instance()));
      }
      System.out.print(report);

      assertThat(cells).as(report.toString()).hasSize(4);
      assertThat(cells).extracting(Cell::node).allMatch(gridNodes::contains, "a node of the Grid");
      if (nodes >= 2) {
        assertThat(cells.stream().map(Cell::node).distinct().count())
            .as("nodes that ran cells\n" + report)
            .isEqualTo(2);
        assertThat(
                cells.stream().anyMatch(a -> cells.stream().anyMatch(b -> a != b && a.overlaps(b))))
            .as("two cells at the same time\n" + report)
            .isTrue();
      }
    }
  }

  /** The four cells through the engine, as {@code rtcheck.env=grid} with this Grid runs them. */
  private static EngineExecutionResults runCells(URI grid) {
    System.setProperty("rtcheck.env", "grid");
    System.setProperty("rtcheck.grid.url", grid.toString());
    try {
      return EngineTestKit.engine(RtcheckTestEngine.ENGINE_ID)
          .configurationParameter(RtcheckTestEngine.SUBJECTS, "chromium,own,libwebrtc,werift")
          .configurationParameter(RtcheckTestEngine.THREADS, "4")
          .selectors(selectFile(DATACHANNEL.toFile()))
          .filters(TagFilter.includeTags(CELLS))
          .execute();
    } finally {
      System.clearProperty("rtcheck.env");
      System.clearProperty("rtcheck.grid.url");
    }
  }

  /** Each cell's report entries (start; end and instance), merged by test. */
  private static List<Cell> cells(EngineExecutionResults results) {
    Map<String, Map<String, String>> byTest = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    for (Event e : results.allEvents().reportingEntryPublished().list()) {
      String id = e.getTestDescriptor().getUniqueId().toString();
      names.put(id, e.getTestDescriptor().getParent().orElseThrow().getDisplayName());
      byTest
          .computeIfAbsent(id, k -> new LinkedHashMap<>())
          .putAll(e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs());
    }
    List<Cell> cells = new ArrayList<>();
    byTest.forEach(
        (id, facts) ->
            cells.add(
                new Cell(
                    names.get(id),
                    facts.getOrDefault("rtcheck.instance.chromium", "?"),
                    Instant.parse(facts.get("rtcheck.cell.start")),
                    Instant.parse(facts.get("rtcheck.cell.end")))));
    cells.sort(Comparator.comparing(Cell::start));
    return cells;
  }
}

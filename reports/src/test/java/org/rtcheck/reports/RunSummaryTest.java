package org.rtcheck.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSummaryTest {

  @Test
  void readsAllureResultsAndCountsKnownDeviationsApart(@TempDir Path dir) throws Exception {
    write(dir, "a", "passed", "own", "");
    write(dir, "b", "skipped", "ice4j", ",{\"name\":\"tag\",\"value\":\"known-deviation\"}");
    write(dir, "c", "failed", "ice4j", "");
    write(dir, "d", "skipped", "ice4j", "");
    Files.writeString(
        dir.resolve("e-result.json"),
        "{\"name\":\"plain unit test\",\"status\":\"passed\",\"labels\":[]}");

    List<ResultRecord> results = AllureResults.read(dir);
    assertThat(results)
        .extracting(ResultRecord::outcome)
        .containsExactly(
            TestOutcome.PASSED,
            TestOutcome.KNOWN_DEVIATION,
            TestOutcome.FAILED,
            TestOutcome.SKIPPED);

    String table = RunSummary.of(results).render();
    assertThat(table).contains("stun/rfc5769").contains("0 / 1 / 1 / 1").contains("1 / 0 / 0 / 0");
    assertThat(table.lines().reduce((x, y) -> y).orElseThrow())
        .isEqualTo("rtcheck: 1 passed, 1 failed, 2 skipped");

    Path matrix = ConformanceMatrix.write(results, dir.resolve("out"));
    assertThat(Files.readString(matrix))
        .contains("STUN · RFC 8489 §14.5")
        .contains("class=\"fail\"");
  }

  @Test
  void environmentAndCategoriesAreWritten(@TempDir Path dir) throws Exception {
    AllureReport.describeRun(dir, Map.of("subject own", "rtcheck-stack 0.1.0"));
    assertThat(Files.readString(dir.resolve("environment.properties")))
        .contains("subject_own=rtcheck-stack 0.1.0");
    assertThat(Files.readString(dir.resolve("categories.json"))).contains("Known deviations");
  }

  private static void write(Path dir, String id, String status, String subject, String extraLabel)
      throws Exception {
    Files.writeString(
        dir.resolve(id + "-result.json"),
        "{\"name\":\""
            + id
            + "\",\"status\":\""
            + status
            + "\",\"statusDetails\":{\"message\":\"m\"},"
            + "\"labels\":[{\"name\":\"suiteId\",\"value\":\"stun/rfc5769\"},{\"name\":\"subject\",\"value\":\""
            + subject
            + "\"},{\"name\":\"epic\",\"value\":\"STUN\"},{\"name\":\"feature\",\"value\":\"RFC 8489\"},"
            + "{\"name\":\"story\",\"value\":\"§14.5\"}"
            + extraLabel
            + "]}");
  }
}

package org.rtcheck.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InteropMatrixTest {

  @Test
  void gridsPairsByFeatureAndLinksEachCellsEvidence(@TempDir Path dir) throws Exception {
    Path results = dir.resolve("allure-results");
    Files.createDirectories(results);
    cell(results, "a", "passed", "chromium", "firefox", "datachannel.reliable", "");
    cell(results, "b", "failed", "werift", "chromium", "datachannel.reliable", "");
    cell(
        results,
        "c",
        "skipped",
        "werift",
        "werift",
        "datachannel.unordered-unreliable",
        ",{\"name\":\"tag\",\"value\":\"known-deviation\"}");
    Files.writeString(
        results.resolve("a-timing.txt"), "+0 ms 12 ms  step 1 pc.create (chromium): ok\n");
    Files.writeString(
        results.resolve("x-result.json"),
        "{\"name\":\"a vector\",\"status\":\"passed\",\"labels\":[{\"name\":\"subject\",\"value\":\"own\"}]}");

    List<ResultRecord> records = AllureResults.read(results);
    InteropMatrix matrix = InteropMatrix.of(records);

    String text = matrix.renderText();
    assertThat(text)
        .contains("interop datachannel.reliable (rows offer, columns answer)")
        .contains("interop datachannel.unordered-unreliable")
        .contains("interop cells: 1 pass, 1 FAIL, 1 deviation, 0 skip");
    assertThat(text.lines().filter(l -> l.startsWith("werift")).findFirst().orElseThrow())
        .contains("FAIL");

    Path report = dir.resolve("report");
    Path page = matrix.write(results, report);
    String html = Files.readString(page);
    assertThat(html)
        .contains("chromium → firefox")
        .contains("156.0.1")
        .contains("href=\"interop/datachannel.reliable__chromium__firefox.html\"");
    Path cell = report.resolve("interop/datachannel.reliable__chromium__firefox.html");
    assertThat(Files.readString(cell))
        .contains("offerer: chromium 156.0.1")
        .contains("href=\"evidence/a-timing.txt\"")
        .contains("step 1 pc.create (chromium): ok");
    assertThat(report.resolve("interop/evidence/a-timing.txt")).exists();

    InteropMatrix.linkFromAllure(results);
    assertThat(Files.readString(results.resolve("executor.json"))).contains(InteropMatrix.PAGE);
  }

  @Test
  void noInteropResultsNoMatrix() {
    assertThat(InteropMatrix.of(List.of()).isEmpty()).isTrue();
  }

  private static void cell(
      Path dir,
      String uuid,
      String status,
      String offerer,
      String answerer,
      String feature,
      String extraLabels)
      throws Exception {
    Files.writeString(
        dir.resolve(uuid + "-result.json"),
        "{\"name\":\"cell\",\"status\":\""
            + status
            + "\",\"start\":1000,\"stop\":2500,\"labels\":["
            + "{\"name\":\"subject\",\"value\":\""
            + offerer
            + "\"},{\"name\":\"subjectVersion\",\"value\":\"156.0.1\"},"
            + "{\"name\":\"answerer\",\"value\":\""
            + answerer
            + "\"},{\"name\":\"matrixFeature\",\"value\":\""
            + feature
            + "\"}"
            + extraLabels
            + "],\"attachments\":[{\"name\":\"timing.txt\",\"source\":\""
            + uuid
            + "-timing.txt\",\"type\":\"text/plain\"}]}");
  }
}

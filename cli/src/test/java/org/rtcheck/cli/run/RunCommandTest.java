package org.rtcheck.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rtcheck.cli.Cli;
import org.rtcheck.cli.Cli.Result;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RunCommandTest {

  @TempDir Path temp;

  @Test
  void theChosenEnvironmentAndItsReasonArePrintedAndRecorded() throws Exception {
    Path out = temp.resolve("env");
    Result r =
        Cli.run(
            "run",
            "--env",
            "local",
            "--suite",
            "stun/rfc8489-b1",
            "--subject",
            "own",
            "--no-report",
            "--out",
            out.toString());
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.out()).contains("environment: local (asked for: host processes)");
    String props =
        Files.readString(out.resolve("allure-results").resolve("environment.properties"));
    assertThat(props).contains("environment=local").contains("environment.reason=asked for");
  }

  @Test
  void gridWithoutAUrlAndUnknownEnvironmentsAreBadInput() {
    Result grid = Cli.run("run", "--env", "grid", "--no-report", "--out", temp.toString());
    assertThat(grid.exitCode()).as(grid.describe()).isEqualTo(2);
    assertThat(grid.err()).contains("needs a Grid URL");
    Result bogus = Cli.run("run", "--env", "cloud", "--no-report", "--out", temp.toString());
    assertThat(bogus.exitCode()).as(bogus.describe()).isEqualTo(2);
    assertThat(bogus.err()).contains("unknown environment \"cloud\"");
  }

  @Test
  void ownSubjectPassesRfc8489AppendixB1() throws Exception {
    Path out = temp.resolve("first");
    Result r =
        Cli.run(
            "run",
            "--suite",
            "stun/rfc8489-b1",
            "--subject",
            "own",
            "--no-report",
            "--out",
            out.toString());
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.unexpected()).isEmpty();
    String summary =
        r.out()
            .lines()
            .filter(l -> l.startsWith("rtcheck: ") && l.contains(" passed"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no summary line in\n" + r.describe()));
    assertThat(summary).contains("0 failed").doesNotContain("rtcheck: 0 passed");
    assertThat(results(out.resolve("allure-results"))).isNotEmpty();
  }

  /**
   * Allure keeps one lifecycle per JVM; the second run must still write into its own folder, and
   * only its own results (not the first run's, not this test JVM's).
   */
  @Test
  void twoRunsInOneJvmWriteIntoTheirOwnFolders() throws Exception {
    Path first = temp.resolve("a");
    Path second = temp.resolve("b");
    Result a =
        Cli.run(
            "run",
            "--suite",
            "stun/rfc8489-b1",
            "--subject",
            "own",
            "--no-report",
            "--out",
            first.toString());
    Result b =
        Cli.run(
            "run",
            "--suite",
            "stun/rfc5769",
            "--subject",
            "own",
            "--no-report",
            "--out",
            second.toString());
    assertThat(a.exitCode()).as(a.describe()).isZero();
    assertThat(b.exitCode()).as(b.describe()).isZero();
    List<Path> inFirst = results(first.resolve("allure-results"));
    List<Path> inSecond = results(second.resolve("allure-results"));
    assertThat(inFirst).isNotEmpty();
    assertThat(inSecond).isNotEmpty();
    for (Path p : inFirst) {
      assertThat(Files.readString(p)).contains("rfc8489-b1").doesNotContain("stun/rfc5769\"");
    }
    for (Path p : inSecond) {
      assertThat(Files.readString(p)).doesNotContain("rfc8489-b1");
    }
    // the summary counts only the second run's tests
    assertThat(b.out()).contains("rtcheck: " + inSecond.size() + " passed");
  }

  @Test
  void anUnknownSuiteListsTheSuites() {
    Result r = Cli.run("run", "--suite", "nope", "--no-report", "--out", temp.toString());
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
    assertThat(r.unexpected()).isEmpty();
    assertThat(r.err()).contains("nope").contains("stun/rfc5769").contains("stun/rfc8489-b1");
  }

  @Test
  void anUnknownSubjectListsTheSubjects() {
    Result r =
        Cli.run(
            "run",
            "--suite",
            "stun/rfc8489-b1",
            "--subject",
            "nope",
            "--no-report",
            "--out",
            temp.toString());
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
    assertThat(r.unexpected()).isEmpty();
    assertThat(r.err()).contains("nope").contains("own");
  }

  @Test
  void aBrokenVectorFileNamesTheFileAndLine() throws Exception {
    Path broken = temp.resolve("broken-vectors.json");
    Files.writeString(
        broken,
        "{\n  \"suite\": {\"id\": \"mine/broken\"},\n  \"vectors\": [\n    {\"id\": \"x\",,}\n  ]\n}\n");
    Result r =
        Cli.run(
            "run",
            "--vectors",
            broken.toString(),
            "--no-report",
            "--out",
            temp.resolve("out").toString());
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
    assertThat(r.unexpected()).isEmpty();
    assertThat(r.err()).containsPattern("broken-vectors\\.json:4:[0-9]+: not valid JSON");
  }

  @Test
  void aMissingVectorFileIsBadInput() {
    Result r =
        Cli.run(
            "run",
            "--vectors",
            temp.resolve("absent.json").toString(),
            "--no-report",
            "--out",
            temp.toString());
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
    assertThat(r.err()).contains("absent.json");
  }

  private static List<Path> results(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith("-result.json")).toList();
    }
  }
}

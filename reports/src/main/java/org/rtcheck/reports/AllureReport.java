package org.rtcheck.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds the Allure HTML report offline with the Allure commandline (from Maven Central, unpacked
 * by the build), after adding rtcheck's categories, environment and the previous run's history.
 */
public final class AllureReport {

  private final Path allureHome;

  /**
   * @param allureHome the unpacked {@code allure-commandline} distribution (with {@code
   *     bin/allure})
   */
  public AllureReport(Path allureHome) {
    this.allureHome = allureHome;
  }

  /** Writes categories.json and environment.properties into the results folder. */
  public static void describeRun(Path results, Map<String, String> environment) throws IOException {
    Files.createDirectories(results);
    Files.writeString(
        results.resolve("categories.json"),
        """
        [
          {"name": "Known deviations (declared by the subject)", "matchedStatuses": ["skipped"],
           "messageRegex": "(?s).*known deviation.*"},
          {"name": "Capability not implemented by the subject", "matchedStatuses": ["skipped"],
           "messageRegex": "(?s).*(does not implement|unimplemented).*"},
          {"name": "Declared deviation no longer occurs", "matchedStatuses": ["failed"],
           "messageRegex": "(?s).*declared deviation did not occur.*"},
          {"name": "Subject hung or crashed", "matchedStatuses": ["failed", "broken"],
           "messageRegex": "(?s).*(did not answer|threw|answered nothing).*"},
          {"name": "Conformance failures", "matchedStatuses": ["failed"]},
          {"name": "Harness errors", "matchedStatuses": ["broken"]}
        ]
        """,
        StandardCharsets.UTF_8);
    StringBuilder env = new StringBuilder();
    environment.forEach(
        (k, v) ->
            env.append(k.replace(' ', '_'))
                .append('=')
                .append(v.replace("\\", "\\\\").replace("\n", " "))
                .append('\n'));
    Files.writeString(results.resolve("environment.properties"), env, StandardCharsets.UTF_8);
  }

  /**
   * Generates the HTML report.
   *
   * @return the report's index.html
   * @throws IOException when the commandline is missing or fails, with its output
   */
  public Path generate(Path results, Path report) throws IOException, InterruptedException {
    Path allure = allureHome.resolve("bin/allure");
    if (!Files.isExecutable(allure)) {
      throw new IOException(
          "Allure commandline not found at " + allure + " (the cli module's build unpacks it)");
    }
    // Keep trends across runs: Allure reads the previous report's history from the results.
    Path history = report.resolve("history");
    if (Files.isDirectory(history)) {
      Path target = results.resolve("history");
      Files.createDirectories(target);
      try (Stream<Path> files = Files.list(history)) {
        for (Path f : files.toList()) {
          Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    List<String> command = new ArrayList<>();
    command.add(allure.toString());
    command.add("generate");
    command.add(results.toString());
    command.add("-o");
    command.add(report.toString());
    command.add("--clean");
    // One self-contained index.html: it opens from file:// without a web server.
    command.add("--single-file");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Path log = Files.createTempFile("rtcheck-allure", ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    try {
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException("allure generate did not finish within 5 minutes");
      }
      if (p.exitValue() != 0) {
        throw new IOException(
            "allure generate failed (exit " + p.exitValue() + "):\n" + Files.readString(log));
      }
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
      Files.deleteIfExists(log);
    }
    return report.resolve("index.html");
  }
}

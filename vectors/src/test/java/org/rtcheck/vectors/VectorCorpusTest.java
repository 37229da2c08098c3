package org.rtcheck.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtcheck.engine.vector.VectorFileReader;
import org.rtcheck.engine.vector.VectorSuiteFile;

/**
 * The corpus itself: every file reads cleanly, and generated files are what their script writes.
 */
class VectorCorpusTest {

  private static final Path CORPUS = Path.of("src/main/resources/rtcheck/vectors");

  private static List<Path> corpusFiles() throws IOException {
    try (Stream<Path> files = Files.walk(CORPUS)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  @Test
  void everyFileReadsWithoutProblemsAndIsNamedForItsSuite() throws IOException {
    List<Path> files = corpusFiles();
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      VectorSuiteFile suite;
      try (InputStream in = Files.newInputStream(file)) {
        suite =
            new VectorFileReader()
                .read(file.toString(), file.toUri(), in, Optional.empty(), Optional.of(file));
      }
      assertThat(suite.problems()).as(file.toString()).isEmpty();
      assertThat(suite.vectors()).as(file.toString()).isNotEmpty();
      String relative = CORPUS.relativize(file).toString().replace('\\', '/');
      assertThat(suite.id() + ".json").as("suite id of " + file).isEqualTo(relative);
    }
  }

  /**
   * Generated files (STUN, SDP RFC examples and negatives) come from independent Python scripts, so
   * the own stack never grades itself; the committed files must be exactly what they write.
   */
  @Test
  void generatedFilesAreWhatTheGeneratorsWrite(@TempDir Path tmp) throws Exception {
    assumeTrue(onPath("python3"), "python3 is not installed: cannot re-run the generators");
    Path tools = tmp.resolve("tools");
    Files.createDirectories(tools);
    List<Path> scripts;
    try (Stream<Path> files = Files.list(Path.of("tools"))) {
      // the scripts and what they read (test credentials)
      List<Path> python = files.filter(Files::isRegularFile).toList();
      for (Path f : python) {
        Files.copy(f, tools.resolve(f.getFileName()));
      }
      scripts =
          python.stream()
              .map(f -> f.getFileName().toString())
              .filter(n -> n.startsWith("generate_") && n.endsWith(".py"))
              .map(Path::of)
              .toList();
    }
    assertThat(scripts).isNotEmpty();
    for (Path script : scripts) {
      Path copy = tools.resolve(script.getFileName());
      Process p =
          new ProcessBuilder("python3", copy.toString())
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("log.txt").toFile())
              .start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(script + " finished").isTrue();
      assertThat(p.exitValue()).as(Files.readString(tmp.resolve("log.txt"))).isZero();
    }
    Path generated = tmp.resolve("src/main/resources/rtcheck/vectors");
    Map<Path, String> expected = new HashMap<>();
    try (Stream<Path> files = Files.walk(generated)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        expected.put(generated.relativize(f), Files.readString(f));
      }
    }
    assertThat(expected).hasSizeGreaterThanOrEqualTo(6);
    for (Map.Entry<Path, String> e : expected.entrySet()) {
      Path committed = CORPUS.resolve(e.getKey());
      assertThat(committed).as("generated file is committed").exists();
      assertThat(Files.readString(committed))
          .as(committed + " is stale: run python3 vectors/tools/" + "generate_*.py")
          .isEqualTo(e.getValue());
    }
  }

  private static boolean onPath(String command) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}

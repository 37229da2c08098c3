package org.rtcheck.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs one of the node benchmark scripts of {@code interop/shims/node}: stdin from /dev/null,
 * stderr discarded, each stdout line that is JSON handed over as it comes, the process killed at
 * the deadline whatever it does.
 */
final class NodeJsonLines {

  private NodeJsonLines() {}

  /**
   * @return null when the script ran to its end with exit code 0, else what went wrong: it could
   *     not start, it was killed at the deadline, or it exited with another code (with the end of
   *     its standard error)
   */
  static String run(List<String> command, Path dir, Duration deadline, Consumer<JsonNode> line) {
    Process p;
    Path stderr;
    try {
      stderr = Files.createTempFile("rtcheck-bench-node-", ".log");
    } catch (IOException e) {
      return "cannot make a file for node's standard error: " + e.getMessage();
    }
    try {
      p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectError(stderr.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
    } catch (IOException e) {
      deleteQuietly(stderr);
      return "cannot start node: " + e.getMessage();
    }
    AtomicBoolean killed = new AtomicBoolean();
    Thread killer =
        new Thread(
            () -> {
              try {
                if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                  killed.set(true);
                  p.destroyForcibly();
                }
              } catch (InterruptedException e) {
                p.destroyForcibly();
              }
            },
            "node-bench-deadline");
    killer.setDaemon(true);
    killer.start();
    ObjectMapper json = new ObjectMapper();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String text;
      while ((text = r.readLine()) != null) {
        JsonNode n;
        try {
          n = json.readTree(text);
        } catch (IOException e) {
          continue; // not one of the result lines
        }
        line.accept(n);
      }
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "node did not exit after its output ended";
      }
      if (killed.get()) {
        return "killed at the deadline (" + deadline.toSeconds() + " s)";
      }
      if (p.exitValue() != 0) {
        return "node exited with code " + p.exitValue() + ": " + tail(stderr);
      }
      return null;
    } catch (IOException | InterruptedException e) {
      return "reading node's output: " + e.getMessage();
    } finally {
      p.destroyForcibly();
      deleteQuietly(stderr);
    }
  }

  /** The last lines of node's standard error, on one line. */
  private static String tail(Path stderr) {
    try {
      List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
      String text =
          String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())).trim();
      return text.isEmpty() ? "(nothing on standard error)" : text;
    } catch (IOException e) {
      return "(standard error unreadable: " + e.getMessage() + ")";
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a temporary file; the system's cleanup takes it
    }
  }
}

package org.rtcheck.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one of the node benchmark scripts of {@code interop/shims/node}: stdin from /dev/null,
 * stderr discarded, each stdout line that is JSON handed over as it comes, the process killed at
 * the deadline whatever it does.
 */
final class NodeJsonLines {

  private NodeJsonLines() {}

  /**
   * @return null when the script ran to its end (or was killed at the deadline), else why it could
   *     not run
   */
  static String run(List<String> command, Path dir, Duration deadline, Consumer<JsonNode> line) {
    Process p;
    try {
      p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
    } catch (IOException e) {
      return "cannot start node: " + e.getMessage();
    }
    Thread killer =
        new Thread(
            () -> {
              try {
                if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
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
      }
      return null;
    } catch (IOException | InterruptedException e) {
      return "reading node's output: " + e.getMessage();
    } finally {
      p.destroyForcibly();
    }
  }
}

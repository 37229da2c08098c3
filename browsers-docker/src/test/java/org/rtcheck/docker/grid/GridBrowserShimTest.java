package org.rtcheck.docker.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The matrix's browser subject in the grid environment: the browser shim (interop/shims/browser,
 * what every interop cell with Chromium runs) told {@code RTCHECK_ENV=grid} and the Grid's URL, as
 * the engine tells it under {@code rtcheck.env=grid}, takes its Chromium from a real Selenium Grid
 * on loopback; two peer connections in that browser open a channel and move data, and the shim
 * reports the node that ran the session.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GridBrowserShimTest {
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final Path SHIM = Path.of("..", "interop", "shims", "browser");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theBrowserShimRunsItsChromiumOnTheGrid() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of(CHROMEDRIVER)), "no " + CHROMEDRIVER + " (chromium-driver)");
    assumeTrue(Files.isExecutable(Path.of(CHROMIUM)), "no " + CHROMIUM + " (chromium)");
    assumeTrue(
        Files.exists(SHIM.resolve("node_modules/selenium-webdriver/package.json")),
        "browser shim not installed (npm ci in interop/shims/browser)");
    try (LocalGrid grid = LocalGrid.start(CHROMEDRIVER, CHROMIUM);
        Shim shim = Shim.start(grid.url().toString())) {
      JsonNode described = shim.call("describe", JSON.createObjectNode());
      assertThat(described.path("version").asText())
          .as(described.toString())
          .matches("[0-9.]+ on grid node http://127\\.0\\.0\\.1:[0-9]+/?");

      String a =
          shim.call("pc.create", JSON.createObjectNode().put("trickle", false)).path("pc").asText();
      String b =
          shim.call("pc.create", JSON.createObjectNode().put("trickle", false)).path("pc").asText();
      shim.call("dc.create", JSON.createObjectNode().put("pc", a).put("label", "rtcheck"));
      String offer =
          shim.call("pc.offer", JSON.createObjectNode().put("pc", a)).path("sdp").asText();
      String answer =
          shim.call("pc.answer", JSON.createObjectNode().put("pc", b).put("sdp", offer))
              .path("sdp")
              .asText();
      shim.call("pc.accept-answer", JSON.createObjectNode().put("pc", a).put("sdp", answer));
      for (String pc : new String[] {a, b}) {
        shim.call("dc.wait-open", JSON.createObjectNode().put("pc", pc).put("label", "rtcheck"));
      }
      JsonNode sent =
          shim.call(
              "dc.send",
              JSON.createObjectNode()
                  .put("pc", a)
                  .put("label", "rtcheck")
                  .put("count", 8)
                  .put("messageSize", 16384)
                  .put("seed", 1));
      JsonNode received =
          shim.call(
              "dc.receive-check",
              JSON.createObjectNode().put("pc", b).put("label", "rtcheck").put("bytes", 8 * 16384));
      assertThat(received.path("sha256").asText()).isEqualTo(sent.path("sha256").asText());
      shim.call("close", JSON.createObjectNode());
    }
  }

  /** The shim process and its JSON lines (interop/shims/README.md), one request at a time. */
  private static final class Shim implements AutoCloseable {
    private final Process process;
    private final OutputStream in;
    private final BufferedReader out;
    private long ids;

    private Shim(Process process) {
      this.process = process;
      this.in = process.getOutputStream();
      this.out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static Shim start(String gridUrl) throws IOException {
      ProcessBuilder pb =
          new ProcessBuilder("node", "shim.js", "chromium")
              .directory(SHIM.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT);
      pb.environment().put("RTCHECK_ENV", "grid");
      pb.environment().put("RTCHECK_GRID_URL", gridUrl);
      return new Shim(pb.start());
    }

    JsonNode call(String op, ObjectNode args) throws Exception {
      long id = ++ids;
      ObjectNode request = JSON.createObjectNode().put("id", id).put("op", op);
      request.set("args", args);
      in.write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
      JsonNode reply = CompletableFuture.supplyAsync(this::readReply).get(60, TimeUnit.SECONDS);
      assertThat(reply.path("id").asLong()).as(reply.toString()).isEqualTo(id);
      assertThat(reply.has("ok")).as(op + ": " + reply).isTrue();
      return reply.path("ok");
    }

    private JsonNode readReply() {
      try {
        String line = out.readLine();
        if (line == null) {
          throw new IllegalStateException("the shim exited");
        }
        return JSON.readTree(line);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    /** stdin EOF makes the shim end its browser session and exit; a shim that lingers is killed. */
    @Override
    public void close() throws IOException {
      in.close();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}

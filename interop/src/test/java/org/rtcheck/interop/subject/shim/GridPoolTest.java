package org.rtcheck.interop.subject.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtcheck.engine.shim.ShimDescriptor;
import org.rtcheck.engine.shim.ShimSubject;
import org.rtcheck.engine.subject.PooledSubject;
import org.rtcheck.engine.subject.Subject;

/**
 * Which subject a shim descriptor becomes: under {@code rtcheck.env=grid} a shim naming a Grid
 * browser is one instance per free slot (from the Grid's /status, served here by a stand-in HTTP
 * server with a status captured from a real two-node Grid); everywhere else one process.
 */
class GridPoolTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @AfterEach
  void clear() {
    System.clearProperty("rtcheck.env");
    System.clearProperty("rtcheck.grid.url");
  }

  private static ShimDescriptor descriptor(Path dir, String grid) throws IOException {
    Path file = dir.resolve("shim-browser.json");
    Files.writeString(
        file,
        "{\"id\": \"browser\", \"command\": [\"true\"], \"capabilities\": [\"pc.create\"]"
            + grid
            + "}");
    return ShimDescriptor.read(file);
  }

  @Test
  void underGridABrowserShimIsOneInstancePerFreeSlot(@TempDir Path dir) throws IOException {
    byte[] status;
    try (InputStream in =
        GridPoolTest.class.getResourceAsStream("/org/rtcheck/interop/grid/status-two-nodes.json")) {
      status = in.readAllBytes();
    }
    HttpServer grid = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    grid.createContext(
        "/status",
        exchange -> {
          exchange.sendResponseHeaders(200, status.length);
          exchange.getResponseBody().write(status);
          exchange.close();
        });
    grid.start();
    try {
      System.setProperty("rtcheck.env", "grid");
      System.setProperty(
          "rtcheck.grid.url", "http://127.0.0.1:" + grid.getAddress().getPort() + "/");
      Subject pooled =
          ShimSubjectProvider.subject(
              descriptor(dir, ", \"grid\": {\"browserName\": \"chrome\"}"), TIMEOUT);
      assertThat(pooled).isInstanceOf(PooledSubject.class);
      assertThat(((PooledSubject) pooled).size()).isEqualTo(2);
      assertThat(pooled.id()).isEqualTo("browser");

      Subject other = ShimSubjectProvider.subject(descriptor(dir, ""), TIMEOUT);
      assertThat(other).as("a shim with no Grid browser").isInstanceOf(ShimSubject.class);
    } finally {
      grid.stop(0);
    }
  }

  @Test
  void aGridThatDoesNotAnswerLeavesOneInstance(@TempDir Path dir) throws IOException {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    System.setProperty("rtcheck.env", "grid");
    System.setProperty("rtcheck.grid.url", "http://127.0.0.1:" + port);
    Subject s =
        ShimSubjectProvider.subject(
            descriptor(dir, ", \"grid\": {\"browserName\": \"chrome\"}"), TIMEOUT);
    assertThat(s).isInstanceOf(PooledSubject.class);
    assertThat(((PooledSubject) s).size()).isEqualTo(1);
  }

  @Test
  void aGridFieldWithoutABrowserNameIsAnError(@TempDir Path dir) {
    assertThatThrownBy(() -> descriptor(dir, ", \"grid\": \"chrome\""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shim-browser.json")
        .hasMessageContaining("browserName");
  }

  @Test
  void localAndDockerRunsKeepOneProcess(@TempDir Path dir) throws IOException {
    ShimDescriptor browser = descriptor(dir, ", \"grid\": {\"browserName\": \"chrome\"}");
    assertThat(ShimSubjectProvider.subject(browser, TIMEOUT)).isInstanceOf(ShimSubject.class);
    System.setProperty("rtcheck.env", "docker");
    assertThat(ShimSubjectProvider.subject(browser, TIMEOUT)).isInstanceOf(ShimSubject.class);
  }
}

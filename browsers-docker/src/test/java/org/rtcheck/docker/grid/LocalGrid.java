package org.rtcheck.docker.grid;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.rtcheck.interop.grid.GridStatus;

/**
 * A real Selenium Grid on 127.0.0.1, as child JVMs from this test's classpath (selenium-grid from
 * Maven Central), every node with one driver configuration: Debian's Chromium and chromedriver, one
 * session at a time. Either standalone (hub and node in one process) or a hub with N node
 * processes. Stopped by their PIDs (TERM, then KILL), nodes first.
 */
final class LocalGrid implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final List<Process> processes = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();
  private final URI url;
  private final Path dir;
  private final int nodes;

  private LocalGrid(URI url, Path dir, int nodes) {
    this.url = url;
    this.dir = dir;
    this.nodes = nodes;
  }

  /** Hub and one node in one process. */
  static LocalGrid start(String chromedriver, String chromium) throws IOException {
    int port = freePort();
    Path dir = Files.createTempDirectory("rtcheck-grid-");
    LocalGrid grid = new LocalGrid(URI.create("http://127.0.0.1:" + port), dir, 1);
    try {
      grid.launch(
          "standalone", String.join("\n", server(port), node(chromedriver, chromium)), "grid");
      grid.awaitReady();
    } catch (IOException | RuntimeException e) {
      grid.close();
      throw e;
    }
    return grid;
  }

  /** A hub and {@code nodes} node processes that register with it over its event bus. */
  static LocalGrid startHub(String chromedriver, String chromium, int nodes) throws IOException {
    int port = freePort();
    // The hub binds the event bus; nodes publish to and subscribe from it (Grid 4's ZeroMQ bus).
    String events =
        String.join(
            "\n",
            "[events]",
            "publish = \"tcp://127.0.0.1:" + freePort() + "\"",
            "subscribe = \"tcp://127.0.0.1:" + freePort() + "\"");
    Path dir = Files.createTempDirectory("rtcheck-grid-");
    LocalGrid grid = new LocalGrid(URI.create("http://127.0.0.1:" + port), dir, nodes);
    try {
      grid.launch("hub", String.join("\n", server(port), events, "bind = true"), "hub");
      for (int i = 1; i <= nodes; i++) {
        grid.launch(
            "node",
            String.join("\n", server(freePort()), events, node(chromedriver, chromium)),
            "node" + i);
      }
      grid.awaitReady();
    } catch (IOException | RuntimeException e) {
      grid.close();
      throw e;
    }
    return grid;
  }

  private static String server(int port) {
    return String.join("\n", "[server]", "host = \"127.0.0.1\"", "port = " + port);
  }

  private static String node(String chromedriver, String chromium) {
    return String.join(
        "\n",
        "[node]",
        "detect-drivers = false",
        "selenium-manager = false",
        "max-sessions = 1",
        "[[node.driver-configuration]]",
        "display-name = \"Chromium\"",
        "webdriver-executable = \"" + chromedriver + "\"",
        "max-sessions = 1",
        "stereotype = '{\"browserName\": \"chrome\", \"goog:chromeOptions\": {\"binary\": \""
            + chromium
            + "\"}}'",
        "");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private void launch(String role, String toml, String name) throws IOException {
    Path config = dir.resolve(name + ".toml");
    Files.writeString(config, toml + "\n", StandardCharsets.UTF_8);
    Path log = dir.resolve(name + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    processes.add(
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    "org.openqa.selenium.grid.Main",
                    role,
                    "--config",
                    config.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start());
    logs.add(log);
  }

  /** Ready, with every node registered and up. */
  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IOException("a Grid process exited with " + p.exitValue() + ":\n" + log());
        }
      }
      String s = status();
      if (s.contains("\"ready\": true") || s.contains("\"ready\":true")) {
        long up = GridStatus.parse(s).nodes().stream().filter(GridStatus.Node::up).count();
        if (up >= nodes) {
          return;
        }
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for the Grid", e);
      }
    }
    throw new IOException(
        "the Grid at " + url + " did not have " + nodes + " nodes up within 60 s:\n" + log());
  }

  /** The Grid's /status JSON (nodes with their URI and version), or "" while it does not answer. */
  String status() {
    try {
      HttpURLConnection c = (HttpURLConnection) url.resolve("/status").toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(2000);
      try {
        return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return "";
    }
  }

  /** The last 30 lines of each process's log. */
  String log() {
    StringBuilder out = new StringBuilder();
    for (Path file : logs) {
      out.append("== ").append(file.getFileName()).append('\n');
      try {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        out.append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
      } catch (IOException e) {
        out.append("(no log: ").append(e).append(')');
      }
      out.append('\n');
    }
    return out.toString();
  }

  URI url() {
    return url;
  }

  /**
   * Nodes before the hub, so nothing re-registers. A node that still holds a session (a shim that
   * gave up on a slow start) leaves its chromedriver and Chromium running when it exits, so its
   * descendants, found before it stops, are killed after it.
   */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process process = processes.get(i);
      List<ProcessHandle> descendants = process.descendants().toList();
      stop(process);
      descendants.forEach(ProcessHandle::destroyForcibly);
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temp folder
    }
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

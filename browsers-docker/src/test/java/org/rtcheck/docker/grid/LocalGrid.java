package org.rtcheck.docker.grid;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Selenium Grid (standalone: hub and node in one process) on 127.0.0.1, as a child JVM from
 * this test's classpath (selenium-grid from Maven Central), with one driver configuration: Debian's
 * Chromium and chromedriver. Stopped by its PID (TERM, then KILL).
 */
final class LocalGrid implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final URI url;
  private final Path dir;

  private LocalGrid(Process process, URI url, Path dir) {
    this.process = process;
    this.url = url;
    this.dir = dir;
  }

  static LocalGrid start(String chromedriver, String chromium) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("rtcheck-grid-");
    Path config = dir.resolve("grid.toml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "[server]",
            "host = \"127.0.0.1\"",
            "port = " + port,
            "[node]",
            "detect-drivers = false",
            "selenium-manager = false",
            "[[node.driver-configuration]]",
            "display-name = \"Chromium\"",
            "webdriver-executable = \"" + chromedriver + "\"",
            "max-sessions = 1",
            "stereotype = '{\"browserName\": \"chrome\", \"goog:chromeOptions\": {\"binary\": \""
                + chromium
                + "\"}}'",
            ""),
        StandardCharsets.UTF_8);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    "org.openqa.selenium.grid.Main",
                    "standalone",
                    "--config",
                    config.toString()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("grid.log").toFile())
            .start();
    LocalGrid grid = new LocalGrid(p, URI.create("http://127.0.0.1:" + port), dir);
    try {
      grid.awaitReady();
    } catch (IOException | RuntimeException e) {
      grid.close();
      throw e;
    }
    return grid;
  }

  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("the Grid exited with " + process.exitValue() + ":\n" + log());
      }
      String s = status();
      if (s.contains("\"ready\": true") || s.contains("\"ready\":true")) {
        return;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for the Grid", e);
      }
    }
    throw new IOException("the Grid at " + url + " was not ready within 60 s:\n" + log());
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

  String log() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("grid.log"), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  URI url() {
    return url;
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temp folder
    }
  }
}

package org.rtcheck.engine.shim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.rtcheck.engine.subject.SubjectException;

/**
 * One running shim: requests out as JSON lines on its stdin, replies matched by id from its stdout,
 * its stderr kept as a bounded log. A reader thread per stream; never blocks a caller past its
 * deadline.
 */
final class ShimProcess implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int LOG_LINES = 400;

  private final String id;
  private final Process process;
  private final OutputStream stdin;
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final Deque<String> log = new ArrayDeque<>();
  private volatile String brokenBecause;
  private final List<ShimPlacement.Lease> leases;

  private ShimProcess(String id, Process process, List<ShimPlacement.Lease> leases) {
    this.id = id;
    this.process = process;
    this.leases = leases;
    this.stdin = process.getOutputStream();
    Thread out = new Thread(this::readReplies, "rtcheck-shim-" + id + "-out");
    out.setDaemon(true);
    out.start();
    Thread err = new Thread(this::readLog, "rtcheck-shim-" + id + "-err");
    err.setDaemon(true);
    err.start();
  }

  /**
   * Starts the shim's process, after what the run's environment places for it ({@link
   * ShimPlacement}); what was placed is released again when the process does not start.
   */
  static ShimProcess start(ShimDescriptor shim) throws IOException, SubjectException {
    ProcessBuilder pb = new ProcessBuilder(shim.command()).directory(shim.directory().toFile());
    environment(pb.environment());
    List<ShimPlacement.Lease> leases = new ArrayList<>();
    try {
      for (ShimPlacement placement : PLACEMENTS) {
        Optional<ShimPlacement.Lease> lease = placement.place(shim);
        if (lease.isPresent()) {
          leases.add(lease.get());
          pb.environment().putAll(lease.get().variables());
          lease.get().command().ifPresent(pb::command);
        }
      }
      return new ShimProcess(shim.id(), pb.start(), leases);
    } catch (IOException | SubjectException | RuntimeException e) {
      leases.forEach(ShimPlacement.Lease::close);
      throw e;
    }
  }

  private static final List<ShimPlacement> PLACEMENTS = ShimPlacement.all();

  /**
   * What every shim is told of the run besides its requests (interop/shims/README.md): the
   * environment kind ({@code rtcheck.env}: local, docker, grid) as {@code RTCHECK_ENV} and the
   * Selenium Grid's URL ({@code rtcheck.grid.url}) as {@code RTCHECK_GRID_URL}, so a browser shim
   * can take its browser from the Grid. Unset properties leave the variables unset.
   */
  static void environment(Map<String, String> env) {
    String kind = System.getProperty("rtcheck.env", "");
    if (!kind.isBlank()) {
      env.put("RTCHECK_ENV", kind);
    }
    String grid = System.getProperty("rtcheck.grid.url", "");
    if (!grid.isBlank()) {
      env.put("RTCHECK_GRID_URL", grid);
    }
  }

  boolean alive() {
    return process.isAlive() && brokenBecause == null;
  }

  /** Sends one request and waits for its reply; the {@code ok} value, or the typed error. */
  JsonNode call(String op, JsonNode args, Duration timeout) throws SubjectException {
    long requestId = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(requestId, reply);
    ObjectNode request = JSON.createObjectNode();
    request.put("id", requestId);
    request.put("op", op);
    request.set("args", args);
    try {
      synchronized (stdin) {
        stdin.write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
      }
      JsonNode message = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (message.has("error")) {
        JsonNode error = message.get("error");
        throw new SubjectException(
            error.path("kind").asText("error"), error.path("message").asText(""), error);
      }
      return message.path("ok");
    } catch (IOException e) {
      throw new SubjectException(
          SubjectException.SUBJECT_FAILURE,
          "shim " + id + " is gone (" + e.getMessage() + ")" + exit());
    } catch (TimeoutException e) {
      brokenBecause = op + " did not answer within " + timeout.toMillis() + " ms";
      throw new SubjectException(
          SubjectException.SUBJECT_FAILURE, "shim " + id + ": " + brokenBecause);
    } catch (ExecutionException e) {
      throw new SubjectException(
          SubjectException.SUBJECT_FAILURE,
          "shim " + id + ": " + e.getCause().getMessage() + exit());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SubjectException(SubjectException.SUBJECT_FAILURE, "interrupted");
    } finally {
      pending.remove(requestId);
    }
  }

  private String exit() {
    return process.isAlive() ? "" : " (exit status " + process.exitValue() + ")";
  }

  private void readReplies() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode message;
        try {
          message = JSON.readTree(line);
        } catch (IOException e) {
          fail("wrote a line that is not JSON: " + abbreviate(line));
          continue;
        }
        CompletableFuture<JsonNode> reply =
            message.has("id") ? pending.get(message.path("id").asLong()) : null;
        if (reply == null) {
          fail("answered an id nobody asked for: " + abbreviate(line));
          continue;
        }
        reply.complete(message);
      }
    } catch (IOException e) {
      // the process ended; pending calls fail below
    }
    fail("closed its stdout");
  }

  private void fail(String why) {
    brokenBecause = why;
    synchronized (log) {
      log.add("[rtcheck] shim " + why);
    }
    IllegalStateException e = new IllegalStateException(why);
    pending.values().forEach(f -> f.completeExceptionally(e));
  }

  private void readLog() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (log) {
          log.add(line);
          while (log.size() > LOG_LINES) {
            log.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  String log() {
    synchronized (log) {
      return String.join("\n", log);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 197) + "..." : s;
  }

  /** Asks the shim to close, then closes stdin, then TERM, then KILL; children too. */
  @Override
  public void close() {
    if (process.isAlive() && brokenBecause == null) {
      try {
        call("close", JSON.createObjectNode(), Duration.ofSeconds(2));
      } catch (SubjectException e) {
        // it is being stopped anyway
      }
    }
    try {
      stdin.close();
    } catch (IOException e) {
      // already closed
    }
    try {
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(2, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    } finally {
      // The process is gone: what was placed for it (a browser container) goes too.
      leases.forEach(ShimPlacement.Lease::close);
      leases.clear();
    }
  }
}

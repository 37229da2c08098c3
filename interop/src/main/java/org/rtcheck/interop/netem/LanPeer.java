package org.rtcheck.interop.netem;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One {@link PeerStack} running as a process inside a LAN host's namespace ({@code ip netns exec NS
 * …}), driven with the JSON-lines ops of interop/shims/README.md. Started and stopped by its pid
 * (standard input closed, then SIGTERM, then SIGKILL); the namespace's {@link Reaper} kills it too
 * if this process dies first.
 */
public final class LanPeer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int LOG_LINES = 60;
  private static final Duration STOP_GRACE = Duration.ofSeconds(3);

  /** The Node shims' own deadline per op; callers keep their op timeouts below it. */
  public static final Duration OP_TIMEOUT = Duration.ofSeconds(125);

  private final PeerStack stack;
  private final LanHost host;
  private final Process process;
  private final OutputStream stdin;
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final Deque<String> log = new ArrayDeque<>();
  private volatile String brokenBecause;

  private LanPeer(PeerStack stack, LanHost host, Process process) {
    this.stack = stack;
    this.host = host;
    this.process = process;
    this.stdin = process.getOutputStream();
    daemon(this::readReplies, "lan-peer-" + stack.label() + "-out");
    daemon(this::readLog, "lan-peer-" + stack.label() + "-err");
  }

  /** Starts {@code stack} in {@code host}'s namespace and waits for its {@code describe}. */
  public static LanPeer start(PeerStack stack, LanHost host, Duration startTimeout)
      throws NetemException {
    stack
        .unavailableReason()
        .ifPresent(
            r -> {
              throw new IllegalStateException(r);
            });
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", host.namespace()));
    cmd.addAll(stack.command());
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("RTCHECK_SHIM_NETWORK", "lan");
    pb.environment().put("RTCHECK_SHIM_OP_TIMEOUT_MS", Long.toString(OP_TIMEOUT.toMillis()));
    PeerStack.nodeShimDirectory().ifPresent(d -> pb.directory(d.toFile()));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new NetemException(
          "cannot start " + stack.label() + " in " + host.namespace() + ": " + e, e);
    }
    LanPeer peer = new LanPeer(stack, host, p);
    try {
      peer.call("describe", JSON.createObjectNode(), startTimeout);
      return peer;
    } catch (NetemException | RuntimeException e) {
      peer.close();
      throw e;
    }
  }

  public PeerStack stack() {
    return stack;
  }

  public LanHost host() {
    return host;
  }

  public long pid() {
    return process.pid();
  }

  /**
   * Sends one op and waits for its reply.
   *
   * @throws PeerOpException when the peer answers with an error (its kind and message)
   * @throws NetemException when it does not answer within {@code timeout} or died
   */
  public JsonNode call(String op, ObjectNode args, Duration timeout) throws NetemException {
    return await(op, send(op, args), timeout);
  }

  /** Sends one op; {@link #await} its reply. */
  public CompletableFuture<JsonNode> send(String op, ObjectNode args) throws NetemException {
    if (brokenBecause != null) {
      throw new NetemException(this + " is gone: " + brokenBecause + log());
    }
    long id = ids.incrementAndGet();
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    ObjectNode req = JSON.createObjectNode().put("id", id).put("op", op);
    req.set("args", args);
    try {
      synchronized (stdin) {
        stdin.write((req + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
      }
    } catch (IOException e) {
      pending.remove(id);
      throw new NetemException(this + ": cannot send " + op + ": " + e + log(), e);
    }
    return f;
  }

  /** The reply of {@link #send}: its {@code ok} value. */
  public JsonNode await(String op, CompletableFuture<JsonNode> reply, Duration timeout)
      throws NetemException {
    JsonNode r;
    try {
      r = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new NetemException(
          this + ": no answer to " + op + " within " + timeout.toMillis() + " ms" + log(), e);
    } catch (ExecutionException e) {
      throw new NetemException(this + ": " + op + ": " + e.getCause().getMessage() + log(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetemException(this + ": interrupted during " + op, e);
    }
    if (r.has("error")) {
      throw new PeerOpException(
          this,
          op,
          r.path("error").path("kind").asText(),
          r.path("error").path("message").asText());
    }
    return r.path("ok");
  }

  private void readReplies() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        JsonNode j;
        try {
          j = JSON.readTree(line);
        } catch (IOException e) {
          remember("(stdout, not JSON) " + line);
          continue;
        }
        CompletableFuture<JsonNode> f = pending.remove(j.path("id").asLong(-1));
        if (f == null) {
          remember("(stdout, unknown id) " + line);
        } else {
          f.complete(j);
        }
      }
      brokenBecause = "its standard output ended";
    } catch (IOException e) {
      brokenBecause = "reading its output failed: " + e;
    }
    IOException gone = new IOException(this + " ended (" + brokenBecause + ")");
    pending.values().forEach(f -> f.completeExceptionally(gone));
    pending.clear();
  }

  private void readLog() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        remember(line);
      }
    } catch (IOException e) {
      // the process is gone; its log so far is kept
    }
  }

  private void remember(String line) {
    synchronized (log) {
      log.addLast(line);
      while (log.size() > LOG_LINES) {
        log.removeFirst();
      }
    }
  }

  /** Its last stderr lines, for error messages. */
  public String log() {
    synchronized (log) {
      return log.isEmpty() ? "" : "\n  stderr:\n  " + String.join("\n  ", log);
    }
  }

  /** Closes its standard input (the shims exit then), then TERM, then KILL, by pid. */
  @Override
  public void close() {
    try {
      stdin.close();
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroy();
        if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public String toString() {
    return stack.label() + " (pid " + process.pid() + ") in " + host.namespace();
  }
}

package org.rtcheck.interop.netem;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Delay and jitter of a router's forwarded packets on a kernel without {@code sch_netem}: an
 * iptables {@code NFQUEUE} rule in the router's FORWARD chain hands every packet to {@code
 * nfqueue-delay.py} (plain nfnetlink_queue, in the router's namespace), which accepts it once its
 * delay has passed. The packet never leaves the kernel, so NAT, conntrack and filtering treat it
 * exactly as an undelayed one (unlike a userspace UDP relay). Each direction passes the router
 * once, so each is delayed once, as {@code netem} on both interfaces would. Without the program the
 * queue drops everything: the rule is added only after it is bound, and a dead program shows as a
 * dead link rather than as a silently undelayed one.
 */
public final class ForwardDelay implements AutoCloseable {
  private static final String SCRIPT = "/rtcheck/netem/nfqueue-delay.py";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(5);
  private static final int QUEUE = 0;

  private final String namespace;
  private final Process process;

  private ForwardDelay(String namespace, Process process) {
    this.namespace = namespace;
    this.process = process;
  }

  /** Why this cannot work here (no python3 or iptables), or empty. */
  static Optional<String> unavailableReason() {
    if (CommandRunner.find("python3").isEmpty()) {
      return Optional.of("the NFQUEUE fallback needs python3, which is not installed");
    }
    if (CommandRunner.find("iptables").isEmpty()) {
      return Optional.of("the NFQUEUE fallback needs iptables, which is not installed");
    }
    return Optional.empty();
  }

  static ForwardDelay start(
      CommandRunner commands, String namespace, Duration delay, Optional<Duration> jitter)
      throws NetemException {
    Path script = script();
    ProcessBuilder pb =
        new ProcessBuilder(
            "ip",
            "netns",
            "exec",
            namespace,
            "python3",
            script.toString(),
            Integer.toString(QUEUE),
            Long.toString(delay.toNanos() / 1000),
            Long.toString(jitter.map(j -> j.toNanos() / 1000).orElse(0L)));
    Process p;
    try {
      p = pb.redirectError(ProcessBuilder.Redirect.PIPE).start();
    } catch (IOException e) {
      throw new NetemException("cannot start the delay queue in " + namespace + ": " + e, e);
    }
    ForwardDelay d = new ForwardDelay(namespace, p);
    try {
      d.awaitReady();
      commands.run(
          "queue forwarded packets for delay in " + namespace,
          List.of(
              "ip",
              "netns",
              "exec",
              namespace,
              "iptables",
              "-w",
              "-A",
              "FORWARD",
              "-j",
              "NFQUEUE",
              "--queue-num",
              Integer.toString(QUEUE)));
      return d;
    } catch (NetemException | RuntimeException e) {
      d.close();
      throw e;
    }
  }

  private void awaitReady() throws NetemException {
    CompletableFuture<String> first = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                first.complete(String.valueOf(in.readLine()));
              } catch (IOException e) {
                first.completeExceptionally(e);
              }
            },
            "forward-delay-" + namespace);
    t.setDaemon(true);
    t.start();
    String line;
    try {
      line = first.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      line = "(nothing: " + e + ")";
    }
    if (!line.equals("ready")) {
      process.destroyForcibly();
      String err;
      try {
        err = new String(process.getErrorStream().readNBytes(2000), StandardCharsets.UTF_8);
      } catch (IOException e) {
        err = "";
      }
      throw new NetemException(
          "the delay queue in " + namespace + " did not start: " + line + " " + err.strip());
    }
  }

  private static synchronized Path script() throws NetemException {
    try (InputStream in = ForwardDelay.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new NetemException("resource " + SCRIPT + " is missing from the class path");
      }
      Path p = Files.createTempFile("rtcheck-nfqueue-delay", ".py");
      Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
      p.toFile().deleteOnExit();
      return p;
    } catch (IOException e) {
      throw new NetemException("cannot write the delay queue program: " + e, e);
    }
  }

  /** Stops the program (its standard input closed, then TERM, then KILL), by pid. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(2, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

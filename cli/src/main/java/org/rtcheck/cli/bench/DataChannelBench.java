package org.rtcheck.cli.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.rtcheck.interop.subject.shim.ShimSubjectProvider;
import org.rtcheck.stack.datachannel.DataChannelInit;
import org.rtcheck.stack.net.NetLoop;
import org.rtcheck.stack.net.NetTransport;
import org.rtcheck.stack.peer.PeerConnection;
import org.rtcheck.stack.peer.PeerConnectionConfig;
import org.rtcheck.stack.peer.PeerConnectionEvent;
import org.rtcheck.stack.peer.PeerDataChannel;
import org.rtcheck.stack.peer.SetupTimeline;
import org.rtcheck.stack.sdp.SdpType;

/**
 * {@code rtcheck bench datachannel}: for two peers of one stack in one process on loopback, the
 * setup time (new peer connection to data channel open on both sides), reliable ordered throughput
 * ({@code bytes} in 16 KiB messages, the sender keeping bufferedAmount under 1 MiB) and message
 * round-trip time, for the own stack and, in the same run, libdatachannel and libwebrtc through
 * {@code interop/shims/node/bench-datachannel.js}.
 *
 * <p>The own stack runs in a JVM that starts cold: its first setups run interpreted (the DTLS
 * handshake's elliptic-curve code takes about a hundred handshakes to be compiled), so the own
 * setup row counts after {@value #WARMUP_SETUPS} warm-up setups, and the first setup of the JVM has
 * a row of its own. Measured here: after 20 setups the JIT compiler still spent about 50 ms of CPU
 * per further setup, competing on a 2-core machine with the setup it compiles; after 100, about 13
 * ms. The own row also gives the process CPU per counted setup (both peers, JIT and GC included),
 * which a loaded machine distorts less than the wall-clock time. Likewise its first transfer is
 * mostly the JIT compiling the data path, which the native stacks never pay (the second too). So
 * the own row times the transfer after {@value #WARMUP_TRANSFERS} on the same pair, and a row of
 * its own shows the first one. The own setups run both peers on one shared {@link NetLoop} ({@link
 * PeerConnectionConfig#withNetLoop}), as the shim's libwebrtc peers share their factory's network
 * thread; the transfers give each peer a loop of its own. The own row uses the defaults (1200-byte
 * SCTP packets, as every other peer pair); a line below it gives the same transfer with SCTP's path
 * MTU discovery on (RFC 8899, packets up to whole 16 KiB DTLS records between two own peers, {@link
 * PeerConnectionConfig#withMaxDtlsDatagram}), timed after the default pair's.
 */
final class DataChannelBench {

  private static final int MESSAGE = 16 * 1024;
  private static final long HIGH_WATER = 1024 * 1024;
  private static final int RTT_COUNT = 100;
  private static final Duration STEP = Duration.ofSeconds(60);

  /**
   * Both peers are the own stack, which reads whole DTLS records: SCTP's path MTU discovery may
   * raise its packets to 16 KiB (off by default: probes are not harmless to every peer).
   */
  private static final PeerConnectionConfig OWN_PAIR =
      PeerConnectionConfig.loopback().withMaxDtlsDatagram(PeerConnectionConfig.OWN_DTLS_DATAGRAM);

  /**
   * Own setups before the measured ones, so the JIT has compiled the setup path (a few seconds;
   * closing a pair takes milliseconds since the DTLS read loop is woken on close).
   */
  static final int WARMUP_SETUPS = 150;

  /**
   * Transfers on the same pair before the timed one. Measured here (64 MiB each, 16 KiB packets):
   * 19, 13, 66, then 187 and 382 MB/s, with no retransmission in any: the first ones are the JIT
   * compiling the data path. With three, the 1200-byte transfer timed after the discovery pair's
   * four ran at 267-292 MB/s and the discovery transfer, timed first, at 50-60 MB/s: five.
   */
  static final int WARMUP_TRANSFERS = 5;

  /** One stack's numbers; NaN where not measured, with the reason in {@code note}. */
  record Row(String stack, List<Double> setupMs, double mbPerS, double rttMedianMs, String note) {
    double median() {
      if (setupMs.isEmpty()) {
        return Double.NaN;
      }
      List<Double> s = new ArrayList<>(setupMs);
      Collections.sort(s);
      return s.get(s.size() / 2);
    }
  }

  private DataChannelBench() {}

  /** With {@code phases}, also the own stack's setup broken down by {@link SetupTimeline}. */
  static int run(int runs, long bytes, boolean phases, PrintStream out) throws Exception {
    out.printf(
        Locale.ROOT,
        "data channels on loopback, two peers of one stack in one process: setup over %d runs,"
            + " %d MiB in 16 KiB messages, %d round trips; own sockets on %s (-D%s=nio|epoll)%n",
        runs,
        bytes >> 20,
        RTT_COUNT,
        NetTransport.selected().name().toLowerCase(Locale.ROOT),
        NetTransport.PROPERTY);
    List<Row> rows = new ArrayList<>();
    double[] cold = {Double.NaN, Double.NaN, Double.NaN};
    SetupPhaseTable table = new SetupPhaseTable();
    rows.add(own(runs, bytes, cold, table));
    for (String stack : List.of("libdatachannel", "libwebrtc")) {
      rows.add(node(stack, runs, bytes));
    }
    Row own = rows.get(0);
    out.printf(
        Locale.ROOT,
        "%-16s %14s %14s %12s   %s%n",
        "stack",
        "setup p50 ms",
        "MB/s",
        "rtt p50 ms",
        "own / this (throughput, setup)");
    for (Row r : rows) {
      String ratio =
          r == own
              ? ""
              : String.format(
                  Locale.ROOT, "%.2f, %.2f", own.mbPerS() / r.mbPerS(), own.median() / r.median());
      out.printf(
          Locale.ROOT,
          "%-16s %14.1f %14.1f %12.2f   %s%n",
          r.stack(),
          r.median(),
          r.mbPerS(),
          r.rttMedianMs(),
          ratio);
      if (r.note() != null) {
        out.println("  " + r.stack() + ": " + r.note());
      }
      if (r == own) {
        out.printf(
            Locale.ROOT,
            "%-16s %14.1f %14.1f %12s   %s%n",
            "  own, JIT cold",
            cold[1],
            cold[0],
            "",
            "first setup and first transfer of the JVM, not in the ratios");
        String vsLdc =
            rows.stream()
                .filter(x -> x.stack().equals("libdatachannel") && x.mbPerS() > 0)
                .findFirst()
                .map(
                    x ->
                        String.format(
                            Locale.ROOT, "%.2f of libdatachannel's", cold[2] / x.mbPerS()))
                .orElse("");
        out.printf(
            Locale.ROOT,
            "%-16s %14s %14.1f %12s   %s%n",
            "  own, PMTUD",
            "",
            cold[2],
            "",
            "path MTU discovery on (own peers only, off by default): " + vsLdc);
      }
    }
    if (phases) {
      table.print(out);
    }
    return 0;
  }

  // ------------------------------------------------------------------------------------------
  // own stack

  /**
   * The own stack's row (a warm JVM); the first, cold transfer into {@code cold[0]}, the first
   * setup of the JVM into {@code cold[1]}.
   */
  private static Row own(int runs, long bytes, double[] cold, SetupPhaseTable table) {
    List<Double> setup = new ArrayList<>();
    double mbps = Double.NaN;
    double rtt = Double.NaN;
    String note = null;
    // The setups share one network loop, as libwebrtc runs the connections of a factory (both
    // peers of the shim's pairs) on one network thread. The transfers keep a loop per connection,
    // so each end of the data path has a thread of its own, as before.
    try (NetLoop loop = new NetLoop()) {
      PeerConnectionConfig config = PeerConnectionConfig.loopback().withNetLoop(loop);
      cold[1] = setupOnce(config, null, 0, null); // class loading and the interpreter
      for (int i = 0; i < WARMUP_SETUPS; i++) {
        setupOnce(config, null, 0, null); // JIT, not counted
      }
      long cpu0 = processCpuNanos();
      for (int i = 0; i < runs; i++) {
        setup.add(setupOnce(config, null, 0, table));
      }
      double cpuMs = (processCpuNanos() - cpu0) / 1e6 / runs;
      note =
          String.format(
              Locale.ROOT,
              "setups counted after %d warm-up setups, transfers after %d warm-up transfers on the"
                  + " same pair; process CPU %.1f ms per setup (both peers, JIT and GC included)",
              WARMUP_SETUPS,
              WARMUP_TRANSFERS,
              cpuMs);
      // the defaults: 1200-byte SCTP packets, no path MTU discovery
      double[] result = new double[3];
      setupOnce(PeerConnectionConfig.loopback(), result, bytes, null);
      cold[0] = result[2];
      mbps = result[0];
      rtt = result[1];
      double[] discovery = new double[3];
      setupOnce(OWN_PAIR, discovery, bytes, null);
      cold[2] = discovery[0];
    } catch (Exception e) {
      note = "failed: " + e;
    }
    return new Row("own", setup, mbps, rtt, note);
  }

  /** CPU time of the whole JVM (every thread, the JIT compiler's too), or 0 where unknown. */
  private static long processCpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  /**
   * One pair; with {@code result}, also throughput (MB/s) of a transfer after the warm-up ones, RTT
   * (ms) and the throughput of the first transfer into it; with {@code table}, the setup phases of
   * both peers.
   */
  private static double setupOnce(
      PeerConnectionConfig config, double[] result, long bytes, SetupPhaseTable table)
      throws Exception {
    long t0 = System.nanoTime();
    try (PeerConnection a = PeerConnection.create(config);
        PeerConnection b = PeerConnection.create(config)) {
      CompletableFuture<PeerDataChannel> remote = new CompletableFuture<>();
      b.onEvent(
          e -> {
            if (e instanceof PeerConnectionEvent.DataChannelAnnounced d) {
              remote.complete(d.channel());
            }
          });
      PeerDataChannel ca = a.createDataChannel("bench", DataChannelInit.DEFAULT);
      a.setRemoteDescription(SdpType.ANSWER, b.answer(a.offer()));
      ca.opened().get(STEP.toSeconds(), TimeUnit.SECONDS);
      PeerDataChannel cb = remote.get(STEP.toSeconds(), TimeUnit.SECONDS);
      cb.opened().get(STEP.toSeconds(), TimeUnit.SECONDS);
      double setupMs = (System.nanoTime() - t0) / 1e6;
      if (table != null) {
        table.add(a.setupTimeline(), b.setupTimeline(), setupMs);
      }
      if (result != null) {
        result[2] = throughput(ca, cb, bytes);
        for (int i = 1; i < WARMUP_TRANSFERS; i++) {
          throughput(ca, cb, bytes); // JIT, not counted
        }
        result[0] = throughput(ca, cb, bytes);
        result[1] = rtt(ca, cb);
      }
      return setupMs;
    }
  }

  private static double throughput(PeerDataChannel ca, PeerDataChannel cb, long bytes)
      throws Exception {
    CompletableFuture<Long> done = new CompletableFuture<>();
    long[] received = {0};
    cb.onMessage(
        m -> {
          received[0] += m.binary().length;
          if (received[0] >= bytes) {
            done.complete(System.nanoTime());
          }
        });
    byte[] chunk = new byte[MESSAGE];
    long start = System.nanoTime();
    for (long sent = 0; sent < bytes; sent += MESSAGE) {
      while (ca.bufferedAmount() > HIGH_WATER) {
        Thread.sleep(0, 200_000);
      }
      ca.send(chunk);
    }
    long end = done.get(STEP.toSeconds() * 4, TimeUnit.SECONDS);
    return bytes / 1e6 / ((end - start) / 1e9);
  }

  private static double rtt(PeerDataChannel ca, PeerDataChannel cb) throws Exception {
    cb.onMessage(
        m -> {
          try {
            cb.send(m.binary());
          } catch (Exception e) {
            // the pair is closing
          }
        });
    LinkedBlockingQueue<PeerDataChannel.Message> back = new LinkedBlockingQueue<>();
    ca.onMessage(back::add);
    List<Double> ms = new ArrayList<>();
    byte[] small = new byte[16];
    for (int i = 0; i < RTT_COUNT; i++) {
      long t = System.nanoTime();
      ca.send(small);
      if (back.poll(STEP.toSeconds(), TimeUnit.SECONDS) == null) {
        throw new IllegalStateException("echo " + i + " never came back");
      }
      ms.add((System.nanoTime() - t) / 1e6);
    }
    Collections.sort(ms);
    return ms.get(ms.size() / 2);
  }

  // ------------------------------------------------------------------------------------------
  // node stacks

  private static Row node(String stack, int runs, long bytes) {
    Optional<Path> script =
        ShimSubjectProvider.shimsRoot()
            .map(r -> r.resolve("node").resolve("bench-datachannel.js"))
            .filter(Files::isRegularFile);
    if (script.isEmpty()) {
      return skipped(stack, "interop/shims/node/bench-datachannel.js not found");
    }
    if (!Files.isDirectory(script.get().getParent().resolve("node_modules"))) {
      return skipped(stack, "no node_modules (npm ci in " + script.get().getParent() + ")");
    }
    List<String> cmd =
        List.of(
            "node",
            script.get().toString(),
            "--stack",
            stack,
            "--runs",
            String.valueOf(runs + 1),
            "--bytes",
            String.valueOf(bytes),
            "--rtt",
            String.valueOf(RTT_COUNT));
    List<Double> setup = new ArrayList<>();
    double[] numbers = {Double.NaN, Double.NaN};
    String[] note = {null};
    String problem =
        NodeJsonLines.run(
            cmd,
            script.get().getParent(),
            STEP.multipliedBy(runs + 4L),
            n -> {
              switch (n.path("metric").asText()) {
                case "setup" -> {
                  if (n.path("run").asInt() > 0) { // run 0 warms up, as for the own stack
                    setup.add(n.path("ms").asDouble());
                  }
                }
                case "throughput" -> numbers[0] = n.path("mbps").asDouble();
                case "rtt" -> numbers[1] = n.path("median").asDouble();
                default -> note[0] = "run failed: " + n.path("error").asText(n.toString());
              }
            });
    return new Row(stack, setup, numbers[0], numbers[1], problem != null ? problem : note[0]);
  }

  private static Row skipped(String stack, String why) {
    return new Row(stack, List.of(), Double.NaN, Double.NaN, "skipped: " + why);
  }
}

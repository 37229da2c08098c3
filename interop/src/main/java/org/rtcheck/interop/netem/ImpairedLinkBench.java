package org.rtcheck.interop.netem;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.rtcheck.interop.fixture.Coturn;
import org.rtcheck.stack.nat.NatType;

/**
 * Data channels over impaired links: for each {@link LinkImpairment}, a topology of two
 * port-restricted NATs (a direct server-reflexive path) whose first router impairs both directions,
 * and for each pair of stacks {@link LanPeer} processes in a LAN host behind each router. Measures
 * setup (the offerer's new peer connection to channel open, trickle ICE) and reliable throughput
 * (offerer to answerer, SHA-256 checked) over several connections in the same processes, after one
 * warm-up connection. libwebrtc to libwebrtc, measured in the same run, is the reference. A
 * transfer that does not finish within 90 s makes its row a failure.
 */
public final class ImpairedLinkBench {
  /** What the bench runs by default: clean, loss, rate, and rate with loss. */
  public static final List<String> DEFAULT_IMPAIRMENTS =
      List.of("none", "loss=1%", "loss=5%", "rate=10mbit", "rate=2mbit,loss=1%");

  /** The default pairs, offerer first; libwebrtc to libwebrtc is the reference. */
  public static final List<List<PeerStack>> DEFAULT_PAIRS =
      List.of(
          List.of(PeerStack.LIBWEBRTC, PeerStack.LIBWEBRTC),
          List.of(PeerStack.OWN, PeerStack.OWN),
          List.of(PeerStack.OWN, PeerStack.LIBWEBRTC),
          List.of(PeerStack.LIBWEBRTC, PeerStack.OWN));

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration TRANSFER_TIMEOUT = Duration.ofSeconds(90);
  private static final int WARMUP_BYTES = 256 * 1024;
  // A transfer at the rate limit takes about 10 s, well inside the 90 s transfer timeout.
  private static final double SECONDS_AT_RATE = 10;

  /**
   * One pair under one impairment.
   *
   * @param failure why it could not be measured (a connection failed or timed out), if so
   */
  public record Row(
      LinkImpairment impairment,
      PeerStack offerer,
      PeerStack answerer,
      List<DataChannelOutcome> runs,
      Optional<String> failure) {

    public boolean intact() {
      return failure.isEmpty()
          && !runs.isEmpty()
          && runs.stream().allMatch(DataChannelOutcome::intact);
    }

    public double medianSetupMs() {
      return median(runs.stream().mapToDouble(DataChannelOutcome::setupMs).toArray());
    }

    public double medianMegabytesPerSecond() {
      return median(runs.stream().mapToDouble(DataChannelOutcome::megabytesPerSecond).toArray());
    }

    String pair() {
      return offerer.label() + " -> " + answerer.label();
    }
  }

  private final int runs;
  private final long bytes;
  private final int messageSize;

  /**
   * @param runs measured connections per pair and impairment (after one warm-up)
   * @param bytes bytes per transfer, lowered under a rate limit so a transfer takes about 10 s
   * @param messageSize bytes per message
   */
  public ImpairedLinkBench(int runs, long bytes, int messageSize) {
    if (runs < 1) {
      throw new IllegalArgumentException("runs must be at least 1");
    }
    this.runs = runs;
    this.bytes = bytes;
    this.messageSize = messageSize;
  }

  /** Bytes for one transfer under {@code impairment}. */
  long bytesUnder(LinkImpairment impairment) {
    if (impairment.rateBitsPerSecond().isEmpty()) {
      return bytes;
    }
    long fit = (long) (impairment.rateBitsPerSecond().getAsLong() / 8 * SECONDS_AT_RATE);
    long capped = Math.min(bytes, fit);
    return Math.max(messageSize, capped / messageSize * messageSize);
  }

  public List<Row> run(
      List<LinkImpairment> impairments, List<List<PeerStack>> pairs, Consumer<String> progress)
      throws NetemException {
    List<Row> rows = new ArrayList<>();
    for (LinkImpairment impairment : impairments) {
      RouterSpec impaired =
          new RouterSpec(
              NatSpec.classic(NatType.PORT_RESTRICTED_CONE), 1, FirewallProfile.OPEN, impairment);
      Topology topology =
          Topology.builder()
              .stunServer(true)
              .router(impaired)
              .router(NatSpec.classic(NatType.PORT_RESTRICTED_CONE))
              .build();
      // A bench is long: on Ctrl-C or SIGTERM, remove the network and the peers in it now
      // rather than leave them to the next run's reaper.
      Thread cleanup = new Thread(() -> closeQuietly(topology), "net-bench-cleanup");
      Runtime.getRuntime().addShutdownHook(cleanup);
      try {
        Coturn coturn = topology.coturn().orElseThrow();
        ArrayNode servers = LanDataChannelRun.iceServers(coturn, false);
        for (List<PeerStack> pair : pairs) {
          Row row = measure(topology, servers, impairment, pair.get(0), pair.get(1));
          progress.accept(describe(row));
          rows.add(row);
        }
      } finally {
        topology.close();
        try {
          Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
          // shutting down already: the hook runs and finds the topology closed
        }
      }
    }
    return rows;
  }

  private static void closeQuietly(Topology topology) {
    try {
      topology.close();
    } catch (NetemException | RuntimeException e) {
      System.err.println("net bench: cleanup of " + topology + " failed: " + e.getMessage());
    }
  }

  private Row measure(
      Topology topology,
      ArrayNode servers,
      LinkImpairment impairment,
      PeerStack offerer,
      PeerStack answerer) {
    List<DataChannelOutcome> done = new ArrayList<>();
    LanDataChannelRun warmup =
        new LanDataChannelRun(
            Math.min(WARMUP_BYTES, bytesUnder(impairment)),
            messageSize,
            OPEN_TIMEOUT,
            TRANSFER_TIMEOUT);
    LanDataChannelRun measured =
        new LanDataChannelRun(bytesUnder(impairment), messageSize, OPEN_TIMEOUT, TRANSFER_TIMEOUT);
    try (LanPeer a = LanPeer.start(offerer, topology.router(1).hosts().get(0), START_TIMEOUT);
        LanPeer b = LanPeer.start(answerer, topology.router(2).hosts().get(0), START_TIMEOUT)) {
      warmup.run(a, b, servers, true);
      for (int i = 0; i < runs; i++) {
        done.add(measured.run(a, b, servers, true));
      }
      return new Row(impairment, offerer, answerer, done, Optional.empty());
    } catch (NetemException | RuntimeException e) {
      String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      return new Row(impairment, offerer, answerer, done, Optional.of(first));
    }
  }

  private static String describe(Row r) {
    if (r.failure().isPresent()) {
      return label(r.impairment()) + "  " + r.pair() + ": FAILED " + r.failure().get();
    }
    return String.format(
        Locale.ROOT,
        "%s  %s: setup %.0f ms, %.2f MB/s%s",
        label(r.impairment()),
        r.pair(),
        r.medianSetupMs(),
        r.medianMegabytesPerSecond(),
        r.intact() ? "" : " NOT INTACT");
  }

  /**
   * The rows as a table, each with its setup time and throughput as a ratio to libwebrtc to
   * libwebrtc under the same impairment (setup: lower is better, so a ratio above 1 is slower).
   */
  public static String table(List<Row> rows) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%-22s %-26s %4s %9s %9s %8s %9s %s%n",
            "impairment",
            "pair (offerer -> answerer)",
            "runs",
            "setup ms",
            "x libwrtc",
            "MB/s",
            "x libwrtc",
            "data"));
    for (Row r : rows) {
      Optional<Row> ref =
          rows.stream()
              .filter(o -> o.impairment().equals(r.impairment()))
              .filter(
                  o -> o.offerer() == PeerStack.LIBWEBRTC && o.answerer() == PeerStack.LIBWEBRTC)
              .filter(o -> o.failure().isEmpty())
              .findFirst();
      if (r.failure().isPresent()) {
        s.append(
            String.format(
                Locale.ROOT,
                "%-22s %-26s %4d  FAILED: %s%n",
                label(r.impairment()),
                r.pair(),
                r.runs().size(),
                r.failure().get()));
        continue;
      }
      s.append(
          String.format(
              Locale.ROOT,
              "%-22s %-26s %4d %9.0f %9s %8.2f %9s %s%n",
              label(r.impairment()),
              r.pair(),
              r.runs().size(),
              r.medianSetupMs(),
              ref.map(o -> ratio(r.medianSetupMs(), o.medianSetupMs())).orElse("-"),
              r.medianMegabytesPerSecond(),
              ref.map(o -> ratio(r.medianMegabytesPerSecond(), o.medianMegabytesPerSecond()))
                  .orElse("-"),
              r.intact() ? "intact" : "CORRUPT"));
    }
    return s.toString();
  }

  /** As written on the command line: {@code loss=1%,rate=2mbit}, {@code none}. */
  static String label(LinkImpairment impairment) {
    if (impairment.isNone()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    impairment.rateBitsPerSecond().ifPresent(r -> parts.add("rate=" + rate(r)));
    if (impairment.lossPercent() > 0) {
      parts.add("loss=" + impairment.lossPercent() + "%");
    }
    impairment.delay().ifPresent(d -> parts.add("delay=" + d.toMillis() + "ms"));
    impairment.jitter().ifPresent(j -> parts.add("jitter=" + j.toMillis() + "ms"));
    return String.join(",", parts);
  }

  private static String rate(long bits) {
    if (bits % 1_000_000 == 0) {
      return bits / 1_000_000 + "mbit";
    }
    return bits % 1_000 == 0 ? bits / 1_000 + "kbit" : bits + "bit";
  }

  private static String ratio(double x, double reference) {
    return reference <= 0 ? "-" : String.format(Locale.ROOT, "%.2f", x / reference);
  }

  static double median(double[] values) {
    if (values.length == 0) {
      return 0;
    }
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}

package org.rtcheck.cli.bench;

import java.io.File;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.rtcheck.interop.fixture.Coturn;
import org.rtcheck.interop.subject.shim.ShimSubjectProvider;
import org.rtcheck.stack.ice.Candidate;
import org.rtcheck.stack.ice.IceAgent;
import org.rtcheck.stack.ice.IceConfig;
import org.rtcheck.stack.ice.IceEvent;
import org.rtcheck.stack.ice.IceRole;
import org.rtcheck.stack.net.IceUdpTransport;
import org.rtcheck.stack.net.TurnConnection;
import org.rtcheck.stack.net.TurnRelay;
import org.rtcheck.stack.turn.TurnConfig;

/**
 * {@code rtcheck bench ice}: time from the start of ICE gathering to both agents connected, for two
 * own agents in one process (host-only, and relay-only through a coturn it starts, TURN over UDP)
 * next to two libwebrtc peer connections measured the same way in the same run ({@code
 * interop/shims/node/bench-ice.js}). Candidates are trickled the moment they appear on both sides.
 */
final class IceBench {

  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration NODE_TIMEOUT_PER_RUN = Duration.ofSeconds(20);

  /** Milliseconds of the runs that connected, and how many did not. */
  record Sample(List<Double> ms, int failed, String note) {
    static Sample skipped(String why) {
      return new Sample(List.of(), 0, why);
    }

    double percentile(double p) {
      List<Double> s = new ArrayList<>(ms);
      Collections.sort(s);
      // Nearest rank.
      int rank = (int) Math.ceil(p / 100.0 * s.size());
      return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1)));
    }
  }

  private IceBench() {}

  static int run(int runs, PrintStream out) throws Exception {
    if (!Coturn.installed()) {
      out.println("relay rows skipped: " + Coturn.notInstalledReason());
    }
    out.printf(
        Locale.ROOT,
        "ICE, start of gathering -> both connected, %d runs each (own: after one warm-up run)%n",
        runs);
    Sample ownHost = own(runs, null);
    Sample ownRelay;
    Sample webrtcHost;
    Sample webrtcRelay;
    Optional<String> nodeProblem = nodeProblem();
    webrtcHost =
        nodeProblem.isPresent() ? Sample.skipped(nodeProblem.get()) : libwebrtc(runs, null);
    if (Coturn.installed()) {
      try (Coturn coturn = Coturn.start(Coturn.Options.defaults())) {
        ownRelay = own(runs, coturn);
        webrtcRelay =
            nodeProblem.isPresent() ? Sample.skipped(nodeProblem.get()) : libwebrtc(runs, coturn);
      }
    } else {
      ownRelay = Sample.skipped(Coturn.notInstalledReason());
      webrtcRelay = Sample.skipped(Coturn.notInstalledReason());
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "%-12s %10s %10s %6s %14s %14s %6s %12s%n",
        "topology",
        "own p50 ms",
        "own p90 ms",
        "fail",
        "libwebrtc p50",
        "libwebrtc p90",
        "fail",
        "own/libwebrtc");
    row(out, "host-only", ownHost, webrtcHost);
    row(out, "relay-only", ownRelay, webrtcRelay);
    for (Sample s : List.of(ownHost, ownRelay, webrtcHost, webrtcRelay)) {
      if (s.note() != null) {
        out.println("note: " + s.note());
      }
    }
    out.flush();
    return 0;
  }

  private static void row(PrintStream out, String name, Sample own, Sample other) {
    String ratio =
        own.ms().isEmpty() || other.ms().isEmpty()
            ? "-"
            : String.format(Locale.ROOT, "%.2f", own.percentile(50) / other.percentile(50));
    out.printf(
        Locale.ROOT,
        "%-12s %10s %10s %6d %14s %14s %6s %12s%n",
        name,
        fmt(own, 50),
        fmt(own, 90),
        own.failed(),
        fmt(other, 50),
        fmt(other, 90),
        other.ms().isEmpty() && other.failed() == 0 ? "-" : Integer.toString(other.failed()),
        ratio);
  }

  private static String fmt(Sample s, double p) {
    return s.ms().isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f", s.percentile(p));
  }

  // ------------------------------------------------------------------------------------------
  // Own agents

  private static Sample own(int runs, Coturn coturn) {
    List<Double> ms = new ArrayList<>();
    int failed = 0;
    String note = null;
    // One uncounted run first: the JIT, Netty and the crypto providers warm up (libwebrtc is
    // native code and needs none).
    for (int i = -1; i < runs; i++) {
      try {
        double t = coturn == null ? ownHostOnce() : ownRelayOnce(coturn);
        if (i >= 0) {
          ms.add(t);
        }
      } catch (Exception e) {
        failed += i >= 0 ? 1 : 0;
        note = "own " + (coturn == null ? "host" : "relay") + " run failed: " + e;
      }
    }
    return new Sample(ms, failed, note);
  }

  private static void wire(IceUdpTransport from, IceUdpTransport to) {
    from.onEvent(
        e -> {
          if (e instanceof IceEvent.LocalCandidate c) {
            to.addRemoteCandidate(Candidate.parse(c.candidate().toSdp()));
          } else if (e instanceof IceEvent.LocalEndOfCandidates) {
            to.endOfRemoteCandidates();
          }
        });
  }

  private static double ownHostOnce() throws Exception {
    try (IceUdpTransport a =
            IceUdpTransport.create(
                new IceAgent(IceConfig.defaults(), IceRole.CONTROLLING),
                IceUdpTransport.Options.loopbackOnly());
        IceUdpTransport b =
            IceUdpTransport.create(
                new IceAgent(IceConfig.defaults(), IceRole.CONTROLLED),
                IceUdpTransport.Options.loopbackOnly())) {
      wire(a, b);
      wire(b, a);
      a.setRemoteCredentials(b.localCredentials());
      b.setRemoteCredentials(a.localCredentials());
      long start = System.nanoTime();
      a.gather(RUN_TIMEOUT);
      b.gather(RUN_TIMEOUT);
      a.connected().get(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      b.connected().get(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return (System.nanoTime() - start) / 1e6;
    }
  }

  private static double ownRelayOnce(Coturn coturn) throws Exception {
    TurnConfig config = TurnConfig.of(coturn.username(), coturn.password());
    InetSocketAddress server = coturn.stunAddress();
    try (TurnRelay relayA = new TurnRelay(TurnConnection.open(server, config, null, RUN_TIMEOUT));
        TurnRelay relayB = new TurnRelay(TurnConnection.open(server, config, null, RUN_TIMEOUT));
        IceUdpTransport a =
            IceUdpTransport.create(
                new IceAgent(IceConfig.defaults(), IceRole.CONTROLLING),
                IceUdpTransport.Options.loopbackOnly().withRelayOnly(relayA));
        IceUdpTransport b =
            IceUdpTransport.create(
                new IceAgent(IceConfig.defaults(), IceRole.CONTROLLED),
                IceUdpTransport.Options.loopbackOnly().withRelayOnly(relayB))) {
      wire(a, b);
      wire(b, a);
      a.setRemoteCredentials(b.localCredentials());
      b.setRemoteCredentials(a.localCredentials());
      long start = System.nanoTime();
      a.gather(RUN_TIMEOUT);
      b.gather(RUN_TIMEOUT);
      // Both allocations at once, as a browser gathers both peers' candidates in parallel.
      var allocB = java.util.concurrent.CompletableFuture.runAsync(() -> allocate(relayB, b));
      allocate(relayA, a);
      allocB.get(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      a.connected().get(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      b.connected().get(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return (System.nanoTime() - start) / 1e6;
    }
  }

  private static void allocate(TurnRelay relay, IceUdpTransport transport) {
    try {
      relay.allocate(RUN_TIMEOUT);
    } catch (Exception e) {
      throw new IllegalStateException("TURN allocation failed: " + e.getMessage(), e);
    }
    relay.attach(transport, true);
  }

  // ------------------------------------------------------------------------------------------
  // libwebrtc through node

  /** Why the libwebrtc column cannot be measured here, if it cannot. */
  static Optional<String> nodeProblem() {
    Optional<Path> script = benchScript();
    if (script.isEmpty()) {
      return Optional.of(
          "libwebrtc column skipped: interop/shims/node/bench-ice.js not found (run from the"
              + " checkout or set -Drtcheck.home)");
    }
    if (!onPath("node")) {
      return Optional.of("libwebrtc column skipped: no node on PATH");
    }
    Path wrtc = script.get().getParent().resolve("node_modules").resolve("@roamhq").resolve("wrtc");
    if (!Files.isDirectory(wrtc)) {
      return Optional.of(
          "libwebrtc column skipped: "
              + wrtc
              + " is missing (npm ci in "
              + script.get().getParent()
              + ")");
    }
    return Optional.empty();
  }

  private static Optional<Path> benchScript() {
    return ShimSubjectProvider.shimsRoot()
        .map(r -> r.resolve("node").resolve("bench-ice.js"))
        .filter(Files::isRegularFile);
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  private static Sample libwebrtc(int runs, Coturn coturn) {
    Path script = benchScript().orElseThrow();
    List<String> cmd = new ArrayList<>(List.of("node", script.toString(), "--runs", "" + runs));
    if (coturn != null) {
      InetSocketAddress s = coturn.stunAddress();
      cmd.addAll(
          List.of(
              "--relay",
              "turn:" + s.getAddress().getHostAddress() + ":" + s.getPort() + "?transport=udp",
              "--user",
              coturn.username(),
              "--password",
              coturn.password()));
    }
    List<Double> ms = new ArrayList<>();
    int[] failed = {0};
    String[] note = {null};
    String problem =
        NodeJsonLines.run(
            cmd,
            script.getParent(),
            Duration.ofMillis(NODE_TIMEOUT_PER_RUN.toMillis() * runs + 10_000),
            n -> {
              if (n.has("ms")) {
                ms.add(n.path("ms").asDouble());
              } else if (n.has("error")) {
                failed[0]++;
                note[0] = "libwebrtc run failed: " + n.path("error").asText();
              }
            });
    if (problem != null && ms.isEmpty()) {
      return Sample.skipped("libwebrtc column skipped: " + problem);
    }
    return new Sample(ms, failed[0], problem != null ? "libwebrtc: " + problem : note[0]);
  }
}

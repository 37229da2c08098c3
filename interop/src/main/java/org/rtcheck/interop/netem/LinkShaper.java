package org.rtcheck.interop.netem;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies the queueing part of a {@link LinkImpairment} to a router's interfaces: delay and jitter
 * through the {@code netem} qdisc (with its own {@code rate} when a bandwidth limit is asked too),
 * or where the kernel has no {@code sch_netem} through {@link ForwardDelay} (NFQUEUE) beside {@code
 * tbf}; a bandwidth limit alone through {@code tbf}. Loss is not here: {@link NatRuleset} drops at
 * random with nftables, which works on kernels without {@code sch_netem}.
 */
public final class LinkShaper {
  // tbf needs a bucket of at least one MTU-sized packet; 10 ms of traffic above that.
  private static final long MIN_BURST_BYTES = 1600;
  private static final String TBF_LATENCY = "200ms";

  private final CommandRunner commands;

  public LinkShaper(CommandRunner commands) {
    this.commands = commands;
  }

  /**
   * Shapes egress of each interface of {@code namespace}, so with a router's {@code wan} and {@code
   * lan} both directions are shaped.
   *
   * @return the delay program to close with the network, when the NFQUEUE fallback is used
   * @throws UnsupportedImpairmentException when delay or jitter is asked, the kernel has no {@code
   *     sch_netem} and the fallback cannot run (no python3 or iptables)
   */
  public Optional<ForwardDelay> apply(
      String namespace, List<String> interfaces, LinkImpairment impairment) throws NetemException {
    if (impairment.needsNetem()) {
      for (String dev : interfaces) {
        List<String> cmd =
            new ArrayList<>(
                List.of("tc", "-n", namespace, "qdisc", "add", "dev", dev, "root", "netem"));
        cmd.add("delay");
        cmd.add(micros(impairment.delay().orElseThrow().toNanos()));
        impairment.jitter().ifPresent(j -> cmd.add(micros(j.toNanos())));
        impairment.rateBitsPerSecond().ifPresent(r -> cmd.addAll(List.of("rate", r + "bit")));
        CommandRunner.Result r = commands.attempt("add netem to " + dev, cmd, Optional.empty());
        if (r.exitCode() != 0) {
          if (r.stderr().contains("qdisc kind is unknown")) {
            return Optional.of(withoutNetem(namespace, interfaces, impairment, r.stderr()));
          }
          throw new NetemException(
              "`" + String.join(" ", cmd) + "` failed in " + namespace + ": " + r.stderr().strip());
        }
      }
      return Optional.empty();
    }
    limitRate(namespace, interfaces, impairment);
    return Optional.empty();
  }

  /**
   * No {@code sch_netem}: the rate through {@code tbf}, delay and jitter through {@link
   * ForwardDelay} (NFQUEUE), or a typed error when that cannot run either.
   */
  private ForwardDelay withoutNetem(
      String namespace, List<String> interfaces, LinkImpairment impairment, String tcSays)
      throws NetemException {
    Optional<String> reason = ForwardDelay.unavailableReason();
    if (reason.isPresent()) {
      throw new UnsupportedImpairmentException(
          "delay and jitter need the kernel's sch_netem qdisc, and this kernel ("
              + System.getProperty("os.version")
              + ") has none (`tc qdisc add ... netem` says: "
              + tcSays.strip()
              + "), and "
              + reason.get()
              + "; loss= and rate= work without it");
    }
    limitRate(namespace, interfaces, impairment);
    return ForwardDelay.start(
        commands, namespace, impairment.delay().orElseThrow(), impairment.jitter());
  }

  private void limitRate(String namespace, List<String> interfaces, LinkImpairment impairment)
      throws NetemException {
    if (impairment.rateBitsPerSecond().isPresent()) {
      long rate = impairment.rateBitsPerSecond().getAsLong();
      long burst = Math.max(MIN_BURST_BYTES, rate / 8 / 100);
      for (String dev : interfaces) {
        commands.run(
            "limit the rate of " + dev + " in " + namespace,
            List.of(
                "tc",
                "-n",
                namespace,
                "qdisc",
                "add",
                "dev",
                dev,
                "root",
                "tbf",
                "rate",
                rate + "bit",
                "burst",
                Long.toString(burst),
                "latency",
                TBF_LATENCY));
      }
    }
  }

  private static String micros(long nanos) {
    return (nanos / 1000) + "us";
  }
}

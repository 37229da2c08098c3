package org.rtcheck.cli.net;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.rtcheck.interop.netem.FirewallProfile;
import org.rtcheck.interop.netem.LanHost;
import org.rtcheck.interop.netem.LinkImpairment;
import org.rtcheck.interop.netem.NatClassification;
import org.rtcheck.interop.netem.NatRouter;
import org.rtcheck.interop.netem.NatSelfCheck;
import org.rtcheck.interop.netem.NatSpec;
import org.rtcheck.interop.netem.NetemException;
import org.rtcheck.interop.netem.NetemSupport;
import org.rtcheck.interop.netem.Reaper;
import org.rtcheck.interop.netem.RouterSpec;
import org.rtcheck.interop.netem.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code rtcheck net up}: builds an emulated network that stays until {@code net down}. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Builds an emulated network and leaves it running: the internet namespace with coturn on"
          + " 198.18.0.1:3478 and 198.18.0.2:3479 (RFC 5780), one NAT router per --nat, and"
          + " --lan-hosts hosts behind each. Enter a host with `ip netns exec NAMESPACE ...`; take"
          + " it down with `rtcheck net down PREFIX`.",
      "NAT types: full-cone, address-restricted, port-restricted, symmetric, or MAPPING+FILTERING"
          + " with MAPPING one of EIM, ADM, APDM and FILTERING one of EIF, ADF, APDF (RFC 4787).",
      "Exit status: 0 built (and, with --check, classified as labelled), 1 a NAT did not classify"
          + " as labelled (the network is taken down), 2 bad arguments or it cannot be built here."
    })
public final class NetUpCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--nat",
      paramLabel = "TYPE",
      required = true,
      description = "A NAT router of this type; repeat for several routers.")
  List<String> nats;

  @Option(
      names = "--lan-hosts",
      paramLabel = "N",
      defaultValue = "1",
      description = "Hosts in each router's LAN (1..50, default 1).")
  int lanHosts;

  @Option(
      names = "--impair",
      paramLabel = "SPEC",
      description =
          "Impairment of every router's links, both directions:"
              + " loss=N%%,rate=N(kbit|mbit),delay=Nms,jitter=Nms (delay and jitter need the"
              + " kernel's sch_netem).")
  String impair;

  @Option(
      names = "--firewall",
      paramLabel = "PROFILE",
      defaultValue = "open",
      description = "What each router lets out: open, udp-blocked or tcp-443-only.")
  String firewall;

  @Option(names = "--no-hairpinning", description = "Routers do not hairpin (RFC 4787 §6).")
  boolean noHairpinning;

  @Option(
      names = "--mapping-timeout",
      paramLabel = "S",
      description = "Idle UDP mapping timeout in seconds (default 120, RFC 4787 §4.3 REQ-5).")
  Integer mappingTimeoutSeconds;

  @Option(
      names = "--check",
      description =
          "Classify every NAT with RFC 5780 discovery from its first host before returning.")
  boolean check;

  @Option(names = "--json", description = "Print the namespaces and addresses as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<String> unavailable = NetemSupport.unavailableReason();
    if (unavailable.isPresent()) {
      err.println("net up: " + unavailable.get());
      return 2;
    }
    Topology.Builder builder = Topology.builder().stunServer(true).detached(true);
    try {
      LinkImpairment impairment =
          impair == null ? LinkImpairment.NONE : LinkImpairment.parse(impair);
      FirewallProfile profile = FirewallProfile.parse(firewall);
      for (String n : nats) {
        NatSpec nat = NatSpec.parse(n).withHairpinning(!noHairpinning);
        if (mappingTimeoutSeconds != null) {
          nat = nat.withMappingTimeout(Duration.ofSeconds(mappingTimeoutSeconds));
        }
        builder.router(new RouterSpec(nat, lanHosts, profile, impairment));
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Topology topology;
    try {
      topology = builder.build();
    } catch (NetemException e) {
      err.println("net up: " + e.getMessage());
      return 2;
    }
    if (check) {
      List<NatClassification> results;
      try {
        results = new NatSelfCheck(2).run(topology);
      } catch (NetemException e) {
        err.println("net up: self-check failed, taking the network down: " + e.getMessage());
        new Reaper().remove(topology.prefix());
        return 2;
      }
      for (NatClassification r : results) {
        (json ? err : out).println("check " + r.router() + ": " + r);
      }
      if (results.stream().anyMatch(r -> !r.matches())) {
        err.println("net up: a NAT did not classify as labelled; taking the network down");
        new Reaper().remove(topology.prefix());
        return 1;
      }
    }
    if (json) {
      out.println(topology.toJson());
    } else {
      print(out, topology);
    }
    return 0;
  }

  private static void print(PrintWriter out, Topology t) {
    out.printf(Locale.ROOT, "prefix    %s%n", t.prefix());
    out.printf(Locale.ROOT, "internet  %s  198.18.0.1, 198.18.0.2%n", t.internetNamespace());
    t.stunAddress()
        .ifPresent(
            s ->
                out.printf(
                    Locale.ROOT,
                    "stun      %s:%d (RFC 5780 alternate 198.18.0.2:%d)%n",
                    s.getAddress().getHostAddress(),
                    s.getPort(),
                    s.getPort() + 1));
    for (NatRouter r : t.routers()) {
      out.printf(
          Locale.ROOT,
          "router    %s  %s (%s)  wan %s  lan %s/%d%n",
          r.namespace(),
          r.spec().nat().label(),
          r.spec().nat().expectedType().label(),
          r.wanAddress().getHostAddress(),
          r.lanGateway().getHostAddress(),
          r.lanPrefixLength());
      for (LanHost h : r.hosts()) {
        out.printf(Locale.ROOT, "  host    %s  %s%n", h.namespace(), h.address().getHostAddress());
      }
    }
    out.printf(Locale.ROOT, "down with: rtcheck net down %s%n", t.prefix());
  }
}

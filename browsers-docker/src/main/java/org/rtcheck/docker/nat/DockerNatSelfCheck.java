package org.rtcheck.docker.nat;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.rtcheck.docker.coturn.CoturnContainer;
import org.rtcheck.docker.run.DockerRun;
import org.rtcheck.interop.fixture.TurnServerSpec;
import org.rtcheck.interop.netem.NatClassification;
import org.rtcheck.interop.netem.NatSelfCheck;
import org.rtcheck.interop.netem.NatSpec;
import org.testcontainers.containers.Network;

/**
 * One NAT scenario of the docker environment, the counterpart of {@link NatSelfCheck} on network
 * namespaces: a per-run "lan" and "internet" network, a {@link NatRouterContainer} between them,
 * coturn on the internet network with two addresses (RFC 5780 OTHER-ADDRESS) and the own RFC 5780
 * client on the LAN ({@link NatProbeContainer}); the router is classified against how it was built
 * with the same judgement as the local self-check.
 */
public final class DockerNatSelfCheck {

  private DockerNatSelfCheck() {}

  /** The classification and the router's loaded rules (evidence). */
  public record Outcome(NatClassification classification, String ruleset) {}

  /** Builds the topology in {@code run} (removed when the run closes) and classifies the NAT. */
  public static Outcome classify(DockerRun run, NatSpec nat) throws IOException {
    Network lan = run.network("lan");
    Network internet = run.network("internet");
    try (CoturnContainer coturn =
            CoturnContainer.startWithTwoAddresses(run, internet, TurnServerSpec.defaults());
        NatRouterContainer router = NatRouterContainer.start(run, nat, lan, internet)) {
      InetSocketAddress stun = coturn.stunAddress();
      NatProbeContainer.Result r = NatProbeContainer.run(run, lan, router.lanAddress(), stun);
      NatClassification c = NatSelfCheck.classify(nat, router.name(), r.host(), r.json(), r.took());
      return new Outcome(c, router.ruleset());
    }
  }
}

package org.rtcheck.interop.netem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcheck.interop.fixture.Coturn;
import org.rtcheck.stack.nat.NatType;

/**
 * Builds every RFC 4787 mapping × filtering combination (the four classic NATs among them), a NAT
 * without hairpinning and two firewalled LANs, each behind its own router, with coturn (RFC 5780)
 * in the internet namespace, and checks that the own RFC 5780 discovery classifies each as built.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NatSelfCheckTest {

  @Test
  void everyEmulatedNatClassifiesAsLabelled() throws Exception {
    assumeTrue(NetemSupport.available(), () -> NetemSupport.unavailableReason().orElse(""));
    assumeTrue(Coturn.installed(), Coturn::notInstalledReason);
    Topology.Builder b = Topology.builder().stunServer(true);
    List<NatSpec> specs = new ArrayList<>(NatSpec.grid());
    specs.forEach(b::router);
    b.router(NatSpec.classic(NatType.PORT_RESTRICTED_CONE).withHairpinning(false));
    b.router(
        new RouterSpec(
            NatSpec.classic(NatType.FULL_CONE),
            1,
            FirewallProfile.UDP_BLOCKED,
            LinkImpairment.NONE));
    b.router(
        new RouterSpec(
            NatSpec.classic(NatType.FULL_CONE),
            1,
            FirewallProfile.TCP_443_ONLY,
            LinkImpairment.NONE));
    long t0 = System.nanoTime();
    Topology topology = b.build();
    String prefix = topology.prefix();
    List<NatClassification> results;
    try {
      System.out.printf(
          "netem: built %d routers in %d ms%n",
          topology.routers().size(), (System.nanoTime() - t0) / 1_000_000);
      long t1 = System.nanoTime();
      results = new NatSelfCheck(3).run(topology);
      System.out.printf("netem: self-check took %d ms%n", (System.nanoTime() - t1) / 1_000_000);
      results.forEach(r -> System.out.println("netem: " + r));
    } finally {
      long t2 = System.nanoTime();
      topology.close();
      System.out.printf("netem: teardown took %d ms%n", (System.nanoTime() - t2) / 1_000_000);
    }
    assertThat(new Reaper().namespacesWithPrefix(prefix)).isEmpty();
    assertThat(RunRecord.find(RunRecord.ROOT, prefix)).isEmpty();
    assertThat(results).hasSize(specs.size() + 3);
    assertThat(results).allSatisfy(r -> assertThat(r.mismatch()).isEmpty());
    // The four classic names are among them.
    assertThat(results.stream().map(NatClassification::natType))
        .contains("full-cone", "address-restricted-cone", "port-restricted-cone", "symmetric");
  }
}

package org.rtcheck.interop.netem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcheck.interop.fixture.Coturn;
import org.rtcheck.stack.nat.NatType;
import org.rtcheck.stack.turn.TurnTransport;

/**
 * The firewall fallback: a host whose network drops all UDP ({@link FirewallProfile#UDP_BLOCKED})
 * still connects to a peer behind an open full-cone NAT, through a TURN allocation it reaches over
 * TCP (RFC 6062 is not needed: the allocation itself relays UDP, RFC 8656 §3.1); a host behind
 * {@link FirewallProfile#TCP_443_ONLY} does the same over TLS to port 443. Their only working local
 * candidate is the relayed one, so the selected pair must use it.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class IceFirewallRelayTest {

  @Test
  void udpBlockedHostConnectsThroughTurnOverTcp() throws Exception {
    assumeTrue(NetemSupport.available(), () -> NetemSupport.unavailableReason().orElse(""));
    assumeTrue(Coturn.installed(), Coturn::notInstalledReason);
    NatSpec nat = NatSpec.classic(NatType.FULL_CONE);
    String prefix;
    try (Topology t =
        Topology.builder()
            .stunServer(true)
            .router(new RouterSpec(nat, 1, FirewallProfile.UDP_BLOCKED, LinkImpairment.NONE))
            .router(new RouterSpec(nat, 1, FirewallProfile.OPEN, LinkImpairment.NONE))
            .build()) {
      prefix = t.prefix();
      IceCellOutcome c =
          new IceNatMatrix(Duration.ofSeconds(8))
              .run(t, t.router(1), t.router(2), Optional.of(TurnTransport.TCP), Optional.empty());
      System.out.println("ice: udp-blocked (TURN/TCP) x open: " + c);
      assertThat(c.connected()).as(c.toString()).isTrue();
      assertThat(c.localType()).as(c.toString()).contains("RELAYED");
    }
    assertThat(new Reaper().namespacesWithPrefix(prefix)).isEmpty();
  }

  @Test
  void tcp443OnlyHostConnectsThroughTurnOverTlsOn443() throws Exception {
    assumeTrue(NetemSupport.available(), () -> NetemSupport.unavailableReason().orElse(""));
    assumeTrue(Coturn.installed(), Coturn::notInstalledReason);
    NatSpec nat = NatSpec.classic(NatType.FULL_CONE);
    String prefix;
    try (Topology t =
        Topology.builder()
            .stunServer(true)
            .turnTls(true)
            .router(new RouterSpec(nat, 1, FirewallProfile.TCP_443_ONLY, LinkImpairment.NONE))
            .router(new RouterSpec(nat, 1, FirewallProfile.OPEN, LinkImpairment.NONE))
            .build()) {
      prefix = t.prefix();
      assertThat(t.coturn().orElseThrow().tlsAddress())
          .hasValueSatisfying(a -> assertThat(a.getPort()).isEqualTo(443));
      IceCellOutcome c =
          new IceNatMatrix(Duration.ofSeconds(8))
              .run(t, t.router(1), t.router(2), Optional.of(TurnTransport.TLS), Optional.empty());
      System.out.println("ice: tcp-443-only (TURN/TLS) x open: " + c);
      assertThat(c.connected()).as(c.toString()).isTrue();
      assertThat(c.localType()).as(c.toString()).contains("RELAYED");
    }
    assertThat(new Reaper().namespacesWithPrefix(prefix)).isEmpty();
  }
}

package org.rtcheck.interop.netem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcheck.interop.fixture.Coturn;
import org.rtcheck.stack.nat.MappingLifetime;
import org.rtcheck.stack.nat.NatType;

/**
 * A NAT built with a 3 s mapping timeout: RFC 5780 §4.6 lifetime discovery from behind it must
 * bracket 3 s (waits of 1, 2, 4 s, then bisection). A wait of exactly 3 s may land either side: the
 * answer arrives a round trip after the timer.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MappingTimeoutTest {

  @Test
  void lifetimeDiscoveryBracketsTheConfiguredTimeout() throws Exception {
    assumeTrue(NetemSupport.available(), () -> NetemSupport.unavailableReason().orElse(""));
    assumeTrue(Coturn.installed(), Coturn::notInstalledReason);
    NatSpec nat =
        NatSpec.classic(NatType.PORT_RESTRICTED_CONE).withMappingTimeout(Duration.ofSeconds(3));
    MappingLifetime lifetime;
    try (Topology t = Topology.builder().stunServer(true).router(nat).build()) {
      lifetime =
          new NatSelfCheck(1)
              .measureLifetime(
                  t.router(1),
                  t.stunAddress().orElseThrow(),
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(8));
    }
    System.out.println("netem: 3 s mapping timeout measured as " + lifetime);
    assertThat(lifetime.atLeast()).isLessThanOrEqualTo(Duration.ofSeconds(3));
    assertThat(lifetime.lessThan())
        .hasValueSatisfying(
            l ->
                assertThat(l)
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(3))
                    .isLessThanOrEqualTo(Duration.ofSeconds(4)));
    assertThat(lifetime.atLeast()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
  }
}

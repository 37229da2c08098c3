package org.rtcheck.interop.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcheck.interop.fixture.Coturn;
import org.rtcheck.stack.nat.FilteringBehavior;
import org.rtcheck.stack.nat.Hairpinning;
import org.rtcheck.stack.nat.MappingBehavior;
import org.rtcheck.stack.nat.NatBehavior;
import org.rtcheck.stack.nat.NatDiscoveryConfig;
import org.rtcheck.stack.nat.NatPresence;
import org.rtcheck.stack.nat.NatTest;
import org.rtcheck.stack.nat.NatType;
import org.rtcheck.stack.nat.Observation;
import org.rtcheck.stack.nat.Rfc5780Problem;
import org.rtcheck.stack.net.NatBehaviorDiscovery;

/**
 * The own RFC 5780 client against a real coturn listening on 127.0.0.1 and 127.0.0.2, two ports
 * each. Loopback has no NAT, so the expected answer is open internet: endpoint-independent mapping
 * and filtering, and every RFC 5780 attribute honoured.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NatDiscoveryCoturnTest {
  private static Coturn coturn;

  @BeforeAll
  static void startCoturn() throws Exception {
    assumeTrue(Coturn.installed(), Coturn::notInstalledReason);
    coturn = Coturn.start(Coturn.Options.defaults().rfc5780(true));
  }

  @AfterAll
  static void stopCoturn() {
    if (coturn != null) {
      coturn.close();
    }
  }

  @Test
  void loopbackIsOpenInternetWithEndpointIndependentMappingAndFiltering() throws Exception {
    NatBehavior r =
        NatBehaviorDiscovery.discover(NatDiscoveryConfig.forServer(coturn.stunAddress()));

    assertThat(r.problems()).isEmpty();
    assertThat(r.presence()).isEqualTo(NatPresence.NO_NAT);
    assertThat(r.mappedAddress()).contains(r.localAddress());
    assertThat(r.alternateAddress()).isEqualTo(coturn.otherAddress());
    assertThat(r.software()).hasValueSatisfying(s -> assertThat(s).containsIgnoringCase("coturn"));
    assertThat(r.mapping()).contains(MappingBehavior.ENDPOINT_INDEPENDENT);
    assertThat(r.filtering()).contains(FilteringBehavior.ENDPOINT_INDEPENDENT);
    assertThat(r.hairpinning()).isEqualTo(Hairpinning.SUPPORTED);
    assertThat(r.natType()).isEqualTo(NatType.OPEN_INTERNET);
    // RFC 5780 §4.4 test II was answered from the other IP address and port: coturn honoured
    // CHANGE-REQUEST, and nothing on loopback filtered the answer.
    assertThat(r.observations())
        .filteredOn(o -> o.test() == NatTest.FILTERING_CHANGE_IP_AND_PORT)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.outcome()).isEqualTo(Observation.Outcome.ANSWERED);
              assertThat(o.respondedFrom()).isEqualTo(coturn.otherAddress());
            });
  }

  @Test
  void mappingTestsTwoAndThreeRunAgainstCoturnsAlternateAddresses() throws Exception {
    // No NAT means RFC 5780 §4.3 stops after test I; naming the alternate explicitly still checks
    // that coturn answers on 127.0.0.2 with the same mapping (endpoint-independent).
    InetSocketAddress alternate = coturn.otherAddress().orElseThrow();
    NatBehavior r =
        NatBehaviorDiscovery.discover(
            NatDiscoveryConfig.forServer(coturn.stunAddress()).withAlternate(alternate));

    assertThat(r.natType()).isEqualTo(NatType.OPEN_INTERNET);
    assertThat(r.alternateAddress()).contains(alternate);
    assertThat(r.problems()).isEmpty();
  }

  @Test
  void mappingLifetimeUsesResponsePortAndOutlivesAShortMaximum() throws Exception {
    NatBehavior r =
        NatBehaviorDiscovery.discover(
            NatDiscoveryConfig.forServer(coturn.stunAddress())
                .withHairpinning(false)
                .withMappingLifetime(Duration.ofMillis(100), Duration.ofMillis(300)));

    assertThat(r.problems()).isEmpty();
    // Without a NAT nothing expires: every RESPONSE-PORT answer reached the probe socket.
    assertThat(r.mappingLifetime())
        .hasValueSatisfying(
            l -> {
              assertThat(l.atLeast()).isEqualTo(Duration.ofMillis(300));
              assertThat(l.outlivedMaximum()).isTrue();
            });
    assertThat(r.observations())
        .filteredOn(o -> o.test() == NatTest.LIFETIME_CHECK)
        .extracting(o -> o.silence().toMillis())
        .containsExactly(100L, 200L, 300L);
  }

  @Test
  void withoutRfc5780CoturnLeavesTheBehaviourUndetermined() throws Exception {
    try (Coturn plain = Coturn.start(Coturn.Options.defaults())) {
      NatBehavior r =
          NatBehaviorDiscovery.discover(
              NatDiscoveryConfig.forServer(plain.stunAddress()).withHairpinning(false));

      assertThat(r.has(Rfc5780Problem.Kind.NO_OTHER_ADDRESS)).isTrue();
      assertThat(r.filtering()).isEmpty();
      // Still no NAT on loopback, which test I alone shows.
      assertThat(r.natType()).isEqualTo(NatType.OPEN_INTERNET);
    }
  }
}

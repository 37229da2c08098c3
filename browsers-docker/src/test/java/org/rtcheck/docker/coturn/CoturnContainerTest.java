package org.rtcheck.docker.coturn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcheck.docker.DockerAssumptions;
import org.rtcheck.docker.run.DockerRun;
import org.rtcheck.interop.fixture.TurnServer;
import org.rtcheck.stack.nat.NatBehavior;
import org.rtcheck.stack.nat.NatDiscoveryConfig;
import org.rtcheck.stack.nat.NatTest;
import org.rtcheck.stack.nat.Observation;
import org.rtcheck.stack.net.BindingResult;
import org.rtcheck.stack.net.NatBehaviorDiscovery;
import org.rtcheck.stack.net.StunBindingClient;

/**
 * The docker environment's coturn: built from browsers-docker/coturn, started on two networks of
 * its own run, checked with the own STUN client and the RFC 5780 discovery, then removed.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CoturnContainerTest {
  private static DockerRun run;
  private static TurnServer coturn;

  @BeforeAll
  static void start() throws Exception {
    DockerAssumptions.assumeDocker();
    run = DockerRun.start(Path.of("target", "docker-evidence"));
    coturn = CoturnContainer.start(run);
  }

  @AfterAll
  static void stop() {
    if (coturn != null) {
      coturn.close();
    }
    if (run != null) {
      run.close();
    }
  }

  @Test
  void answersABindingRequestWithTheMappedAddress() throws Exception {
    try (StunBindingClient client = StunBindingClient.open()) {
      BindingResult r =
          client
              .bind(coturn.stunAddress(), java.time.Duration.ofSeconds(2))
              .get(5, TimeUnit.SECONDS);
      assertThat(r.mappedAddress()).isNotNull();
      assertThat(r.mappedAddress().getPort()).isPositive();
    }
    assertThat(coturn.version()).matches("[0-9]+\\.[0-9]+.*");
  }

  @Test
  void honoursRfc5780FromItsSecondAddress() throws Exception {
    NatBehavior r =
        NatBehaviorDiscovery.discover(
            NatDiscoveryConfig.forServer(coturn.stunAddress()).withHairpinning(false));

    assertThat(r.alternateAddress()).isEqualTo(coturn.otherAddress());
    assertThat(r.software()).hasValueSatisfying(s -> assertThat(s).containsIgnoringCase("coturn"));
    // RFC 5780 §4.4 test II: answered from the other address and port (CHANGE-REQUEST honoured).
    assertThat(r.observations())
        .filteredOn(o -> o.test() == NatTest.FILTERING_CHANGE_IP_AND_PORT)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.outcome()).isEqualTo(Observation.Outcome.ANSWERED);
              assertThat(o.respondedFrom()).isEqualTo(coturn.otherAddress());
            });
  }
}

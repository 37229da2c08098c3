package org.rtcheck.docker.coturn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rtcheck.interop.env.EnvironmentKind;
import org.rtcheck.interop.fixture.TurnServer;
import org.rtcheck.interop.fixture.TurnServers;
import org.rtcheck.stack.net.StunBindingClient;

/** One check, every environment: the same TurnServer interface answers STUN in each. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TurnServersTest {

  @ParameterizedTest
  @EnumSource(EnvironmentKind.class)
  void eachEnvironmentsServerAnswersBindingWithAnOtherAddress(EnvironmentKind env)
      throws Exception {
    try (TurnServer server = TurnServers.start(env);
        StunBindingClient client = StunBindingClient.open()) {
      assertThat(server.otherAddress()).isPresent();
      assertThat(
              client
                  .bind(server.stunAddress(), Duration.ofSeconds(2))
                  .get(5, TimeUnit.SECONDS)
                  .mappedAddress())
          .isNotNull();
      assertThat(server.version()).matches("[0-9]+\\..*");
    }
  }
}

package org.rtcheck.interop.subject.own;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.interop.fixture.Coturn;

/** {@code stun.nat-type} of the own subject against a real coturn with RFC 5780. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NatCapabilityTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void classifiesLoopbackThroughCoturnAsOpenInternet() throws Exception {
    assumeTrue(Coturn.installed(), Coturn::notInstalledReason);
    try (Coturn coturn = Coturn.start(Coturn.Options.defaults().rfc5780(true));
        OwnStackSubject own = new OwnStackSubject()) {
      assertThat(own.capabilities()).contains("stun.nat-type");
      JsonNode r =
          own.invoke(
              "stun.nat-type",
              JSON.createObjectNode()
                  .put("host", "127.0.0.1")
                  // ${…} references arrive as text: a port as a string must work
                  .put("port", Integer.toString(coturn.stunAddress().getPort()))
                  .put("lifetimeMaxMs", 200));

      assertThat(r.path("natType").asText()).isEqualTo("open-internet");
      assertThat(r.path("mapping").asText()).isEqualTo("endpoint-independent");
      assertThat(r.path("filtering").asText()).isEqualTo("endpoint-independent");
      assertThat(r.path("hairpinning").asBoolean()).isTrue();
      assertThat(r.path("mappingLifetime").path("atLeastMs").asLong()).isEqualTo(200);
      assertThat(r.path("problems")).isEmpty();
      assertThat(r.path("alternateAddress").asText())
          .isEqualTo("127.0.0.2:" + (coturn.stunAddress().getPort() + 1));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{}|port must be 1..65535",
        "{\"host\": \"127.0.0.1\", \"port\": 70000}|port must be 1..65535",
        "{\"port\": 3478}|host is required",
        "{\"host\": \"x.invalid\", \"port\": 3478}|cannot resolve host",
        "{\"host\": \"127.0.0.1\", \"port\": 3478, \"timeoutMs\": 0}|timeoutMs must be a positive",
        "{\"host\": \"127.0.0.1\", \"port\": 3478, \"hairpinning\": \"yes\"}|true or false",
        "{\"host\": \"127.0.0.1\", \"port\": 3478,"
            + " \"alternate\": {\"host\": \"127.0.0.1\", \"port\": 3479}}|both IP address and port",
      })
  void badArgumentsAreInvalidArgs(String args, String message) throws Exception {
    try (OwnStackSubject own = new OwnStackSubject()) {
      assertThatThrownBy(() -> own.invoke("stun.nat-type", JSON.readTree(args)))
          .isInstanceOfSatisfying(
              SubjectException.class,
              e -> assertThat(e.kind()).isEqualTo(SubjectException.INVALID_ARGS))
          .hasMessageContaining(message);
    }
  }
}

package org.rtcheck.cli.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rtcheck.cli.Cli;
import org.rtcheck.cli.Cli.Result;
import org.rtcheck.interop.fixture.Coturn;
import org.rtcheck.stack.net.StunBindingServer;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StunNatTypeCommandTest {

  private static String hostPort(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class AgainstCoturnWithRfc5780 {
    private Coturn coturn;

    @BeforeAll
    void start() throws Exception {
      assumeTrue(Coturn.installed(), Coturn::notInstalledReason);
      coturn = Coturn.start(Coturn.Options.defaults().rfc5780(true));
    }

    @AfterAll
    void stop() {
      if (coturn != null) {
        coturn.close();
      }
    }

    @Test
    void printsMappingFilteringHairpinningAndTheClassicName() {
      Result r = Cli.run("stun", "nat-type", hostPort(coturn.stunAddress()));

      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.out())
          .contains("alternate address  " + hostPort(coturn.otherAddress().orElseThrow()))
          .contains("mapping            endpoint-independent (EIM)")
          .contains("filtering          endpoint-independent (EIF)")
          .contains("hairpinning        yes")
          .contains("NAT type           open internet")
          .doesNotContain("mapping lifetime")
          .doesNotContain("problem");
    }

    @Test
    void jsonWithTheMappingLifetime() throws Exception {
      Result r =
          Cli.run("stun", "nat-type", "--json", "--lifetime", "1", hostPort(coturn.stunAddress()));

      assertThat(r.exitCode()).as(r.describe()).isZero();
      JsonNode j = new ObjectMapper().readTree(r.out());
      assertThat(j.path("natType").asText()).isEqualTo("open-internet");
      assertThat(j.path("natTypeLabel").asText()).isEqualTo("open internet");
      assertThat(j.path("presence").asText()).isEqualTo("no-nat");
      assertThat(j.path("mapping").asText()).isEqualTo("endpoint-independent");
      assertThat(j.path("filtering").asText()).isEqualTo("endpoint-independent");
      assertThat(j.path("hairpinning").asBoolean()).isTrue();
      assertThat(j.path("mappedAddress").asText()).isEqualTo(j.path("localAddress").asText());
      assertThat(j.path("alternateAddress").asText())
          .isEqualTo(hostPort(coturn.otherAddress().orElseThrow()));
      assertThat(j.path("mappingLifetime").path("atLeastMs").asLong()).isEqualTo(1000);
      assertThat(j.path("mappingLifetime").has("lessThanMs")).isFalse();
      assertThat(j.path("problems")).isEmpty();
      assertThat(j.path("observations").get(0).path("test").asText()).isEqualTo("binding");
      assertThat(j.path("observations").get(0).path("reference").asText())
          .isEqualTo("RFC 5780 §4.3 test I");
    }
  }

  @Test
  void aServerWithoutRfc5780IsReportedWithTheProblem() throws Exception {
    try (StunBindingServer server =
        StunBindingServer.start(new InetSocketAddress("127.0.0.1", 0))) {
      Result r = Cli.run("stun", "nat-type", "--json", hostPort(server.localAddress()));

      // Loopback has no NAT, which test I alone shows; filtering stays unknown.
      assertThat(r.exitCode()).as(r.describe()).isZero();
      JsonNode j = new ObjectMapper().readTree(r.out());
      assertThat(j.path("natType").asText()).isEqualTo("open-internet");
      assertThat(j.path("filtering").isNull()).isTrue();
      assertThat(j.path("alternateAddress").isNull()).isTrue();
      assertThat(j.path("problems").get(0).path("kind").asText()).isEqualTo("no-other-address");

      Result text = Cli.run("stun", "nat-type", hostPort(server.localAddress()));
      assertThat(text.out())
          .contains("filtering          undetermined")
          .contains("problem            NO_OTHER_ADDRESS");
    }
  }

  @Test
  void nothingAnsweringIsUdpBlockedWithExitStatusOne() throws Exception {
    InetSocketAddress silent;
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      silent = (InetSocketAddress) s.getLocalSocketAddress();
    }
    Result r = Cli.run("stun", "nat-type", "--timeout", "1", hostPort(silent));

    assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
    assertThat(r.out()).contains("NAT type           UDP blocked");
    assertThat(r.unexpected()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.1:0|port 0 is not in 1..65535",
        "127.0.0.1:http|port \"http\" is not a number",
        "[::1|missing ']'",
        "no-such-host.invalid|cannot resolve host",
        ":3478|HOST[:PORT] expected",
      })
  void badServersAreUsageErrors(String server, String message) {
    Result r = Cli.run("stun", "nat-type", server);

    assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
    assertThat(r.err()).contains(message);
    assertThat(r.unexpected()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--timeout 0|--timeout must be at least 1 second",
        "--lifetime 0|--lifetime must be at least 1 second",
        "--alt 127.0.0.1:3479|must differ from the server",
        "--alt 127.0.0.2:3478|must differ from the server",
        "--local nowhere.invalid|cannot resolve host",
        "--local 0.0.0.0|must be concrete",
      })
  void badOptionsAreUsageErrors(String option, String message) {
    String[] o = option.split(" ");
    Result r = Cli.run("stun", "nat-type", o[0], o[1], "127.0.0.1:3478");

    assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
    assertThat(r.err()).contains(message);
    assertThat(r.unexpected()).isEmpty();
  }

  @Test
  void missingServerIsAUsageError() {
    Result r = Cli.run("stun", "nat-type");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("SERVER");
  }
}

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
import org.junit.jupiter.params.provider.ValueSource;
import org.rtcheck.cli.Cli;
import org.rtcheck.cli.Cli.Result;
import org.rtcheck.interop.fixture.Coturn;
import org.rtcheck.stack.net.StunBindingServer;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StunBindingCommandTest {

  private static String hostPort(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class AgainstCoturn {
    private Coturn coturn;

    @BeforeAll
    void start() throws Exception {
      assumeTrue(Coturn.installed(), Coturn::notInstalledReason);
      coturn = Coturn.start(Coturn.Options.defaults());
    }

    @AfterAll
    void stop() {
      if (coturn != null) {
        coturn.close();
      }
    }

    @Test
    void printsTheMappedAddressAndSoftware() {
      Result r = Cli.run("stun", "binding", hostPort(coturn.stunAddress()));
      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.out()).contains("XOR-MAPPED-ADDRESS 127.0.0.1:").contains("SOFTWARE Coturn");
    }

    @Test
    void json() throws Exception {
      Result r = Cli.run("stun", "binding", "--json", hostPort(coturn.stunAddress()));
      assertThat(r.exitCode()).as(r.describe()).isZero();
      JsonNode j = new ObjectMapper().readTree(r.out());
      assertThat(j.path("mappedAddress").asText()).isEqualTo("127.0.0.1");
      assertThat(j.path("mappedPort").asInt()).isBetween(1, 65535);
      assertThat(j.path("software").asText()).contains("Coturn");
      assertThat(j.path("server").asText()).isEqualTo(hostPort(coturn.stunAddress()));
    }
  }

  @Test
  void againstTheOwnServer() throws Exception {
    try (StunBindingServer server =
        StunBindingServer.start(new InetSocketAddress("127.0.0.1", 0))) {
      Result r = Cli.run("stun", "binding", hostPort(server.localAddress()));
      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.out())
          .contains("XOR-MAPPED-ADDRESS 127.0.0.1:")
          .contains("SOFTWARE " + StunBindingServer.SOFTWARE);

      Result j = Cli.run("stun", "binding", "--json", hostPort(server.localAddress()));
      assertThat(j.exitCode()).as(j.describe()).isZero();
      assertThat(new ObjectMapper().readTree(j.out()).path("software").asText())
          .isEqualTo(StunBindingServer.SOFTWARE);
    }
  }

  @Test
  void aClosedPortIsNoAnswer() throws Exception {
    int port;
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      port = s.getLocalPort();
    }
    Result r = Cli.run("stun", "binding", "--timeout", "1", "127.0.0.1:" + port);
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
    assertThat(r.unexpected()).isEmpty();
    assertThat(r.out()).contains("no answer");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nohostport", "127.0.0.1:99999", "127.0.0.1:x", "127.0.0.1:", ":3478"})
  void badHostPortIsBadInput(String server) {
    Result r = Cli.run("stun", "binding", "--timeout", "1", server);
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
    assertThat(r.unexpected()).isEmpty();
    assertThat(r.err()).isNotBlank();
  }

  @Test
  void aZeroTimeoutIsBadInput() {
    Result r = Cli.run("stun", "binding", "--timeout", "0", "127.0.0.1:3478");
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
    assertThat(r.err()).contains("--timeout");
  }
}

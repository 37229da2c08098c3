package org.rtcheck.cli.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtcheck.cli.Cli;
import org.rtcheck.cli.Cli.Result;
import org.rtcheck.interop.fixture.Coturn;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TurnAllocateCommandTest {
  private static Coturn coturn;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Coturn.installed(), Coturn::notInstalledReason);
    coturn = Coturn.start(Coturn.Options.defaults().tls(true));
  }

  @AfterAll
  static void stop() {
    if (coturn != null) {
      coturn.close();
    }
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp", "tls"})
  void allocatesRefreshesAndDeletes(String transport) {
    String server =
        hostPort(
            transport.equals("tls") ? coturn.tlsAddress().orElseThrow() : coturn.stunAddress());
    Result r =
        Cli.run(
            "turn",
            "allocate",
            server,
            "--user",
            coturn.username(),
            "--password",
            coturn.password(),
            "--transport",
            transport,
            "--insecure",
            "--realm",
            coturn.realm(),
            "--interval",
            "1",
            "--count",
            "1");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.out())
        .contains("relayed 127.0.0.1:")
        .contains("mapped 127.0.0.1:")
        .contains("lifetime 600 s")
        .contains("refreshed: lifetime 600 s")
        .contains("deleted");
  }

  @Test
  void wrongPasswordIsExitOneWithTheTypedReason() {
    Result r =
        Cli.run(
            "turn",
            "allocate",
            hostPort(coturn.stunAddress()),
            "--user",
            coturn.username(),
            "--password",
            "wrong",
            "--duration",
            "0");
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
    assertThat(r.out()).contains("error: unauthenticated (401)");
  }

  @Test
  void wrongRealmIsExitOne() {
    Result r =
        Cli.run(
            "turn",
            "allocate",
            hostPort(coturn.stunAddress()),
            "--user",
            coturn.username(),
            "--password",
            coturn.password(),
            "--realm",
            "elsewhere.example",
            "--duration",
            "0");
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
    assertThat(r.out()).contains("error: realm-mismatch");
  }

  @Test
  void noServerIsExitThree() throws Exception {
    InetSocketAddress nowhere;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      nowhere = new InetSocketAddress("127.0.0.1", s.getLocalPort());
    }
    Result r =
        Cli.run(
            "turn",
            "allocate",
            hostPort(nowhere),
            "--user",
            "u",
            "--password",
            "p",
            "--transport",
            "tcp",
            "--timeout",
            "2");
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(3);
    assertThat(r.out()).contains("error: connection");
  }

  @Test
  void badArgumentsAreExitTwo() {
    Result r = Cli.run("turn", "allocate", "nohostport", "--user", "u", "--password", "p");
    assertThat(r.exitCode()).isEqualTo(2);
    Result t =
        Cli.run(
            "turn",
            "allocate",
            "127.0.0.1:3478",
            "--user",
            "u",
            "--password",
            "p",
            "--transport",
            "sctp");
    assertThat(t.exitCode()).isEqualTo(2);
    assertThat(t.err()).contains("udp, tcp or tls");
  }
}

package org.rtcheck.interop.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rtcheck.interop.relay.Impairment.Action;
import org.rtcheck.interop.relay.Impairment.Direction;
import org.rtcheck.stack.dtls.DtlsCertificate;
import org.rtcheck.stack.dtls.DtlsConfig;
import org.rtcheck.stack.dtls.DtlsFingerprint;
import org.rtcheck.stack.dtls.DtlsHandshakeResult;
import org.rtcheck.stack.dtls.DtlsRole;
import org.rtcheck.stack.net.DtlsUdpSession;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ImpairingUdpRelayTest {

  private static final DtlsCertificate CLIENT = DtlsCertificate.generateEcdsa();
  private static final DtlsCertificate SERVER = DtlsCertificate.generateEcdsa();
  private static final InetSocketAddress ANY_LOCAL = new InetSocketAddress("127.0.0.1", 0);

  private static DtlsConfig config(DtlsRole role, DtlsCertificate own, DtlsCertificate peer) {
    return DtlsConfig.of(role, own, List.of(DtlsFingerprint.of("sha-256", peer)))
        .withHandshakeTimeout(Duration.ofSeconds(15))
        .withResendTimeout(Duration.ofMillis(200));
  }

  @ParameterizedTest
  @CsvSource({
    "TO_SERVER, client_hello, DROP",
    "TO_CLIENT, server_hello, DROP",
    "TO_SERVER, client_key_exchange, DROP",
    "TO_CLIENT, change_cipher_spec, DROP",
    "TO_CLIENT, certificate, HOLD",
    "TO_SERVER, certificate, HOLD",
    "TO_SERVER, client_hello, COPY_FROM_OTHER_PORT",
  })
  void aDisturbedHandshakeStillAgreesOnTheKeys(Direction direction, String match, Action action)
      throws Exception {
    try (DtlsUdpSession server =
            DtlsUdpSession.listen(config(DtlsRole.SERVER, SERVER, CLIENT), ANY_LOCAL);
        ImpairingUdpRelay relay =
            ImpairingUdpRelay.start(
                ANY_LOCAL,
                server.localAddress(),
                List.of(new Impairment(direction, match, action, 1)));
        DtlsUdpSession client =
            DtlsUdpSession.connect(
                config(DtlsRole.CLIENT, CLIENT, SERVER), ANY_LOCAL, relay.address())) {
      DtlsHandshakeResult c;
      DtlsHandshakeResult s;
      try {
        c = client.endpoint().awaitHandshake(Duration.ofSeconds(15));
        s = server.endpoint().awaitHandshake(Duration.ofSeconds(15));
      } catch (Exception e) {
        throw new AssertionError("relay log: " + relay.log(), e);
      }
      assertThat(c.keyingMaterial().exported()).isEqualTo(s.keyingMaterial().exported());
      assertThat(relay.applied()).containsExactly(1);
      if (action == Action.COPY_FROM_OTHER_PORT) {
        assertThat(server.droppedDatagrams()).isEqualTo(1);
      }
    }
  }

  @org.junit.jupiter.api.Test
  void badRulesAreRefusedWithTheirReason() {
    assertThatThrownBy(() -> Direction.parse("sideways"))
        .hasMessageContaining("to-server or to-client");
    assertThatThrownBy(() -> Action.parse("mangle")).hasMessageContaining("drop, hold");
    assertThatThrownBy(() -> new Impairment(Direction.TO_SERVER, "any", Action.DROP, 0))
        .hasMessageContaining("at least 1");
  }
}

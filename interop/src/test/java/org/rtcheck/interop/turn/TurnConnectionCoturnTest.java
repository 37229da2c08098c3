package org.rtcheck.interop.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rtcheck.interop.fixture.Coturn;
import org.rtcheck.stack.net.TurnConnection;
import org.rtcheck.stack.net.TurnTlsTrust;
import org.rtcheck.stack.turn.TurnConfig;
import org.rtcheck.stack.turn.TurnError;
import org.rtcheck.stack.turn.TurnException;
import org.rtcheck.stack.turn.TurnTransport;

/** The own TURN client over UDP, TCP and TLS against a real coturn. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TurnConnectionCoturnTest {
  private static final Duration T = Duration.ofSeconds(5);
  private static Coturn coturn;

  @BeforeAll
  static void startCoturn() throws Exception {
    assumeTrue(Coturn.installed(), Coturn::notInstalledReason);
    coturn = Coturn.start(Coturn.Options.defaults().tls(true).extraArgs("--stale-nonce=1"));
  }

  @AfterAll
  static void stopCoturn() {
    if (coturn != null) {
      coturn.close();
    }
  }

  private static InetSocketAddress serverFor(TurnTransport t) {
    return t == TurnTransport.TLS ? coturn.tlsAddress().orElseThrow() : coturn.stunAddress();
  }

  private static TurnConnection open(TurnTransport t, String password) throws TurnException {
    return TurnConnection.open(
        serverFor(t),
        TurnConfig.of(coturn.username(), password).withTransport(t),
        TurnTlsTrust.certificates(coturn.certificatePem()),
        T);
  }

  private static byte[] receive(DatagramSocket s, DatagramPacket p) throws Exception {
    s.receive(p);
    return java.util.Arrays.copyOfRange(p.getData(), 0, p.getLength());
  }

  @ParameterizedTest
  @EnumSource(TurnTransport.class)
  void allocatePermitRelayBindDelete(TurnTransport transport) throws Exception {
    LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
    try (TurnConnection c = open(transport, coturn.password());
        DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      c.onData(
          (from, data) -> got.add(from.getPort() + ":" + new String(data, StandardCharsets.UTF_8)));
      TurnConnection.Allocation a = c.allocate(T);
      assertThat(a.relayed().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
      assertThat(a.mapped()).isEqualTo(c.localAddress());
      assertThat(a.lifetime()).isPositive();
      peer.setSoTimeout(3000);
      InetSocketAddress peerAddr = (InetSocketAddress) peer.getLocalSocketAddress();

      // No permission: coturn drops what the peer sends (RFC 8656 §9).
      peer.send(new DatagramPacket("early".getBytes(StandardCharsets.UTF_8), 5, a.relayed()));
      assertThat(got.poll(300, TimeUnit.MILLISECONDS)).isNull();

      TurnConnection.await(c.createPermission(List.of(peerAddr.getAddress())), T, "perm");
      peer.send(new DatagramPacket("hello".getBytes(StandardCharsets.UTF_8), 5, a.relayed()));
      assertThat(got.poll(3, TimeUnit.SECONDS)).isEqualTo(peerAddr.getPort() + ":hello");

      c.send(peerAddr, "hi".getBytes(StandardCharsets.UTF_8));
      DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
      assertThat(new String(receive(peer, p), StandardCharsets.UTF_8)).isEqualTo("hi");
      assertThat(p.getSocketAddress()).isEqualTo(a.relayed());

      int channel = TurnConnection.await(c.bindChannel(peerAddr), T, "bind");
      assertThat(channel).isBetween(0x4000, 0x4FFF);
      c.send(peerAddr, "odd".getBytes(StandardCharsets.UTF_8)); // 3 bytes: padded on streams
      assertThat(new String(receive(peer, p), StandardCharsets.UTF_8)).isEqualTo("odd");
      peer.send(new DatagramPacket("back".getBytes(StandardCharsets.UTF_8), 4, a.relayed()));
      assertThat(got.poll(3, TimeUnit.SECONDS)).isEqualTo(peerAddr.getPort() + ":back");

      TurnConnection.await(c.deleteAllocation(), T, "delete");
      c.send(peerAddr, "gone".getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> receive(peer, new DatagramPacket(new byte[10], 10)))
          .isInstanceOf(SocketTimeoutException.class);
      assertThatThrownBy(() -> TurnConnection.await(c.refresh(Duration.ofSeconds(600)), T, "r"))
          .isInstanceOfSatisfying(
              TurnException.class,
              e ->
                  // Over TCP/TLS coturn closes the connection with the allocation.
                  assertThat(e.error().reason())
                      .isEqualTo(
                          transport == TurnTransport.UDP
                              ? TurnError.Reason.ALLOCATION_MISMATCH
                              : TurnError.Reason.CONNECTION));
    }
  }

  @Test
  void wrongPasswordIsUnauthenticated() throws Exception {
    try (TurnConnection c = open(TurnTransport.UDP, "not-the-password")) {
      assertThatThrownBy(() -> c.allocate(T))
          .isInstanceOfSatisfying(
              TurnException.class,
              e -> {
                assertThat(e.error().reason()).isEqualTo(TurnError.Reason.UNAUTHENTICATED);
                assertThat(e.error().code()).isEqualTo(401);
              });
    }
  }

  @Test
  void staleNonceIsRetried() throws Exception {
    try (TurnConnection c = open(TurnTransport.UDP, coturn.password())) {
      c.allocate(T);
      Thread.sleep(2100); // coturn --stale-nonce=1
      assertThat(TurnConnection.await(c.refresh(Duration.ofSeconds(300)), T, "refresh"))
          .isPositive();
    }
  }

  @Test
  void tlsWithAnUntrustedCertificateIsATypedConnectionError() throws Exception {
    java.nio.file.Path other = java.nio.file.Files.createTempFile("other-cert", ".pem");
    java.nio.file.Path key = java.nio.file.Files.createTempFile("other-key", ".pem");
    try {
      org.rtcheck.stack.dtls.DtlsCertificate.generateEcdsa().writePem(other, key);
      assertThatThrownBy(
              () ->
                  TurnConnection.open(
                      coturn.tlsAddress().orElseThrow(),
                      TurnConfig.of("u", "p").withTransport(TurnTransport.TLS),
                      TurnTlsTrust.certificates(other),
                      T))
          .isInstanceOfSatisfying(
              TurnException.class,
              e -> {
                assertThat(e.error().reason()).isEqualTo(TurnError.Reason.CONNECTION);
                assertThat(e.getMessage()).contains("TLS handshake");
              });
    } finally {
      java.nio.file.Files.deleteIfExists(other);
      java.nio.file.Files.deleteIfExists(key);
    }
  }

  @Test
  void unreachableServerOverTcpIsATypedConnectionError() throws Exception {
    InetSocketAddress nowhere;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      nowhere = (InetSocketAddress) s.getLocalSocketAddress();
    }
    assertThatThrownBy(
            () ->
                TurnConnection.open(
                    nowhere, TurnConfig.of("u", "p").withTransport(TurnTransport.TCP), null, T))
        .isInstanceOfSatisfying(
            TurnException.class,
            e -> assertThat(e.error().reason()).isEqualTo(TurnError.Reason.CONNECTION));
  }
}

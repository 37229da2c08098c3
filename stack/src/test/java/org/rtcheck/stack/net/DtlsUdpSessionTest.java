package org.rtcheck.stack.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcheck.stack.dtls.DtlsCertificate;
import org.rtcheck.stack.dtls.DtlsConfig;
import org.rtcheck.stack.dtls.DtlsException;
import org.rtcheck.stack.dtls.DtlsFingerprint;
import org.rtcheck.stack.dtls.DtlsHandshakeResult;
import org.rtcheck.stack.dtls.DtlsRole;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DtlsUdpSessionTest {

  private static final DtlsCertificate CLIENT = DtlsCertificate.generateEcdsa();
  private static final DtlsCertificate SERVER = DtlsCertificate.generateEcdsa();
  private static final InetSocketAddress ANY_LOCAL = new InetSocketAddress("127.0.0.1", 0);

  private static DtlsConfig config(DtlsRole role, DtlsCertificate own, DtlsCertificate peer) {
    return DtlsConfig.of(role, own, List.of(DtlsFingerprint.of("sha-256", peer)))
        .withHandshakeTimeout(Duration.ofSeconds(10));
  }

  /** A DTLS handshake record whose message is not a ClientHello (a ServerHello, type 2). */
  private static byte[] notAClientHello() {
    byte[] d = new byte[30];
    d[0] = 22;
    d[1] = (byte) 0xfe;
    d[2] = (byte) 0xfd;
    d[13] = 2;
    return d;
  }

  /** A fake ClientHello header: enough to be taken for one by the demultiplexer. */
  private static byte[] fakeClientHello() {
    byte[] d = notAClientHello();
    d[13] = 1;
    return d;
  }

  private static void send(DatagramSocket from, byte[] d, InetSocketAddress to) throws Exception {
    from.send(new DatagramPacket(d, d.length, to));
  }

  @Test
  void clientAndServerAgreeOverLoopback() throws Exception {
    try (DtlsUdpSession server =
            DtlsUdpSession.listen(config(DtlsRole.SERVER, SERVER, CLIENT), ANY_LOCAL);
        DtlsUdpSession client =
            DtlsUdpSession.connect(
                config(DtlsRole.CLIENT, CLIENT, SERVER), ANY_LOCAL, server.localAddress())) {
      DtlsHandshakeResult c = client.awaitHandshake(Duration.ofSeconds(15));
      DtlsHandshakeResult s = server.awaitHandshake(Duration.ofSeconds(15));
      assertThat(c.keyingMaterial()).isEqualTo(s.keyingMaterial());
      assertThat(c.profile()).isEqualTo(s.profile());
      assertThat(c.cipherSuite()).isEqualTo(s.cipherSuite());
      assertThat(c.peerCertificate()).isEqualTo(SERVER.encoded());
      assertThat(s.peerCertificate()).isEqualTo(CLIENT.encoded());
      assertThat(server.peer()).isEqualTo(client.localAddress());
      assertThat(client.peer()).isEqualTo(server.localAddress());
      assertThat(server.droppedDatagrams()).isZero();
      assertThat(client.localAddress().getPort()).isPositive();
    }
  }

  @Test
  void serverIgnoresOtherAddressesBeforeAndAfterItsPeer() throws Exception {
    try (DatagramSocket stranger = new DatagramSocket(ANY_LOCAL);
        DtlsUdpSession server =
            DtlsUdpSession.listen(config(DtlsRole.SERVER, SERVER, CLIENT), ANY_LOCAL)) {
      // before any ClientHello: not DTLS, and DTLS that is not a ClientHello
      send(stranger, new byte[] {0, 1, 0, 0}, server.localAddress());
      send(stranger, notAClientHello(), server.localAddress());
      awaitDropped(server, 2);
      assertThat(server.peer()).isNull();

      try (DtlsUdpSession client =
          DtlsUdpSession.connect(
              config(DtlsRole.CLIENT, CLIENT, SERVER), ANY_LOCAL, server.localAddress())) {
        DtlsHandshakeResult c = client.awaitHandshake(Duration.ofSeconds(15));
        DtlsHandshakeResult s = server.awaitHandshake(Duration.ofSeconds(15));
        assertThat(c.keyingMaterial()).isEqualTo(s.keyingMaterial());
        assertThat(server.peer()).isEqualTo(client.localAddress());

        // a ClientHello from the wrong address is ignored (RFC 6347 §4.2.8)
        send(stranger, fakeClientHello(), server.localAddress());
        awaitDropped(server, 3);
        assertThat(server.peer()).isEqualTo(client.localAddress());
        assertThat(stranger.getLocalPort()).isNotEqualTo(client.localAddress().getPort());
      }
    }
  }

  @Test
  void clientDropsDatagramsFromAnyoneButTheServer() throws Exception {
    try (DatagramSocket server = new DatagramSocket(ANY_LOCAL);
        DatagramSocket stranger = new DatagramSocket(ANY_LOCAL);
        DtlsUdpSession client =
            DtlsUdpSession.connect(
                config(DtlsRole.CLIENT, CLIENT, SERVER),
                ANY_LOCAL,
                (InetSocketAddress) server.getLocalSocketAddress())) {
      server.setSoTimeout(5000);
      DatagramPacket hello = new DatagramPacket(new byte[2048], 2048);
      server.receive(hello);
      assertThat(DtlsUdpSession.isClientHello(java.util.Arrays.copyOf(hello.getData(), 14)))
          .isTrue();
      send(stranger, notAClientHello(), client.localAddress());
      awaitDropped(client, 1);
    }
  }

  @Test
  void wrongFingerprintIsTyped() throws Exception {
    DtlsCertificate other = DtlsCertificate.generateEcdsa();
    try (DtlsUdpSession server =
            DtlsUdpSession.listen(config(DtlsRole.SERVER, SERVER, CLIENT), ANY_LOCAL);
        DtlsUdpSession client =
            DtlsUdpSession.connect(
                config(DtlsRole.CLIENT, CLIENT, other), ANY_LOCAL, server.localAddress())) {
      assertThatThrownBy(() -> client.awaitHandshake(Duration.ofSeconds(15)))
          .isInstanceOfSatisfying(
              DtlsException.class,
              e -> assertThat(e.reason()).isEqualTo(DtlsException.Reason.FINGERPRINT_MISMATCH));
    }
  }

  @Test
  void closeStopsTheThreadAndReleasesThePort() throws Exception {
    DtlsUdpSession server =
        DtlsUdpSession.listen(config(DtlsRole.SERVER, SERVER, CLIENT), ANY_LOCAL);
    DtlsUdpSession client =
        DtlsUdpSession.connect(
            config(DtlsRole.CLIENT, CLIENT, SERVER), ANY_LOCAL, server.localAddress());
    client.awaitHandshake(Duration.ofSeconds(15));
    InetSocketAddress bound = server.localAddress();
    client.close();
    server.close();
    server.close(); // idempotent
    assertThat(client.isRunning()).isFalse();
    assertThat(server.isRunning()).isFalse();
    assertThat(server.failure()).isNull();
    try (DatagramSocket again = new DatagramSocket(bound)) {
      assertThat(again.getLocalPort()).isEqualTo(bound.getPort());
    }
  }

  @Test
  void argumentsAreChecked() {
    DtlsConfig client = config(DtlsRole.CLIENT, CLIENT, SERVER);
    assertThatThrownBy(() -> DtlsUdpSession.start(client, ANY_LOCAL, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DtlsUdpSession.listen(client, ANY_LOCAL))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void awaitDropped(DtlsUdpSession s, long n) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (s.droppedDatagrams() < n && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    assertThat(s.droppedDatagrams()).isEqualTo(n);
  }
}

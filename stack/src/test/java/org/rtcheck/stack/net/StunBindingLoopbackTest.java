package org.rtcheck.stack.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.stun.RetransmissionPolicy;
import org.rtcheck.stack.stun.StunAttribute;
import org.rtcheck.stack.stun.StunAttribute.ErrorCode;
import org.rtcheck.stack.stun.StunAttribute.UnknownAttributes;
import org.rtcheck.stack.stun.StunClass;
import org.rtcheck.stack.stun.StunFingerprintCheck;
import org.rtcheck.stack.stun.StunMessage;
import org.rtcheck.stack.stun.TransactionId;

class StunBindingLoopbackTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static StunBindingServer server;

  @BeforeAll
  static void startServer() {
    server = StunBindingServer.start(new InetSocketAddress(LOOPBACK, 0));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void clientGetsItsOwnAddressBack() throws Exception {
    try (StunBindingClient client =
        StunBindingClient.open(new InetSocketAddress(LOOPBACK, 0), RetransmissionPolicy.DEFAULT)) {
      BindingResult r =
          client.bind(server.localAddress(), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
      assertThat(r.mappedAddress()).isEqualTo(client.localAddress());
      assertThat(r.software()).contains("rtcheck");
      assertThat(r.rtt()).isPositive().isLessThan(Duration.ofSeconds(5));
      assertThat(r.response().stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
      assertThat(StunMessage.decode(r.response().raw()).transactionId())
          .isEqualTo(r.response().transactionId());
    }
  }

  @Test
  void timesOutAgainstASilentPeer() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        StunBindingClient client =
            StunBindingClient.open(
                new InetSocketAddress(LOOPBACK, 0),
                new RetransmissionPolicy(Duration.ofMillis(20), 3, 2))) {
      var future =
          client.bind((InetSocketAddress) silent.getLocalSocketAddress(), Duration.ofSeconds(5));
      assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TimeoutException.class)
          .hasMessageContaining("3 transmissions");
      // 3 sends: 0, 20, 60 ms.
      silent.setSoTimeout(1000);
      for (int i = 0; i < 3; i++) {
        DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
        silent.receive(p);
        assertThat(StunMessage.looksLikeStun(Arrays.copyOf(p.getData(), p.getLength()))).isTrue();
      }
    }
  }

  @Test
  void serverAnswersUnknownAttributesMalformedRequestsAndIgnoresJunk() throws Exception {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      socket.setSoTimeout(5000);
      // Junk first: must be ignored, so the next reply belongs to the next request.
      send(socket, new byte[] {(byte) 0x80, 1, 2, 3});

      TransactionId tx = TransactionId.random();
      send(
          socket,
          StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING, tx)
              .add(new StunAttribute.Unknown(0x7777, new byte[] {1, 2, 3, 4}))
              .add(new StunAttribute.Unknown(0xC777, new byte[0]))
              .addFingerprint()
              .encode());
      StunMessage r = receive(socket);
      assertThat(r.transactionId()).isEqualTo(tx);
      assertThat(r.stunClass()).isEqualTo(StunClass.ERROR_RESPONSE);
      assertThat(r.first(ErrorCode.class).orElseThrow().code()).isEqualTo(420);
      assertThat(r.first(UnknownAttributes.class))
          .contains(new UnknownAttributes(java.util.List.of(0x7777)));

      // A request with a truncated attribute: 400.
      byte[] bad =
          StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING, tx)
              .add(new StunAttribute.Software("x"))
              .encode();
      bad[23] = 9; // SOFTWARE length 9 > the 4 bytes present
      send(socket, bad);
      r = receive(socket);
      assertThat(r.first(ErrorCode.class).orElseThrow().code()).isEqualTo(400);
      assertThat(r.first(ErrorCode.class).orElseThrow().reason()).contains("ATTRIBUTE_TRUNCATED");

      // A plain Binding request with FINGERPRINT gets a fingerprinted success.
      send(
          socket,
          StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING, tx)
              .addFingerprint()
              .encode());
      r = receive(socket);
      assertThat(r.stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
      assertThat(StunFingerprintCheck.verify(r).passed()).isTrue();

      // Indications get no answer.
      send(socket, StunMessage.builder(StunClass.INDICATION, StunMessage.BINDING, tx).encode());
      socket.setSoTimeout(200);
      assertThatThrownBy(() -> receive(socket)).isInstanceOf(SocketTimeoutException.class);
    }
  }

  private static void send(DatagramSocket socket, byte[] bytes) throws Exception {
    socket.send(new DatagramPacket(bytes, bytes.length, server.localAddress()));
  }

  private static StunMessage receive(DatagramSocket socket) throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
    socket.receive(p);
    return StunMessage.decode(p.getData(), 0, p.getLength());
  }
}

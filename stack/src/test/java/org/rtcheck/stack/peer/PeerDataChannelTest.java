package org.rtcheck.stack.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rtcheck.stack.datachannel.DataChannelInit;
import org.rtcheck.stack.sdp.SdpType;

/** Data channels between two own peer connections over loopback (RFC 8831, RFC 8832). */
class PeerDataChannelTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  /** Connects a (offerer) and b (answerer); b's announced channels go to {@code announced}. */
  private static void connect(
      PeerConnection a, PeerConnection b, LinkedBlockingQueue<PeerDataChannel> announced)
      throws Exception {
    b.onEvent(
        e -> {
          if (e instanceof PeerConnectionEvent.DataChannelAnnounced d) {
            announced.add(d.channel());
          }
        });
    a.setRemoteDescription(SdpType.ANSWER, b.answer(a.offer()));
    a.awaitConnected(WAIT);
    b.awaitConnected(WAIT);
  }

  @Test
  void inBandChannelCarriesTextBinaryEmptyAndLargeMessagesBothWays() throws Exception {
    try (PeerConnection a = PeerConnection.create(PeerConnectionConfig.loopback());
        PeerConnection b = PeerConnection.create(PeerConnectionConfig.loopback())) {
      PeerDataChannel ca = a.createDataChannel("chat", DataChannelInit.DEFAULT);
      LinkedBlockingQueue<PeerDataChannel> announced = new LinkedBlockingQueue<>();
      connect(a, b, announced);
      ca.opened().get(10, TimeUnit.SECONDS);
      PeerDataChannel cb = announced.poll(10, TimeUnit.SECONDS);
      assertThat(cb).isNotNull();
      assertThat(cb.label()).isEqualTo("chat");
      // RFC 8832 §6: the DTLS client (the answerer here, a=setup:active) takes even ids, so the
      // offerer's channel is odd.
      assertThat(ca.id() % 2).isEqualTo(1);
      assertThat(cb.id()).isEqualTo(ca.id());

      LinkedBlockingQueue<PeerDataChannel.Message> atB = new LinkedBlockingQueue<>();
      LinkedBlockingQueue<PeerDataChannel.Message> atA = new LinkedBlockingQueue<>();
      cb.onMessage(atB::add);
      ca.onMessage(atA::add);
      ca.send("hello");
      ca.send(new byte[] {1, 2, 3});
      ca.send("");
      ca.send(new byte[0]);
      byte[] big = new byte[256 * 1024];
      new Random(7).nextBytes(big);
      ca.send(big);
      assertThat(atB.poll(5, TimeUnit.SECONDS).text()).isEqualTo("hello");
      assertThat(atB.poll(5, TimeUnit.SECONDS).binary()).containsExactly(1, 2, 3);
      assertThat(atB.poll(5, TimeUnit.SECONDS).text()).isEmpty();
      assertThat(atB.poll(5, TimeUnit.SECONDS).binary()).isEmpty();
      assertThat(atB.poll(10, TimeUnit.SECONDS).binary()).isEqualTo(big);
      cb.send("back");
      assertThat(atA.poll(5, TimeUnit.SECONDS).text()).isEqualTo("back");

      assertThatThrownBy(() -> ca.send(new byte[256 * 1024 + 1]))
          .isInstanceOf(PeerConnectionException.class)
          .hasMessageContaining("MESSAGE_TOO_LARGE");

      ca.close();
      cb.closed().get(10, TimeUnit.SECONDS);
      ca.closed().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void negotiatedUnorderedPartiallyReliableAndManyChannels() throws Exception {
    try (PeerConnection a = PeerConnection.create(PeerConnectionConfig.loopback());
        PeerConnection b = PeerConnection.create(PeerConnectionConfig.loopback())) {
      DataChannelInit negotiated = DataChannelInit.DEFAULT.negotiatedId(42);
      PeerDataChannel na = a.createDataChannel("pre-agreed", negotiated);
      PeerDataChannel nb = b.createDataChannel("pre-agreed", negotiated);
      PeerDataChannel unordered =
          a.createDataChannel(
              "lossy", DataChannelInit.DEFAULT.withOrdered(false).withMaxRetransmits(0));
      List<PeerDataChannel> many = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        many.add(a.createDataChannel("c" + i, DataChannelInit.DEFAULT));
      }
      LinkedBlockingQueue<PeerDataChannel> announced = new LinkedBlockingQueue<>();
      connect(a, b, announced);
      na.opened().get(10, TimeUnit.SECONDS);
      nb.opened().get(10, TimeUnit.SECONDS);
      assertThat(na.id()).isEqualTo(42);
      CompletableFuture<String> got = new CompletableFuture<>();
      nb.onMessage(m -> got.complete(m.text()));
      na.send("no DCEP needed");
      assertThat(got.get(5, TimeUnit.SECONDS)).isEqualTo("no DCEP needed");

      ConcurrentHashMap<String, PeerDataChannel> byLabel = new ConcurrentHashMap<>();
      for (int i = 0; i < 21; i++) {
        PeerDataChannel c = announced.poll(10, TimeUnit.SECONDS);
        assertThat(c).as("announced channel %d", i).isNotNull();
        byLabel.put(c.label(), c);
      }
      assertThat(byLabel).containsKeys("lossy", "c0", "c19");
      PeerDataChannel lossy = byLabel.get("lossy");
      assertThat(lossy.ordered()).isFalse();
      assertThat(lossy.maxRetransmits()).isZero();

      // Every one of the many channels delivers its own message.
      LinkedBlockingQueue<String> all = new LinkedBlockingQueue<>();
      for (PeerDataChannel c : byLabel.values()) {
        c.onMessage(m -> all.add(c.label() + "=" + m.text()));
      }
      for (PeerDataChannel c : many) {
        c.opened().get(10, TimeUnit.SECONDS);
        c.send(c.label());
      }
      List<String> seen = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        seen.add(all.poll(5, TimeUnit.SECONDS));
      }
      assertThat(seen).contains("c0=c0", "c7=c7", "c19=c19").doesNotContainNull();
    }
  }

  /**
   * Path MTU discovery off (the default: SCTP keeps to the 1160 bytes of plaintext a 1200-byte DTLS
   * datagram carries), at the 2048-byte datagrams libwebrtc takes, and at whole DTLS records
   * between two own peers (RFC 8899 §6.2 over real UDP, every probe size answered on loopback).
   */
  @ParameterizedTest(name = "max DTLS datagram {0} -> SCTP packets of {1}")
  @CsvSource({"0, 1160", "2048, 2008", "16421, 16384"})
  void flowControlledBulkTransferArrivesIntact(int maxDatagram, int pathMtu) throws Exception {
    PeerConnectionConfig config = PeerConnectionConfig.loopback().withMaxDtlsDatagram(maxDatagram);
    try (PeerConnection a = PeerConnection.create(config);
        PeerConnection b = PeerConnection.create(config)) {
      PeerDataChannel ca = a.createDataChannel("bulk", DataChannelInit.DEFAULT);
      LinkedBlockingQueue<PeerDataChannel> announced = new LinkedBlockingQueue<>();
      connect(a, b, announced);
      ca.opened().get(10, TimeUnit.SECONDS);
      PeerDataChannel cb = announced.poll(10, TimeUnit.SECONDS);
      // An echo sent from inside onmessage (on the connection's loop) must not deadlock.
      LinkedBlockingQueue<PeerDataChannel.Message> pongs = new LinkedBlockingQueue<>();
      ca.onMessage(pongs::add);
      cb.onMessage(
          m -> {
            try {
              cb.send(m.text());
            } catch (PeerConnectionException e) {
              throw new IllegalStateException(e);
            }
          });
      for (int i = 0; i < 10; i++) {
        ca.send("ping " + i);
        assertThat(pongs.poll(5, TimeUnit.SECONDS).text()).isEqualTo("ping " + i);
      }
      int total = 8 * 1024 * 1024;
      MessageDigest rx = MessageDigest.getInstance("SHA-256");
      CompletableFuture<byte[]> done = new CompletableFuture<>();
      long[] received = {0};
      cb.onMessage(
          m -> {
            byte[] d = m.binary();
            rx.update(d);
            received[0] += d.length;
            if (received[0] >= total) {
              done.complete(rx.digest());
            }
          });
      MessageDigest tx = MessageDigest.getInstance("SHA-256");
      byte[] chunk = new byte[16 * 1024];
      Random r = new Random(1);
      long start = System.nanoTime();
      for (int sent = 0; sent < total; sent += chunk.length) {
        while (ca.bufferedAmount() > 1024 * 1024) {
          Thread.sleep(1);
        }
        r.nextBytes(chunk);
        tx.update(chunk);
        ca.send(chunk);
      }
      assertThat(done.get(60, TimeUnit.SECONDS)).isEqualTo(tx.digest());
      // Packets are sized to DTLS's record limit: DTLS never refuses one.
      assertThat(a.stats().sctpPacketsRefused()).isZero();
      assertThat(b.stats().sctpPacketsRefused()).isZero();
      assertThat(a.stats().sctpPathMtu()).isEqualTo(pathMtu);
      System.out.printf(
          "own data channel over loopback, SCTP packets of %d: %d MiB in %.0f ms%n",
          pathMtu, total >> 20, (System.nanoTime() - start) / 1e6);
    }
  }
}

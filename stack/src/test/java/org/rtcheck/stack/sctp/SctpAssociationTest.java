package org.rtcheck.stack.sctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SctpAssociationTest {

  private static final long PPID_BINARY = 53;

  private static byte[] message(int n, int size) {
    byte[] b = new byte[size];
    Arrays.fill(b, (byte) n);
    if (size >= 4) {
      b[0] = (byte) (n >>> 24);
      b[1] = (byte) (n >>> 16);
      b[2] = (byte) (n >>> 8);
      b[3] = (byte) n;
    }
    return b;
  }

  private static int number(byte[] b) {
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }

  private static void sendAll(VirtualLink l, int count, int size, SendOptions o) throws Exception {
    for (int i = 0; i < count; i++) {
      l.a.send(1, PPID_BINARY, message(i, size), o, l.now);
    }
  }

  private static void assertInOrder(List<SctpEvent.Message> got, int count, int size) {
    assertThat(got).hasSize(count);
    for (int i = 0; i < count; i++) {
      assertThat(number(got.get(i).data())).isEqualTo(i);
      assertThat(got.get(i).data()).hasSize(size);
    }
  }

  @Test
  void simultaneousConnectEstablishesBothSides() {
    VirtualLink l = new VirtualLink(1).connectBoth();
    assertThat(l.of(l.eventsA, SctpEvent.Connected.class)).hasSize(1);
    assertThat(l.of(l.eventsB, SctpEvent.Connected.class)).hasSize(1);
    assertThat(l.now).isLessThan(100);
  }

  @Test
  void oneSidedConnectEstablishes() {
    VirtualLink l = new VirtualLink(2);
    l.a.connect(0);
    l.runUntil(
        () ->
            l.a.state() == SctpAssociation.State.ESTABLISHED
                && l.b.state() == SctpAssociation.State.ESTABLISHED,
        1000);
    assertThat(l.now).isEqualTo(40); // INIT, INIT ACK, COOKIE ECHO, COOKIE ACK: 2 RTTs
  }

  @Test
  void dataQueuedBeforeTheHandshakeRidesWithTheCookieEcho() throws Exception {
    VirtualLink l = new VirtualLink(21);
    l.a.connect(0);
    l.a.send(1, PPID_BINARY, message(7, 100), SendOptions.RELIABLE, 0);
    List<List<Class<?>>> sent = new java.util.ArrayList<>();
    l.aToB =
        (i, p) -> {
          sent.add(chunkTypes(p));
          return new long[] {0};
        };
    l.runUntil(() -> l.messagesB().size() == 1, 1000);
    // RFC 9260 §5.1 C: COOKIE ECHO first, the DATA in the same packet; B delivers it on arrival,
    // 1.5 RTTs after the INIT instead of 2.5.
    assertThat(sent.get(1)).containsExactly(SctpChunk.CookieEcho.class, SctpChunk.Data.class);
    assertThat(l.now).isEqualTo(30);
    assertThat(number(l.messagesB().get(0).data())).isEqualTo(7);
  }

  @Test
  void aLostCookieEchoWithDataIsRepaired() throws Exception {
    VirtualLink l = new VirtualLink(22);
    boolean[] dropped = {false};
    l.aToB =
        (i, p) -> {
          if (!dropped[0] && chunkTypes(p).contains(SctpChunk.CookieEcho.class)) {
            dropped[0] = true;
            return new long[0];
          }
          return new long[] {0};
        };
    l.a.connect(0);
    l.a.send(1, PPID_BINARY, message(3, 100), SendOptions.RELIABLE, 0);
    l.runUntil(
        () -> l.messagesB().size() == 1 && l.a.state() == SctpAssociation.State.ESTABLISHED,
        10_000);
    // T1 resends the COOKIE ECHO (§5.1 C), T3-rtx the DATA once established (§6.3.3).
    assertThat(dropped[0]).isTrue();
    assertThat(number(l.messagesB().get(0).data())).isEqualTo(3);
  }

  private static List<Class<?>> chunkTypes(byte[] packet) {
    try {
      return SctpPacketCodec.decode(packet).chunks().stream()
          .<Class<?>>map(Object::getClass)
          .toList();
    } catch (SctpDecodeException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void lostInitIsRetransmittedAfterRto() {
    VirtualLink l = new VirtualLink(3);
    l.aToB = (i, p) -> i == 0 ? new long[0] : new long[] {0};
    l.a.connect(0);
    l.runUntil(() -> l.b.state() == SctpAssociation.State.ESTABLISHED, 5000);
    assertThat(l.now).isGreaterThanOrEqualTo(1000);
    assertThat(l.a.rto()).isEqualTo(2000); // backed off once (§6.3.3 E2)
  }

  @Test
  void messagesArriveInOrder() throws Exception {
    VirtualLink l = new VirtualLink(4).connectBoth();
    sendAll(l, 100, 500, SendOptions.RELIABLE);
    l.runUntil(() -> l.messagesB().size() == 100, 10_000);
    assertInOrder(l.messagesB(), 100, 500);
    assertThat(l.messagesB().get(0).ppid()).isEqualTo(PPID_BINARY);
  }

  @Test
  void lossIsRepairedByRetransmissionTimeout() throws Exception {
    VirtualLink l = new VirtualLink(5).connectBoth();
    int base = l.sentAtoB;
    // Drop the only DATA packet once: no later SACK can trigger fast retransmit, only T3.
    l.aToB = (i, p) -> i == base ? new long[0] : new long[] {0};
    long t0 = l.now;
    sendAll(l, 1, 100, SendOptions.RELIABLE);
    l.runUntil(() -> l.messagesB().size() == 1, 10_000);
    assertThat(l.now - t0).isGreaterThanOrEqualTo(1000);
  }

  @Test
  void fastRetransmitRepairsOneLossWithinAnRto() throws Exception {
    VirtualLink l = new VirtualLink(6).connectBoth();
    int base = l.sentAtoB;
    l.aToB = (i, p) -> i == base + 1 ? new long[0] : new long[] {0};
    long t0 = l.now;
    sendAll(l, 40, 1000, SendOptions.RELIABLE);
    l.runUntil(() -> l.messagesB().size() == 40, 10_000);
    assertInOrder(l.messagesB(), 40, 1000);
    assertThat(l.now - t0).isLessThan(500); // no T3 (RTO is 1 s)
    assertThat(l.a.cwnd()).isLessThan(40_000);
  }

  @Test
  void reorderingAndDuplicatesAreHandled() throws Exception {
    VirtualLink l = new VirtualLink(7).connectBoth();
    SplittableRandom r = new SplittableRandom(99);
    l.aToB =
        (i, p) ->
            r.nextInt(3) == 0
                ? new long[] {r.nextInt(30), r.nextInt(30)}
                : new long[] {r.nextInt(30)};
    l.bToA = (i, p) -> new long[] {0, 5};
    sendAll(l, 200, 700, SendOptions.RELIABLE);
    l.runUntil(() -> l.messagesB().size() == 200, 20_000);
    assertInOrder(l.messagesB(), 200, 700);
  }

  @Test
  void randomLossStillDeliversEverything() throws Exception {
    VirtualLink l = new VirtualLink(8).connectBoth();
    SplittableRandom r = new SplittableRandom(7);
    l.aToB = (i, p) -> r.nextInt(10) == 0 ? new long[0] : new long[] {0};
    l.bToA = (i, p) -> r.nextInt(10) == 0 ? new long[0] : new long[] {0};
    sendAll(l, 300, 1100, SendOptions.RELIABLE);
    l.runUntil(() -> l.messagesB().size() == 300, 300_000);
    assertInOrder(l.messagesB(), 300, 1100);
  }

  @Test
  void fullReceiveWindowStallsTheSenderUntilTheReceiverReads() throws Exception {
    SctpConfig ca = SctpConfig.defaults(new SplittableRandom(1));
    SctpConfig cb = SctpConfig.defaults(new SplittableRandom(2)).withReceiveWindow(64 * 1024);
    VirtualLink l = new VirtualLink(ca, cb).connectBoth();
    l.pollB = false;
    sendAll(l, 100, 4000, SendOptions.RELIABLE);
    l.runUntil(() -> l.b.receiveWindow() < 4000, 10_000);
    long t = l.now;
    l.runUntil(() -> l.now > t + 5_000, 10_000_000); // nothing left but timers
    assertThat(l.a.bufferedAmount(1)).isGreaterThan(0);
    assertThat(l.a.state()).isEqualTo(SctpAssociation.State.ESTABLISHED);
    l.pollB = true;
    l.runUntil(() -> l.messagesB().size() == 100, 60_000);
    assertInOrder(l.messagesB(), 100, 4000);
    assertThat(l.a.bufferedAmount(1)).isZero();
  }

  @Test
  void largeMessagesUpToTheLimitAndTypedErrorAbove() throws Exception {
    VirtualLink l = new VirtualLink(9).connectBoth();
    byte[] big = message(7, 256 * 1024);
    new SplittableRandom(3).nextBytes(big);
    l.a.send(2, PPID_BINARY, big, SendOptions.RELIABLE, l.now);
    l.runUntil(() -> l.messagesB().size() == 1, 60_000);
    assertThat(l.messagesB().get(0).data()).isEqualTo(big);
    assertThatThrownBy(
            () -> l.a.send(2, PPID_BINARY, new byte[256 * 1024 + 1], SendOptions.RELIABLE, l.now))
        .isInstanceOfSatisfying(
            SctpSendException.class,
            e -> assertThat(e.reason()).isEqualTo(SctpSendException.Reason.MESSAGE_TOO_LARGE));
  }

  @Test
  void manyStreamsInterleave() throws Exception {
    VirtualLink l = new VirtualLink(10).connectBoth();
    for (int round = 0; round < 5; round++) {
      for (int s = 0; s < 200; s++) {
        l.a.send(s, PPID_BINARY, message(round, 300), SendOptions.RELIABLE, l.now);
        l.b.send(s, PPID_BINARY, message(round, 300), SendOptions.RELIABLE, l.now);
      }
    }
    l.runUntil(() -> l.messagesB().size() == 1000 && l.messagesA().size() == 1000, 60_000);
    for (List<SctpEvent.Message> got : List.of(l.messagesA(), l.messagesB())) {
      int[] next = new int[200];
      for (SctpEvent.Message m : got) {
        assertThat(number(m.data())).isEqualTo(next[m.streamId()]++);
      }
    }
  }

  @Test
  void unorderedPartiallyReliableMessagesAreSkippedNotRetransmitted() throws Exception {
    VirtualLink l = new VirtualLink(11).connectBoth();
    SplittableRandom r = new SplittableRandom(5);
    l.aToB = (i, p) -> VirtualLink.hasData(p) && r.nextInt(4) == 0 ? new long[0] : new long[] {0};
    SendOptions once = new SendOptions(true, 0, -1);
    for (int i = 0; i < 200; i++) {
      l.a.send(3, PPID_BINARY, message(i, 200), once, l.now);
    }
    // Then a reliable ordered message on another stream must still get through.
    l.a.send(4, PPID_BINARY, message(999, 200), SendOptions.RELIABLE, l.now);
    l.runUntil(() -> l.messagesB().stream().anyMatch(m -> m.streamId() == 4), 60_000);
    int got = (int) l.messagesB().stream().filter(m -> m.streamId() == 3).count();
    assertThat(got).isBetween(100, 199);
  }

  @Test
  void orderedLifetimeLimitedMessagesSkipAndTheStreamContinues() throws Exception {
    VirtualLink l = new VirtualLink(12).connectBoth();
    int base = l.sentAtoB;
    // Lose every DATA packet for the first 300 ms.
    l.aToB =
        (i, p) -> VirtualLink.hasData(p) && l.now < 300 + 0 * base ? new long[0] : new long[] {0};
    long t0 = l.now;
    l.aToB = (i, p) -> VirtualLink.hasData(p) && l.now < t0 + 300 ? new long[0] : new long[] {0};
    SendOptions timed = new SendOptions(false, -1, 200);
    for (int i = 0; i < 10; i++) {
      l.a.send(5, PPID_BINARY, message(i, 100), timed, l.now);
    }
    l.runUntil(() -> l.now > t0 + 400, 10_000);
    for (int i = 10; i < 20; i++) {
      l.a.send(5, PPID_BINARY, message(i, 100), timed, l.now);
    }
    l.runUntil(() -> l.messagesB().size() == 10, 10_000);
    for (int i = 0; i < 10; i++) {
      assertThat(number(l.messagesB().get(i).data())).isEqualTo(10 + i);
    }
  }

  @Test
  void streamResetRestartsSsnsAndNotifiesBothSides() throws Exception {
    VirtualLink l = new VirtualLink(13).connectBoth();
    sendAll(l, 3, 100, SendOptions.RELIABLE);
    l.a.resetStreams(List.of(1), l.now);
    l.runUntil(
        () ->
            !l.of(l.eventsA, SctpEvent.OutgoingStreamsReset.class).isEmpty()
                && !l.of(l.eventsB, SctpEvent.IncomingStreamsReset.class).isEmpty(),
        10_000);
    assertThat(l.messagesB()).hasSize(3); // queued data went out before the reset
    assertThat(l.of(l.eventsB, SctpEvent.IncomingStreamsReset.class).get(0).streams())
        .containsExactly(1);
    l.a.send(1, PPID_BINARY, message(42, 100), SendOptions.RELIABLE, l.now);
    l.runUntil(() -> l.messagesB().size() == 4, 10_000);
    assertThat(number(l.messagesB().get(3).data())).isEqualTo(42);
  }

  @Test
  void abortReachesThePeer() {
    VirtualLink l = new VirtualLink(14).connectBoth();
    l.a.abort("test over", l.now);
    l.runUntil(() -> l.b.state() == SctpAssociation.State.CLOSED, 1000);
    SctpEvent.Aborted ab = l.of(l.eventsB, SctpEvent.Aborted.class).get(0);
    assertThat(ab.byPeer()).isTrue();
    assertThat(ab.reason()).contains("test over");
    assertThatThrownBy(() -> l.a.send(0, 51, new byte[1], SendOptions.RELIABLE, l.now))
        .isInstanceOf(SctpSendException.class);
  }

  @Test
  void gracefulShutdownDeliversOutstandingDataFirst() throws Exception {
    VirtualLink l = new VirtualLink(15).connectBoth();
    SplittableRandom r = new SplittableRandom(1);
    l.aToB = (i, p) -> r.nextInt(8) == 0 ? new long[0] : new long[] {0};
    sendAll(l, 50, 1000, SendOptions.RELIABLE);
    l.a.shutdown(l.now);
    l.runUntil(
        () ->
            l.a.state() == SctpAssociation.State.CLOSED
                && l.b.state() == SctpAssociation.State.CLOSED,
        120_000);
    assertInOrder(l.messagesB(), 50, 1000);
    assertThat(l.of(l.eventsA, SctpEvent.Closed.class)).hasSize(1);
    assertThat(l.of(l.eventsB, SctpEvent.Closed.class)).hasSize(1);
  }

  @Test
  void deadPeerAbortsAfterMaxRetransmissions() throws Exception {
    VirtualLink l = new VirtualLink(16).connectBoth();
    l.aToB = (i, p) -> new long[0];
    sendAll(l, 1, 10, SendOptions.RELIABLE);
    l.runUntil(() -> l.a.state() == SctpAssociation.State.CLOSED, 10_000_000);
    assertThat(l.of(l.eventsA, SctpEvent.Aborted.class)).hasSize(1);
  }

  @Test
  void garbageIsRejectedWithATypedEvent() {
    VirtualLink l = new VirtualLink(17).connectBoth();
    l.b.handlePacket("not sctp at all".getBytes(StandardCharsets.US_ASCII), l.now);
    l.pump();
    SctpEvent.PacketRejected rej = l.of(l.eventsB, SctpEvent.PacketRejected.class).get(0);
    assertThat(rej.error().reason()).isEqualTo(SctpDecodeException.Reason.BAD_CHECKSUM);
  }

  @Test
  void heartbeatsKeepAnIdleAssociationAliveAndMeasureRtt() {
    VirtualLink l = new VirtualLink(18).connectBoth();
    l.runUntil(() -> l.now > 200_000, 1_000_000);
    assertThat(l.a.state()).isEqualTo(SctpAssociation.State.ESTABLISHED);
    assertThat(l.a.rto()).isEqualTo(1000); // RTT 20 ms, clamped to RTO.Min
  }
}

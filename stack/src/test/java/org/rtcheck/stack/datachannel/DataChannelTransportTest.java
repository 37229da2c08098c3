package org.rtcheck.stack.datachannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DataChannelTransportTest {

  @Test
  void inBandChannelOpensOnBothSidesWithEvenIdForTheDtlsClient() throws Exception {
    TransportPair p = new TransportPair(1).connect();
    DataChannel c =
        p.client.createDataChannel("chat", DataChannelInit.DEFAULT.withProtocol("x-proto"), p.now);
    assertThat(c.id()).isEqualTo(0);
    p.runUntil(
        () -> !TransportPair.of(p.serverEvents, DataChannelEvent.IncomingChannel.class).isEmpty(),
        1000);
    DataChannel s =
        TransportPair.of(p.serverEvents, DataChannelEvent.IncomingChannel.class).get(0).channel();
    assertThat(s.label()).isEqualTo("chat");
    assertThat(s.protocol()).isEqualTo("x-proto");
    assertThat(s.id()).isEqualTo(0);
    assertThat(s.state()).isEqualTo(DataChannel.State.OPEN);
    DataChannel odd = p.server.createDataChannel("back", DataChannelInit.DEFAULT, p.now);
    assertThat(odd.id()).isEqualTo(1);
  }

  @Test
  void textBinaryAndEmptyMessagesUseTheirPpids() throws Exception {
    TransportPair p = new TransportPair(2).connect();
    DataChannel c = p.client.createDataChannel("m", DataChannelInit.DEFAULT, p.now);
    c.send("héllo", p.now);
    c.send("", p.now);
    c.send(new byte[] {1, 2, 3}, p.now);
    c.send(new byte[0], p.now);
    p.runUntil(
        () ->
            TransportPair.of(p.serverEvents, DataChannelEvent.TextMessage.class).size() == 2
                && TransportPair.of(p.serverEvents, DataChannelEvent.BinaryMessage.class).size()
                    == 2,
        2000);
    List<DataChannelEvent.TextMessage> t =
        TransportPair.of(p.serverEvents, DataChannelEvent.TextMessage.class);
    assertThat(t.get(0).text()).isEqualTo("héllo");
    assertThat(t.get(1).text()).isEmpty();
    List<DataChannelEvent.BinaryMessage> b =
        TransportPair.of(p.serverEvents, DataChannelEvent.BinaryMessage.class);
    assertThat(b.get(0).data()).containsExactly(1, 2, 3);
    assertThat(b.get(1).data()).isEmpty();
  }

  @Test
  void negotiatedChannelsSendNoDcepAndTalkOnTheAgreedId() throws Exception {
    TransportPair p = new TransportPair(3).connect();
    DataChannel c = p.client.createDataChannel("n", DataChannelInit.DEFAULT.negotiatedId(7), p.now);
    DataChannel s = p.server.createDataChannel("n", DataChannelInit.DEFAULT.negotiatedId(7), p.now);
    assertThat(c.state()).isEqualTo(DataChannel.State.OPEN);
    s.send("from server", p.now);
    p.runUntil(
        () -> !TransportPair.of(p.clientEvents, DataChannelEvent.TextMessage.class).isEmpty(),
        1000);
    assertThat(
            TransportPair.of(p.clientEvents, DataChannelEvent.TextMessage.class).get(0).channel())
        .isSameAs(c);
    assertThat(TransportPair.of(p.serverEvents, DataChannelEvent.IncomingChannel.class)).isEmpty();
    assertThatThrownBy(
            () -> p.client.createDataChannel("dup", DataChannelInit.DEFAULT.negotiatedId(7), p.now))
        .isInstanceOfSatisfying(
            DataChannelException.class,
            e -> assertThat(e.reason()).isEqualTo(DataChannelException.Reason.ID_IN_USE));
  }

  @Test
  void channelsCreatedBeforeTheAssociationIsUpOpenWhenItIs() throws Exception {
    TransportPair p = new TransportPair(4);
    DataChannel c = p.client.createDataChannel("early", DataChannelInit.DEFAULT, p.now);
    c.send("queued", p.now);
    p.client.connect(p.now);
    p.server.connect(p.now);
    p.runUntil(
        () -> !TransportPair.of(p.serverEvents, DataChannelEvent.TextMessage.class).isEmpty(),
        2000);
    assertThat(TransportPair.of(p.serverEvents, DataChannelEvent.TextMessage.class).get(0).text())
        .isEqualTo("queued");
    assertThat(c.state()).isEqualTo(DataChannel.State.OPEN);
  }

  @Test
  void closeResetsBothDirections() throws Exception {
    TransportPair p = new TransportPair(5).connect();
    DataChannel c = p.client.createDataChannel("bye", DataChannelInit.DEFAULT, p.now);
    p.runUntil(
        () -> !TransportPair.of(p.serverEvents, DataChannelEvent.IncomingChannel.class).isEmpty(),
        1000);
    DataChannel s =
        TransportPair.of(p.serverEvents, DataChannelEvent.IncomingChannel.class).get(0).channel();
    c.send("last words", p.now);
    c.close(p.now);
    p.runUntil(
        () -> c.state() == DataChannel.State.CLOSED && s.state() == DataChannel.State.CLOSED, 5000);
    assertThat(TransportPair.of(p.serverEvents, DataChannelEvent.TextMessage.class)).hasSize(1);
    assertThat(TransportPair.of(p.clientEvents, DataChannelEvent.Closed.class)).hasSize(1);
    assertThat(TransportPair.of(p.serverEvents, DataChannelEvent.Closed.class)).hasSize(1);
    assertThatThrownBy(() -> c.send("late", p.now)).isInstanceOf(DataChannelException.class);
    // The id is free again and reusable.
    DataChannel again = p.client.createDataChannel("again", DataChannelInit.DEFAULT, p.now);
    assertThat(again.id()).isEqualTo(0);
    again.send("reborn", p.now);
    p.runUntil(
        () -> TransportPair.of(p.serverEvents, DataChannelEvent.TextMessage.class).size() == 2,
        2000);
  }

  @Test
  void bufferedAmountLowFiresWhenTheQueueDrains() throws Exception {
    TransportPair p = new TransportPair(6).connect();
    DataChannel c = p.client.createDataChannel("bulk", DataChannelInit.DEFAULT, p.now);
    c.setBufferedAmountLowThreshold(16 * 1024);
    for (int i = 0; i < 64; i++) {
      c.send(new byte[16 * 1024], p.now);
    }
    assertThat(c.bufferedAmount()).isGreaterThan(16 * 1024);
    p.runUntil(
        () -> !TransportPair.of(p.clientEvents, DataChannelEvent.BufferedAmountLow.class).isEmpty(),
        30_000);
    assertThat(c.bufferedAmount()).isLessThanOrEqualTo(16 * 1024);
    p.runUntil(
        () -> TransportPair.of(p.serverEvents, DataChannelEvent.BinaryMessage.class).size() == 64,
        30_000);
  }

  @Test
  void manyChannelsAtOnce() throws Exception {
    TransportPair p = new TransportPair(7).connect();
    for (int i = 0; i < 100; i++) {
      DataChannel c = p.client.createDataChannel("c" + i, DataChannelInit.DEFAULT, p.now);
      c.send("hello " + i, p.now);
    }
    p.runUntil(
        () -> TransportPair.of(p.serverEvents, DataChannelEvent.TextMessage.class).size() == 100,
        10_000);
    for (DataChannelEvent.TextMessage m :
        TransportPair.of(p.serverEvents, DataChannelEvent.TextMessage.class)) {
      assertThat(m.text()).isEqualTo("hello " + m.channel().label().substring(1));
      assertThat(m.channel().id() % 2).isZero();
    }
  }

  @Test
  void unorderedPartiallyReliableChannelCarriesItsTypeInTheOpen() throws Exception {
    TransportPair p = new TransportPair(8).connect();
    p.client.createDataChannel(
        "pr", DataChannelInit.DEFAULT.withOrdered(false).withMaxRetransmits(0), p.now);
    p.client.createDataChannel("timed", DataChannelInit.DEFAULT.withMaxPacketLifeTime(150), p.now);
    p.runUntil(
        () -> TransportPair.of(p.serverEvents, DataChannelEvent.IncomingChannel.class).size() == 2,
        1000);
    List<DataChannelEvent.IncomingChannel> in =
        TransportPair.of(p.serverEvents, DataChannelEvent.IncomingChannel.class);
    assertThat(in.get(0).channel().type()).isEqualTo(ChannelType.PARTIAL_RELIABLE_REXMIT_UNORDERED);
    assertThat(in.get(0).channel().maxRetransmits()).isZero();
    assertThat(in.get(1).channel().type()).isEqualTo(ChannelType.PARTIAL_RELIABLE_TIMED);
    assertThat(in.get(1).channel().maxPacketLifeTime()).isEqualTo(150);
  }

  @Test
  void tooLargeMessagesAreATypedError() throws Exception {
    TransportPair p = new TransportPair(9).connect();
    DataChannel c = p.client.createDataChannel("big", DataChannelInit.DEFAULT, p.now);
    assertThatThrownBy(() -> c.send(new byte[256 * 1024 + 1], p.now))
        .isInstanceOfSatisfying(
            DataChannelException.class,
            e -> assertThat(e.reason()).isEqualTo(DataChannelException.Reason.MESSAGE_TOO_LARGE));
  }

  @Test
  void abortClosesEveryChannel() throws Exception {
    TransportPair p = new TransportPair(10).connect();
    DataChannel c = p.client.createDataChannel("x", DataChannelInit.DEFAULT, p.now);
    p.runUntil(
        () -> !TransportPair.of(p.serverEvents, DataChannelEvent.IncomingChannel.class).isEmpty(),
        1000);
    p.server.association().abort("gone", p.now);
    p.server.handleTimeout(p.now);
    p.runUntil(() -> c.state() == DataChannel.State.CLOSED, 1000);
    assertThat(
            TransportPair.of(p.clientEvents, DataChannelEvent.TransportClosed.class)
                .get(0)
                .reason())
        .contains("gone");
  }

  @Test
  void deprecatedAndUnknownPpidsAndStraySteamsAreTypedErrors() throws Exception {
    TransportPair p = new TransportPair(11).connect();
    DataChannel c = p.client.createDataChannel("raw", DataChannelInit.DEFAULT, p.now);
    p.runUntil(
        () -> !TransportPair.of(p.serverEvents, DataChannelEvent.IncomingChannel.class).isEmpty(),
        1000);
    // Straight through the association, past the data channel layer's own PPID choice.
    p.client
        .association()
        .send(
            c.id(),
            PayloadProtocol.STRING_PARTIAL,
            new byte[] {1},
            org.rtcheck.stack.sctp.SendOptions.RELIABLE,
            p.now);
    p.client
        .association()
        .send(c.id(), 99, new byte[] {1}, org.rtcheck.stack.sctp.SendOptions.RELIABLE, p.now);
    p.client
        .association()
        .send(
            40,
            PayloadProtocol.BINARY,
            new byte[] {1},
            org.rtcheck.stack.sctp.SendOptions.RELIABLE,
            p.now);
    p.client
        .association()
        .send(
            c.id(),
            PayloadProtocol.DCEP,
            new byte[] {9},
            org.rtcheck.stack.sctp.SendOptions.RELIABLE,
            p.now);
    c.send("still fine", p.now);
    p.runUntil(
        () -> !TransportPair.of(p.serverEvents, DataChannelEvent.TextMessage.class).isEmpty(),
        1000);
    List<DataChannelException.Reason> reasons =
        TransportPair.of(p.serverEvents, DataChannelEvent.ProtocolError.class).stream()
            .map(e -> e.error().reason())
            .toList();
    assertThat(reasons)
        .containsExactly(
            DataChannelException.Reason.UNSUPPORTED_PPID,
            DataChannelException.Reason.UNSUPPORTED_PPID,
            DataChannelException.Reason.UNKNOWN_STREAM,
            DataChannelException.Reason.BAD_DCEP);
  }
}

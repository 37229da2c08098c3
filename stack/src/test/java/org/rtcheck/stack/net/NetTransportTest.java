package org.rtcheck.stack.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rtcheck.stack.ice.Candidate;
import org.rtcheck.stack.ice.IceAgent;
import org.rtcheck.stack.ice.IceConfig;
import org.rtcheck.stack.ice.IceEvent;
import org.rtcheck.stack.ice.IceRole;

/** Which transport a loop gets, and that datagrams cross both (batched reads and writes). */
class NetTransportTest {

  @Test
  void unsetPicksEpollWhereAvailableElseNio() {
    assertThat(NetTransport.select(null, true)).isEqualTo(NetTransport.EPOLL);
    assertThat(NetTransport.select(" ", true)).isEqualTo(NetTransport.EPOLL);
    assertThat(NetTransport.select(null, false)).isEqualTo(NetTransport.NIO);
  }

  @Test
  void thePropertyForcesOne() {
    assertThat(NetTransport.select("nio", true)).isEqualTo(NetTransport.NIO);
    assertThat(NetTransport.select(" EPOLL ", true)).isEqualTo(NetTransport.EPOLL);
  }

  @Test
  void forcingEpollWhereItIsMissingIsAnError() {
    assertThatThrownBy(() -> NetTransport.select("epoll", false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("rtcheck.net.transport=epoll");
  }

  @Test
  void anUnknownValueNamesTheProperty() {
    assertThatThrownBy(() -> NetTransport.select("io_uring", true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rtcheck.net.transport")
        .hasMessageContaining("'io_uring'");
  }

  @Test
  void aNewLoopFollowsTheProperty() {
    String before = System.getProperty(NetTransport.PROPERTY);
    try {
      System.setProperty(NetTransport.PROPERTY, "nio");
      try (NetLoop loop = new NetLoop()) {
        assertThat(loop.transport()).isEqualTo(NetTransport.NIO);
      }
      System.setProperty(NetTransport.PROPERTY, "udp-over-carrier-pigeons");
      assertThatThrownBy(NetLoop::new).isInstanceOf(IllegalArgumentException.class);
    } finally {
      if (before == null) {
        System.clearProperty(NetTransport.PROPERTY);
      } else {
        System.setProperty(NetTransport.PROPERTY, before);
      }
    }
  }

  @Test
  void epollLoadsOnThisLinuxMachine() {
    assumeTrue(System.getProperty("os.name").startsWith("Linux"), "not Linux");
    assertThat(Epoll.isAvailable()).as("%s", Epoll.unavailabilityCause()).isTrue();
  }

  /**
   * A burst written in one loop task (as an SCTP drain writes a window) arrives whole: every
   * datagram, in order, byte for byte, none cut, with each transport on the sending and on the
   * receiving side. Every seventh datagram is shorter, so epoll's GSO runs end early and split.
   */
  @ParameterizedTest
  @EnumSource(NetTransport.class)
  void aBurstCrossesToEitherTransport(NetTransport sender) throws Exception {
    assumeTrue(sender == NetTransport.NIO || Epoll.isAvailable(), "no epoll here");
    for (NetTransport receiver : NetTransport.values()) {
      if (receiver == NetTransport.EPOLL && !Epoll.isAvailable()) {
        continue;
      }
      burst(sender, receiver);
    }
  }

  private static void burst(NetTransport sender, NetTransport receiver) throws Exception {
    int count = 500;
    try (NetLoop loopA = new NetLoop(sender);
        NetLoop loopB = new NetLoop(receiver)) {
      assertThat(loopA.transport()).isEqualTo(sender);
      IceUdpTransport a =
          IceUdpTransport.create(
              new IceAgent(IceConfig.defaults(), IceRole.CONTROLLING),
              IceUdpTransport.Options.loopbackOnly(),
              loopA);
      IceUdpTransport b =
          IceUdpTransport.create(
              new IceAgent(IceConfig.defaults(), IceRole.CONTROLLED),
              IceUdpTransport.Options.loopbackOnly(),
              loopB);
      try (a;
          b) {
        wire(a, b);
        wire(b, a);
        a.setRemoteCredentials(b.localCredentials());
        b.setRemoteCredentials(a.localCredentials());
        List<Integer> got = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(count);
        b.onData(
            (src, d) -> {
              int i = ((d[1] & 0xff) << 8) | (d[2] & 0xff);
              if (d.length == size(i) && Arrays.equals(d, datagram(i))) {
                got.add(i);
              }
              all.countDown();
            });
        a.gather(Duration.ofSeconds(5));
        b.gather(Duration.ofSeconds(5));
        a.connected().get(10, TimeUnit.SECONDS);
        loopA
            .executor()
            .submit(
                () -> {
                  for (int i = 0; i < count; i++) {
                    a.sendOnSelectedPair(datagram(i));
                  }
                })
            .get(5, TimeUnit.SECONDS);
        assertThat(all.await(10, TimeUnit.SECONDS))
            .as("%s -> %s: %d of %d datagrams", sender, receiver, got.size(), count)
            .isTrue();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          expected.add(i);
        }
        assertThat(got).isEqualTo(expected);
        assertThat(b.truncatedDatagrams()).isZero();
        assertThat(a.droppedByFilter()).isZero();
        long segmented = loopA.executor().submit(a::segmentedSends).get(5, TimeUnit.SECONDS);
        if (sender == NetTransport.EPOLL
            && EpollDatagramChannel.isSegmentedDatagramPacketSupported()) {
          assertThat(segmented).as("GSO sends to loopback").isPositive();
        } else {
          assertThat(segmented).isZero();
        }
      }
    }
  }

  private static int size(int i) {
    return IceUdpTransport.MAX_DATAGRAM - 1 - (i % 7 == 6 ? 100 : 0);
  }

  /** Datagram {@code i}: RTP-like first byte (not STUN, RFC 7983), its index, then a pattern. */
  private static byte[] datagram(int i) {
    byte[] d = new byte[size(i)];
    for (int k = 3; k < d.length; k++) {
      d[k] = (byte) (i * 31 + k);
    }
    d[0] = (byte) 0x80;
    d[1] = (byte) (i >> 8);
    d[2] = (byte) i;
    return d;
  }

  private static void wire(IceUdpTransport from, IceUdpTransport to) {
    from.onEvent(
        e -> {
          if (e instanceof IceEvent.LocalCandidate c) {
            to.addRemoteCandidate(Candidate.parse(c.candidate().toSdp()));
          } else if (e instanceof IceEvent.LocalEndOfCandidates) {
            to.endOfRemoteCandidates();
          }
        });
  }
}

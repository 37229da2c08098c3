package org.rtcheck.stack.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.ice.Candidate;
import org.rtcheck.stack.ice.CandidatePair;
import org.rtcheck.stack.ice.IceAgent;
import org.rtcheck.stack.ice.IceConfig;
import org.rtcheck.stack.ice.IceEvent;
import org.rtcheck.stack.ice.IceRole;
import org.rtcheck.stack.ice.TcpType;
import org.rtcheck.stack.ice.TransportProtocol;

/** One agent per side gathering UDP and TCP host candidates, over real loopback sockets. */
class IceMixedTransportTest {

  private static final Predicate<Candidate> ALL = c -> true;
  private static final Predicate<Candidate> TCP_ONLY = c -> c.transport() == TransportProtocol.TCP;

  /** Trickles the candidates {@code offered} lets through, as signaling would (SDP form). */
  private static Consumer<IceEvent> signal(
      Predicate<Candidate> offered, Consumer<Candidate> add, Runnable end) {
    return e -> {
      if (e instanceof IceEvent.LocalCandidate c && offered.test(c.candidate())) {
        add.accept(Candidate.parse(c.candidate().toSdp()));
      } else if (e instanceof IceEvent.LocalEndOfCandidates) {
        end.run();
      }
    };
  }

  private static IceUdpTransport mixed(IceRole role) {
    return IceUdpTransport.create(
        new IceAgent(IceConfig.defaults(), role),
        IceUdpTransport.Options.loopbackOnly().withTcp(true));
  }

  @Test
  void bothWithUdpAndTcpSelectUdp() throws Exception {
    try (IceUdpTransport a = mixed(IceRole.CONTROLLING);
        IceUdpTransport b = mixed(IceRole.CONTROLLED)) {
      a.onEvent(signal(ALL, b::addRemoteCandidate, b::endOfRemoteCandidates));
      b.onEvent(signal(ALL, a::addRemoteCandidate, a::endOfRemoteCandidates));
      a.setRemoteCredentials(b.localCredentials());
      b.setRemoteCredentials(a.localCredentials());

      List<Candidate> gatheredA = a.gather(Duration.ofSeconds(5));
      b.gather(Duration.ofSeconds(5));
      // One UDP host, then a passive and an active TCP host on 127.0.0.1.
      assertThat(gatheredA)
          .extracting(Candidate::transport)
          .containsExactly(TransportProtocol.UDP, TransportProtocol.TCP, TransportProtocol.TCP);
      assertThat(gatheredA)
          .extracting(Candidate::tcpType)
          .containsExactly(null, TcpType.PASSIVE, TcpType.ACTIVE);
      // RFC 6544 §4.2: a TCP host's local preference is below any UDP host's.
      assertThat(gatheredA.get(0).priority()).isGreaterThan(gatheredA.get(1).priority());

      CandidatePair pairA = a.connected().get(10, TimeUnit.SECONDS);
      CandidatePair pairB = b.connected().get(10, TimeUnit.SECONDS);
      assertThat(pairA.local().transport()).isEqualTo(TransportProtocol.UDP);
      assertThat(pairB.local().transport()).isEqualTo(TransportProtocol.UDP);
      System.out.printf(
          "ICE UDP+TCP over loopback: selected %s <-> %s after %.1f ms%n",
          pairA.local().toSdp(), pairA.remote().toSdp(), a.timeToConnectedNanos() / 1e6);
      assertThat(a.droppedByFilter()).isZero();
    }
  }

  @Test
  void peersOfferingOnlyTcpConnectOverTcpAndCarryData() throws Exception {
    try (IceUdpTransport a = mixed(IceRole.CONTROLLING);
        IceUdpTransport b = mixed(IceRole.CONTROLLED)) {
      a.onEvent(signal(TCP_ONLY, b::addRemoteCandidate, b::endOfRemoteCandidates));
      b.onEvent(signal(TCP_ONLY, a::addRemoteCandidate, a::endOfRemoteCandidates));
      a.setRemoteCredentials(b.localCredentials());
      b.setRemoteCredentials(a.localCredentials());
      CompletableFuture<byte[]> atB = new CompletableFuture<>();
      CompletableFuture<byte[]> atA = new CompletableFuture<>();
      b.onData((src, data) -> atB.complete(data));
      a.onData((src, data) -> atA.complete(data));

      a.gather(Duration.ofSeconds(5));
      b.gather(Duration.ofSeconds(5));

      CandidatePair pairA = a.connected().get(10, TimeUnit.SECONDS);
      CandidatePair pairB = b.connected().get(10, TimeUnit.SECONDS);
      assertThat(pairA.local().transport()).isEqualTo(TransportProtocol.TCP);
      assertThat(pairB.local().transport()).isEqualTo(TransportProtocol.TCP);
      System.out.printf(
          "ICE UDP+TCP, TCP offered only: selected %s <-> %s after %.1f ms%n",
          pairA.local().toSdp(), pairA.remote().toSdp(), a.timeToConnectedNanos() / 1e6);

      // Application data goes as RFC 4571 frames over the selected pair's connection, both ways.
      byte[] toB = {(byte) 0x80, 0x60, 0x00, 0x01, 'h', 'i'};
      byte[] toA = {(byte) 0x80, 0x60, 0x00, 0x02, 'h', 'o'};
      assertThat(a.send(toB).get(5, TimeUnit.SECONDS)).isTrue();
      assertThat(atB.get(5, TimeUnit.SECONDS)).isEqualTo(toB);
      assertThat(b.send(toA).get(5, TimeUnit.SECONDS)).isTrue();
      assertThat(atA.get(5, TimeUnit.SECONDS)).isEqualTo(toA);
    }
  }

  @Test
  void mixedAgentConnectsToATcpOnlyDriverOverTcp() throws Exception {
    try (IceUdpTransport a = mixed(IceRole.CONTROLLING);
        IceTcpTransport b =
            IceTcpTransport.create(
                new IceAgent(IceConfig.defaults(), IceRole.CONTROLLED),
                IceTcpTransport.Options.loopbackOnly())) {
      a.onEvent(signal(ALL, b::addRemoteCandidate, b::endOfRemoteCandidates));
      b.onEvent(signal(ALL, a::addRemoteCandidate, a::endOfRemoteCandidates));
      a.setRemoteCredentials(b.localCredentials());
      b.setRemoteCredentials(a.localCredentials());

      a.gather(Duration.ofSeconds(5));
      b.gather(Duration.ofSeconds(5));

      CandidatePair pairA = a.connected().get(10, TimeUnit.SECONDS);
      assertThat(pairA.local().transport()).isEqualTo(TransportProtocol.TCP);
      assertThat(b.connected().get(10, TimeUnit.SECONDS).local().transport())
          .isEqualTo(TransportProtocol.TCP);
    }
  }
}

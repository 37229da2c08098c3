package org.rtcheck.stack.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.ice.Candidate;
import org.rtcheck.stack.ice.CandidatePair;
import org.rtcheck.stack.ice.CandidateType;
import org.rtcheck.stack.ice.IceAgent;
import org.rtcheck.stack.ice.IceConfig;
import org.rtcheck.stack.ice.IceConnectionState;
import org.rtcheck.stack.ice.IceCredentials;
import org.rtcheck.stack.ice.IceEvent;
import org.rtcheck.stack.ice.IceGatheringState;
import org.rtcheck.stack.ice.IceRole;

/** Two own agents over real loopback sockets. */
class IceUdpTransportTest {

  /** Trickles one side's candidates to the other, as signaling would (through the SDP form). */
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

  @Test
  void twoAgentsConnectHostOnlyOverLoopback() throws Exception {
    IceAgent agentA = new IceAgent(IceConfig.defaults(), IceRole.CONTROLLING);
    IceAgent agentB = new IceAgent(IceConfig.defaults(), IceRole.CONTROLLED);
    try (IceUdpTransport a =
            IceUdpTransport.create(agentA, IceUdpTransport.Options.loopbackOnly());
        IceUdpTransport b =
            IceUdpTransport.create(agentB, IceUdpTransport.Options.loopbackOnly())) {
      wire(a, b);
      wire(b, a);
      a.setRemoteCredentials(b.localCredentials());
      b.setRemoteCredentials(a.localCredentials());
      CompletableFuture<byte[]> received = new CompletableFuture<>();
      b.onData((src, data) -> received.complete(data));

      List<Candidate> hostsA = a.gather(Duration.ofSeconds(5));
      List<Candidate> hostsB = b.gather(Duration.ofSeconds(5));

      CandidatePair pairA = a.connected().get(10, TimeUnit.SECONDS);
      CandidatePair pairB = b.connected().get(10, TimeUnit.SECONDS);
      assertThat(pairA.local().address()).isEqualTo(hostsA.get(0).address());
      assertThat(pairA.remote().address()).isEqualTo(hostsB.get(0).address());
      assertThat(pairB.remote().address()).isEqualTo(hostsA.get(0).address());
      assertThat(pairA.local().type()).isEqualTo(CandidateType.HOST);
      assertThat(a.timeToConnectedNanos()).isPositive();
      System.out.printf(
          "ICE host-only over loopback: selected %s <-> %s, connected %.1f ms after gathering"
              + " started (A), %.1f ms (B)%n",
          pairA.local().toSdp(),
          pairA.remote().toSdp(),
          a.timeToConnectedNanos() / 1e6,
          b.timeToConnectedNanos() / 1e6);

      // Application data (not STUN) goes over the selected pair to the data listener.
      byte[] payload = {(byte) 0x80, 0x60, 0x00, 0x01, 'h', 'i'};
      assertThat(a.send(payload).get(5, TimeUnit.SECONDS)).isTrue();
      assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo(payload);

      waitFor(() -> a.state() == IceConnectionState.COMPLETED, 5_000);
      assertThat(a.state()).isEqualTo(IceConnectionState.COMPLETED);
      assertThat(a.droppedByFilter()).isZero();
    }
  }

  @Test
  void ipv6LoopbackConnectsToo() throws Exception {
    InetAddress v6 = InetAddress.getByName("::1");
    try (java.net.DatagramSocket probe =
        new java.net.DatagramSocket(new InetSocketAddress(v6, 0))) {
      assertThat(probe.getLocalAddress()).isEqualTo(v6);
    } catch (java.net.SocketException e) {
      org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
    }
    IceUdpTransport.Options options =
        new IceUdpTransport.Options(
            List.of(v6), null, a -> a.getAddress().isLoopbackAddress(), null);
    try (IceUdpTransport a =
            IceUdpTransport.create(
                new IceAgent(IceConfig.defaults(), IceRole.CONTROLLING), options);
        IceUdpTransport b =
            IceUdpTransport.create(
                new IceAgent(IceConfig.defaults(), IceRole.CONTROLLED), options)) {
      wire(a, b);
      wire(b, a);
      a.setRemoteCredentials(b.localCredentials());
      b.setRemoteCredentials(a.localCredentials());
      a.gather(Duration.ofSeconds(5));
      b.gather(Duration.ofSeconds(5));
      CandidatePair pair = a.connected().get(10, TimeUnit.SECONDS);
      assertThat(pair.remote().address().getAddress()).isEqualTo(v6);
      assertThat(pair.local().toSdp()).contains(" ::1 ");
    }
  }

  @Test
  void gatheringWithAStunServerCompletesAndNeverLeavesLoopback() throws Exception {
    try (StunBindingServer stun =
        StunBindingServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      IceAgent agent = new IceAgent(IceConfig.defaults(), IceRole.CONTROLLING);
      CompletableFuture<IceGatheringState> complete = new CompletableFuture<>();
      try (IceUdpTransport t =
          IceUdpTransport.create(
              agent, IceUdpTransport.Options.loopbackOnly().withStunServer(stun.localAddress()))) {
        t.onEvent(
            e -> {
              if (e instanceof IceEvent.GatheringStateChanged g
                  && g.state() == IceGatheringState.COMPLETE) {
                complete.complete(g.state());
              }
            });
        t.gather(Duration.ofSeconds(5));
        assertThat(complete.get(5, TimeUnit.SECONDS)).isEqualTo(IceGatheringState.COMPLETE);
        // On loopback the mapped address is the host address itself: no srflx candidate.
        t.addRemoteCandidate(Candidate.parse("candidate:1 1 udp 2130706431 192.0.2.1 9 typ host"));
        t.setRemoteCredentials(new IceCredentials("abcd", "0123456789012345678901"));
        waitFor(() -> t.droppedByFilter() > 0, 2_000);
        assertThat(t.droppedByFilter()).as("checks to 192.0.2.1 are filtered").isPositive();
      }
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier done, long millis)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!done.getAsBoolean() && System.nanoTime() < end) {
      Thread.sleep(10);
    }
  }

  @Test
  void gatheringOnTwoAddressesGivesAHostCandidatePerAddressFirstPreferred() throws Exception {
    InetAddress v4 = InetAddress.getByName("127.0.0.1");
    InetAddress v4b = InetAddress.getByName("127.0.0.2");
    IceUdpTransport.Options two =
        new IceUdpTransport.Options(List.of(v4, v4b), null, a -> true, null);
    List<IceEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (IceUdpTransport t =
        IceUdpTransport.create(new IceAgent(IceConfig.defaults(), IceRole.CONTROLLING), two)) {
      t.onEvent(events::add);
      List<Candidate> hosts = t.gather(Duration.ofSeconds(5));
      assertThat(hosts).extracting(c -> c.address().getAddress()).containsExactly(v4, v4b);
      assertThat(hosts.get(0).priority()).isGreaterThan(hosts.get(1).priority());
      // RFC 8838 §8.2: end-of-candidates after the last candidate, already when gather returns.
      assertThat(events.get(events.size() - 1)).isInstanceOf(IceEvent.LocalEndOfCandidates.class);
    }
  }

  @Test
  void anAddressThatCannotBeBoundFailsGatheringNamingIt() throws Exception {
    // 192.0.2.1 (RFC 5737 TEST-NET-1) is on no interface of this host: bind() fails.
    InetAddress absent = InetAddress.getByName("192.0.2.1");
    IceUdpTransport.Options options =
        new IceUdpTransport.Options(
            List.of(InetAddress.getLoopbackAddress(), absent), null, a -> true, null);
    try (IceUdpTransport t =
        IceUdpTransport.create(new IceAgent(IceConfig.defaults(), IceRole.CONTROLLING), options)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.gather(Duration.ofSeconds(5)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot bind a UDP socket on /192.0.2.1");
    }
  }

  @Test
  void gatherOnTheTransportsOwnLoopFailsAtOnceInsteadOfWaitingOutItsTimeout() throws Exception {
    try (NetLoop loop = new NetLoop();
        IceUdpTransport t =
            IceUdpTransport.create(
                new IceAgent(IceConfig.defaults(), IceRole.CONTROLLING),
                IceUdpTransport.Options.loopbackOnly(),
                loop)) {
      CompletableFuture<Throwable> thrown = new CompletableFuture<>();
      loop.executor()
          .execute(
              () -> {
                try {
                  t.gather(Duration.ofSeconds(30));
                  thrown.complete(null);
                } catch (Exception | Error e) {
                  thrown.complete(e);
                }
              });
      assertThat(thrown.get(5, TimeUnit.SECONDS))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("own event loop");
    }
  }
}

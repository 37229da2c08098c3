package org.rtcheck.stack.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.ice.Candidate;
import org.rtcheck.stack.ice.CandidatePair;
import org.rtcheck.stack.ice.IceAgent;
import org.rtcheck.stack.ice.IceConfig;
import org.rtcheck.stack.ice.IceConnectionState;
import org.rtcheck.stack.ice.IceEvent;
import org.rtcheck.stack.ice.IceRole;
import org.rtcheck.stack.ice.TcpType;
import org.rtcheck.stack.ice.TransportProtocol;

/** Two own agents over real loopback TCP only (RFC 6544), no UDP socket at all. */
class IceTcpTransportTest {

  /** Trickles one side's candidates to the other, as signaling would (through the SDP form). */
  private static void wire(IceTcpTransport from, IceTcpTransport to) {
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
  void twoAgentsConnectOverLoopbackTcpAndExchangeData() throws Exception {
    connectAndExchange("cold JVM");
    connectAndExchange("warm"); // the first run pays class loading and JIT
  }

  private void connectAndExchange(String run) throws Exception {
    AtomicReference<InetSocketAddress> listening = new AtomicReference<>();
    IceAgent agentA = new IceAgent(IceConfig.defaults(), IceRole.CONTROLLING);
    IceAgent agentB = new IceAgent(IceConfig.defaults(), IceRole.CONTROLLED);
    IceTcpTransport a = IceTcpTransport.create(agentA, IceTcpTransport.Options.loopbackOnly());
    IceTcpTransport b = IceTcpTransport.create(agentB, IceTcpTransport.Options.loopbackOnly());
    try (a;
        b) {
      wire(a, b);
      wire(b, a);
      a.setRemoteCredentials(b.localCredentials());
      b.setRemoteCredentials(a.localCredentials());
      CompletableFuture<byte[]> atB = new CompletableFuture<>();
      CompletableFuture<byte[]> atA = new CompletableFuture<>();
      b.onData((src, data) -> atB.complete(data));
      a.onData((src, data) -> atA.complete(data));

      List<Candidate> gatheredA = a.gather(Duration.ofSeconds(5));
      listening.set(gatheredA.get(0).address());
      b.gather(Duration.ofSeconds(5));
      assertThat(gatheredA)
          .extracting(Candidate::tcpType)
          .containsExactly(TcpType.PASSIVE, TcpType.ACTIVE);
      assertThat(gatheredA.get(1).address().getPort()).isEqualTo(9); // RFC 6544 §4.5
      assertThat(gatheredA.get(0).toSdp()).contains(" TCP ").endsWith("tcptype passive");

      CandidatePair pairA = a.connected().get(10, TimeUnit.SECONDS);
      CandidatePair pairB = b.connected().get(10, TimeUnit.SECONDS);
      assertThat(pairA.local().transport()).isEqualTo(TransportProtocol.TCP);
      assertThat(pairB.local().transport()).isEqualTo(TransportProtocol.TCP);
      System.out.printf(
          "ICE-TCP over loopback (%s): selected %s <-> %s, connected %.1f ms after gathering"
              + " started (A), %.1f ms (B); connections opened A=%d B=%d%n",
          run,
          pairA.local().toSdp(),
          pairA.remote().toSdp(),
          a.timeToConnectedNanos() / 1e6,
          b.timeToConnectedNanos() / 1e6,
          a.connectionsOpened(),
          b.connectionsOpened());

      waitFor(
          () ->
              a.state() == IceConnectionState.COMPLETED
                  && b.state() == IceConnectionState.COMPLETED,
          5_000);
      assertThat(a.state()).isEqualTo(IceConnectionState.COMPLETED);
      assertThat(b.state()).isEqualTo(IceConnectionState.COMPLETED);

      // Application data, one RFC 4571 frame each way, over the selected pair's connection.
      byte[] toB = {(byte) 0x80, 0x60, 0x00, 0x01, 'h', 'i'};
      byte[] toA = new byte[IceTcpTransport.MAX_FRAME];
      toA[0] = (byte) 0x80;
      assertThat(a.send(toB).get(5, TimeUnit.SECONDS)).isTrue();
      assertThat(b.send(toA).get(5, TimeUnit.SECONDS)).isTrue();
      assertThat(atB.get(5, TimeUnit.SECONDS)).isEqualTo(toB);
      assertThat(atA.get(5, TimeUnit.SECONDS)).isEqualTo(toA);
      assertThat(a.dropped()).isZero();
      assertThatThrownBy(() -> a.send(new byte[IceTcpTransport.MAX_FRAME + 1]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("RFC 4571");
      assertThat(a.openConnections().get(5, TimeUnit.SECONDS)).isPositive();
    }
    assertThat(a.state()).isEqualTo(IceConnectionState.CLOSED);
    // close() closed the listening sockets too: nothing accepts on the passive port any more.
    InetSocketAddress passiveA = listening.get();
    assertThatThrownBy(
            () -> {
              try (Socket s = new Socket()) {
                s.connect(passiveA, 2_000);
              }
            })
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void aRefusedConnectionFailsQuicklyInsteadOfWaitingTi() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort(); // nothing listens here once it is closed
    }
    try (IceTcpTransport a =
        IceTcpTransport.create(
            new IceAgent(IceConfig.defaults(), IceRole.CONTROLLING),
            IceTcpTransport.Options.loopbackOnly())) {
      a.gather(Duration.ofSeconds(5));
      a.setRemoteCredentials(
          new org.rtcheck.stack.ice.IceCredentials("abcd", "0123456789012345678901"));
      a.addRemoteCandidate(
          Candidate.tcpHost(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort),
              TcpType.PASSIVE,
              1,
              0));
      a.endOfRemoteCandidates();
      long start = System.nanoTime();
      assertThatThrownBy(() -> a.connected().get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("ICE over TCP failed");
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
      assertThat(a.state()).isEqualTo(IceConnectionState.FAILED);
      assertThat(a.openConnections().get(5, TimeUnit.SECONDS)).isZero();
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier done, long millis)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!done.getAsBoolean() && System.nanoTime() < end) {
      Thread.sleep(10);
    }
  }
}

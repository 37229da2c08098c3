package org.rtcheck.stack.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.ice.ScriptedNetwork.Peer;

/** ICE over TCP (RFC 6544) between two agents through {@link ScriptedNetwork} on virtual time. */
class IceTcpScenarioTest {

  private static final InetSocketAddress A = addr("198.51.100.1", 5000);
  private static final InetSocketAddress A_TCP = addr("198.51.100.1", 5100);
  private static final InetSocketAddress B = addr("203.0.113.2", 6000);
  private static final InetSocketAddress B_TCP = addr("203.0.113.2", 6100);

  private static InetSocketAddress addr(String ip, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByName(ip), port);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static IceAgent agent(IceRole role, long seed) {
    return new IceAgent(IceConfig.defaults(new SplittableRandom(seed)), role);
  }

  private ScriptedNetwork net;
  private Peer a;
  private Peer b;

  private void twoPeers() {
    net = new ScriptedNetwork(7);
    a = net.attach("A", agent(IceRole.CONTROLLING, 1));
    b = net.attach("B", agent(IceRole.CONTROLLED, 2));
    net.signal(a, b);
  }

  private void gatherAll() {
    a.agent.endOfLocalCandidates(net.now());
    b.agent.endOfLocalCandidates(net.now());
  }

  private static boolean done(Peer p) {
    return p.state() == IceConnectionState.COMPLETED;
  }

  @Test
  void activeAndPassiveOnBothSidesConnectOverTcpOnly() {
    twoPeers();
    net.tcpHost(a, A_TCP, TcpType.ACTIVE);
    net.tcpHost(a, A_TCP, TcpType.PASSIVE);
    net.tcpHost(b, B_TCP, TcpType.ACTIVE);
    net.tcpHost(b, B_TCP, TcpType.PASSIVE);
    gatherAll();

    long ms = net.runUntil(() -> done(a) && done(b), 5_000);

    assertThat(a.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(b.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(ms).isLessThan(200); // 70 virtual ms with a 10 ms one-way delay
    assertThat(a.selected().local().transport()).isEqualTo(TransportProtocol.TCP);
    assertThat(b.selected().local().transport()).isEqualTo(TransportProtocol.TCP);
    // The two ends of one connection: an active candidate on one side, a passive on the other.
    assertThat(List.of(a.selected().local().tcpType(), b.selected().local().tcpType()))
        .containsExactlyInAnyOrder(TcpType.ACTIVE, TcpType.PASSIVE);
    assertThat(net.tcpConnects()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void passiveSideLearnsThePeersEphemeralAddressAsPeerReflexive() {
    twoPeers();
    net.tcpHost(a, A_TCP, TcpType.ACTIVE);
    net.tcpHost(b, B_TCP, TcpType.PASSIVE);
    gatherAll();

    net.runUntil(() -> done(a) && done(b), 5_000);

    assertThat(a.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(b.state()).isEqualTo(IceConnectionState.COMPLETED);
    List<IceEvent.RemotePeerReflexiveCandidate> learned =
        b.events(IceEvent.RemotePeerReflexiveCandidate.class);
    assertThat(learned).hasSize(1);
    Candidate prflx = learned.get(0).candidate();
    assertThat(prflx.transport()).isEqualTo(TransportProtocol.TCP);
    assertThat(prflx.tcpType()).isEqualTo(TcpType.ACTIVE); // RFC 6544 §7.2
    assertThat(prflx.address().getAddress()).isEqualTo(A_TCP.getAddress());
    assertThat(prflx.address().getPort()).isNotEqualTo(9);
    assertThat(b.selected().local().tcpType()).isEqualTo(TcpType.PASSIVE);
    assertThat(b.selected().remote()).isEqualTo(prflx);
    // The active side keeps its own candidate (port 9): no peer-reflexive local one.
    assertThat(a.selected().local().address().getPort()).isEqualTo(9);
    assertThat(a.selected().remote().address()).isEqualTo(B_TCP);
    assertThat(net.tcpConnects()).isEqualTo(1);
  }

  @Test
  void thePassiveSideCanBeTheControllingOneAndNominateOverTheAcceptedConnection() {
    net = new ScriptedNetwork(9);
    a = net.attach("A", agent(IceRole.CONTROLLED, 1));
    b = net.attach("B", agent(IceRole.CONTROLLING, 2));
    net.signal(a, b);
    net.tcpHost(a, A_TCP, TcpType.ACTIVE);
    net.tcpHost(b, B_TCP, TcpType.PASSIVE);
    gatherAll();

    net.runUntil(() -> done(a) && done(b), 5_000);

    assertThat(a.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(b.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(b.selected().isNominated()).isTrue();
    assertThat(b.selected().local().tcpType()).isEqualTo(TcpType.PASSIVE);
    assertThat(b.selected().remote().type()).isEqualTo(CandidateType.PEER_REFLEXIVE);
    assertThat(a.selected().isNominated()).isTrue();
    assertThat(net.tcpConnects()).isEqualTo(1);
  }

  @Test
  void udpIsPreferredOverTcpWhenBothWork() {
    twoPeers();
    net.host(a, A);
    net.host(b, B);
    net.tcpHost(a, A_TCP, TcpType.ACTIVE);
    net.tcpHost(a, A_TCP, TcpType.PASSIVE);
    net.tcpHost(b, B_TCP, TcpType.ACTIVE);
    net.tcpHost(b, B_TCP, TcpType.PASSIVE);
    gatherAll();

    net.runUntil(() -> done(a) && done(b), 5_000);

    assertThat(a.selected().local().transport()).isEqualTo(TransportProtocol.UDP);
    assertThat(b.selected().local().transport()).isEqualTo(TransportProtocol.UDP);
    assertThat(a.selected().remote().address()).isEqualTo(B);
  }

  @Test
  void consentFreshnessKeepsATcpPairAliveOverTheSameConnection() {
    twoPeers();
    net.tcpHost(a, A_TCP, TcpType.ACTIVE);
    net.tcpHost(b, B_TCP, TcpType.PASSIVE);
    gatherAll();
    net.runUntil(() -> done(a) && done(b), 5_000);
    int sendsAtCompletion = net.tcpSends();

    net.runFor(60_000); // twice the 30 s consent timeout (RFC 7675 §5.1)

    assertThat(a.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(b.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(net.tcpSends()).isGreaterThan(sendsAtCompletion);
    assertThat(net.tcpConnects()).isEqualTo(1);
  }

  @Test
  void aRefusedConnectionFailsTheCheckAtOnce() {
    twoPeers();
    net.refuseTcp(true);
    net.tcpHost(a, A_TCP, TcpType.ACTIVE);
    net.tcpHost(b, B_TCP, TcpType.PASSIVE);
    gatherAll();

    long ms =
        net.runUntil(
            () -> a.state() == IceConnectionState.FAILED && b.state() != IceConnectionState.NEW,
            5_000);

    assertThat(a.state()).isEqualTo(IceConnectionState.FAILED);
    assertThat(ms).isLessThan(1_000);
    assertThat(a.agent.checkList()).allMatch(p -> p.state() == CandidatePairState.FAILED);
  }

  @Test
  void aTcpCheckIsSentOnceAndTimesOutAfterTi() {
    IceAgent agent = agent(IceRole.CONTROLLING, 3);
    long t = TimeUnit.SECONDS.toNanos(100);
    agent.setRemoteCredentials(new IceCredentials("remoteufrag", "remotepasswordremotepass"), t);
    agent.addLocalCandidate(Candidate.tcpHost(addr("198.51.100.1", 9), TcpType.ACTIVE, 1, 0), t);
    agent.addRemoteCandidate(Candidate.tcpHost(B_TCP, TcpType.PASSIVE, 1, 0), t);
    agent.endOfLocalCandidates(t);
    agent.endOfRemoteCandidates(t);

    List<IceTransmit> sent = new ArrayList<>();
    long end = t + TimeUnit.SECONDS.toNanos(45);
    while (true) {
      Optional<IceTransmit> x;
      while ((x = agent.pollTransmit()).isPresent()) {
        sent.add(x.get());
      }
      var next = agent.pollTimeout();
      if (next.isEmpty() || next.getAsLong() > end) {
        break;
      }
      t = Math.max(t, next.getAsLong());
      agent.handleTimeout(t);
    }

    assertThat(sent).hasSize(1); // RFC 6544 §7.1: no retransmissions over TCP
    assertThat(sent.get(0).transport()).isEqualTo(TransportProtocol.TCP);
    assertThat(sent.get(0).opensConnection()).isTrue();
    assertThat(sent.get(0).destination()).isEqualTo(B_TCP);
    assertThat(agent.checkList())
        .singleElement()
        .extracting(CandidatePair::state)
        .isEqualTo(CandidatePairState.FAILED);
    assertThat(agent.connectionState()).isEqualTo(IceConnectionState.FAILED);
    // Failed at Ti = 39.5 s after the one send (RFC 8489 §6.2.2), not before.
    assertThat(t - TimeUnit.SECONDS.toNanos(100)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(39_500));
  }

  @Test
  void pairsOnlyCompatibleTcpTypesAndPrunesPassiveLocals() {
    IceAgent agent = agent(IceRole.CONTROLLING, 4);
    long t = 0;
    agent.setRemoteCredentials(new IceCredentials("remoteufrag", "remotepasswordremotepass"), t);
    InetSocketAddress ip9 = addr("198.51.100.1", 9);
    Candidate udp = Candidate.host(A, 1, 65535);
    Candidate active = Candidate.tcpHost(ip9, TcpType.ACTIVE, 1, 8191);
    Candidate passive = Candidate.tcpHost(A_TCP, TcpType.PASSIVE, 1, 8191);
    Candidate so =
        Candidate.tcpHost(addr("198.51.100.1", 5200), TcpType.SIMULTANEOUS_OPEN, 1, 8191);
    for (Candidate c : List.of(udp, active, passive, so)) {
      agent.addLocalCandidate(c, t);
    }
    Candidate rUdp = Candidate.host(B, 1, 65535);
    Candidate rActive = Candidate.tcpHost(addr("203.0.113.2", 9), TcpType.ACTIVE, 1, 8191);
    Candidate rPassive = Candidate.tcpHost(B_TCP, TcpType.PASSIVE, 1, 8191);
    Candidate rSo =
        Candidate.tcpHost(addr("203.0.113.2", 6200), TcpType.SIMULTANEOUS_OPEN, 1, 8191);
    for (Candidate c : List.of(rUdp, rActive, rPassive, rSo)) {
      agent.addRemoteCandidate(c, t);
    }

    List<String> pairs =
        agent.checkList().stream().map(p -> name(p.local()) + "-" + name(p.remote())).toList();

    // RFC 6544 §6.2: UDP-UDP, active-passive, so-so; passive locals pruned, never A-A or P-P.
    // Ordered by pair priority: UDP first, then active (direction-pref 6) over so (2).
    assertThat(pairs).containsExactly("udp-udp", "active-passive", "so-so");
  }

  @Test
  void tcpPrioritiesFollowTheDirectionPreference() {
    // RFC 6544 §4.2: local-pref = 2^13 * direction-pref + other-pref, host type-pref 126.
    InetSocketAddress ip = addr("198.51.100.1", 9);
    long active = Candidate.tcpHost(ip, TcpType.ACTIVE, 1, 8191).priority();
    long passive = Candidate.tcpHost(A_TCP, TcpType.PASSIVE, 1, 8191).priority();
    long so = Candidate.tcpHost(A_TCP, TcpType.SIMULTANEOUS_OPEN, 1, 8191).priority();
    assertThat(active).isEqualTo((126L << 24) + ((6L * 8192 + 8191) << 8) + 255);
    assertThat(passive).isEqualTo((126L << 24) + ((4L * 8192 + 8191) << 8) + 255);
    assertThat(so).isEqualTo((126L << 24) + ((2L * 8192 + 8191) << 8) + 255);
    assertThat(Candidate.host(A, 1, 65535).priority()).isGreaterThan(active);
  }

  private static String name(Candidate c) {
    return c.transport() == TransportProtocol.UDP ? "udp" : c.tcpType().sdpName();
  }
}

package org.rtcheck.stack.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.ice.ScriptedNetwork.Peer;

/** Two agents through {@link ScriptedNetwork} on virtual time: deterministic, no sleeps. */
class IceAgentScenarioTest {

  private static final InetSocketAddress A1 = addr("198.51.100.1", 5000);
  private static final InetSocketAddress A2 = addr("198.51.100.11", 5002);
  private static final InetSocketAddress B1 = addr("203.0.113.2", 6000);
  private static final InetSocketAddress B2 = addr("203.0.113.12", 6002);

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

  /** A controlling, B controlled, one host candidate each, signaling connected. */
  private void twoPeers(IceRole roleA, IceRole roleB) {
    net = new ScriptedNetwork(42);
    a = net.attach("A", agent(roleA, 1));
    b = net.attach("B", agent(roleB, 2));
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
  void hostCandidatesConnectAndTheControllingSideNominates() {
    twoPeers(IceRole.CONTROLLING, IceRole.CONTROLLED);
    net.host(a, A1);
    net.host(b, B1);
    gatherAll();

    long ms = net.runUntil(() -> done(a) && done(b), 5_000);

    assertThat(a.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(b.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(ms).isLessThan(500);
    assertThat(a.selected().local().address()).isEqualTo(A1);
    assertThat(a.selected().remote().address()).isEqualTo(B1);
    assertThat(b.selected().remote().address()).isEqualTo(A1);
    assertThat(a.selected().isNominated()).isTrue();
    assertThat(b.selected().isNominated()).isTrue();
    assertThat(a.states)
        .containsSubsequence(
            IceConnectionState.CHECKING,
            IceConnectionState.CONNECTED,
            IceConnectionState.COMPLETED);
    assertThat(a.events(IceEvent.GatheringStateChanged.class))
        .extracting(IceEvent.GatheringStateChanged::state)
        .containsExactly(IceGatheringState.GATHERING, IceGatheringState.COMPLETE);
    assertThat(a.events(IceEvent.SelectedPairChanged.class)).isNotEmpty();
  }

  @Test
  void everyComponentGetsItsOwnNominatedPair() {
    net = new ScriptedNetwork(5);
    a =
        net.attach(
            "A",
            new IceAgent(
                IceConfig.defaults(new SplittableRandom(1)).withComponents(2),
                IceRole.CONTROLLING));
    b =
        net.attach(
            "B",
            new IceAgent(
                IceConfig.defaults(new SplittableRandom(2)).withComponents(2), IceRole.CONTROLLED));
    net.signal(a, b);
    net.host(a, A1, 1);
    net.host(a, A2, 2);
    net.host(b, B1, 1);
    net.host(b, B2, 2);
    gatherAll();

    net.runUntil(() -> done(a) && done(b), 5_000);

    assertThat(a.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(b.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(a.agent.selectedPair(1).get().remote().address()).isEqualTo(B1);
    assertThat(a.agent.selectedPair(2).get().remote().address()).isEqualTo(B2);
    assertThat(b.agent.selectedPair(2).get().remote().address()).isEqualTo(A2);
    assertThat(a.agent.checkList())
        .allSatisfy(p -> assertThat(p.local().component()).isEqualTo(p.remote().component()));
  }

  @Test
  void consentKeepsACompletedSessionAliveForMinutes() {
    twoPeers(IceRole.CONTROLLING, IceRole.CONTROLLED);
    net.host(a, A1);
    net.host(b, B1);
    gatherAll();
    net.runUntil(() -> done(a) && done(b), 5_000);

    net.runFor(180_000);

    assertThat(a.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(b.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(a.states).doesNotContain(IceConnectionState.DISCONNECTED);
    assertThat(b.states).doesNotContain(IceConnectionState.DISCONNECTED);
  }

  @Test
  void aBlockedPairIsSkippedAndTheNextBestIsNominated() {
    twoPeers(IceRole.CONTROLLING, IceRole.CONTROLLED);
    net.host(a, A1);
    net.host(a, A2);
    net.host(b, B1);
    net.host(b, B2);
    gatherAll();
    net.block(A1, B1);
    net.block(A1, B2);
    net.block(A2, B1);

    net.runUntil(() -> done(a) && done(b), 60_000);

    assertThat(a.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(a.selected().local().address()).isEqualTo(A2);
    assertThat(a.selected().remote().address()).isEqualTo(B2);
    assertThat(b.selected().remote().address()).isEqualTo(A2);
  }

  @Test
  void aRelayedCandidateCarriesTheSessionWhenTheDirectPathIsBlocked() {
    twoPeers(IceRole.CONTROLLING, IceRole.CONTROLLED);
    InetSocketAddress relay = addr("192.0.2.200", 49152);
    net.host(a, A1);
    net.relayed(a, relay, A1, addr("192.0.2.200", 3478));
    net.host(b, B1);
    gatherAll();
    net.block(A1, B1);

    net.runUntil(() -> done(a) && done(b), 60_000);

    assertThat(a.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(a.selected().local().type()).isEqualTo(CandidateType.RELAYED);
    assertThat(b.selected().remote().address()).isEqualTo(relay);
    assertThat(b.selected().remote().type()).isEqualTo(CandidateType.RELAYED);
    assertThat(net.relayedSends()).isPositive();
  }

  @Test
  void everythingBlockedFailsOnceBothSidesAreOutOfCandidates() {
    twoPeers(IceRole.CONTROLLING, IceRole.CONTROLLED);
    net.host(a, A1);
    net.host(b, B1);
    gatherAll();
    net.down(true);

    net.runFor(60_000);

    assertThat(a.state()).isEqualTo(IceConnectionState.FAILED);
    assertThat(b.state()).isEqualTo(IceConnectionState.FAILED);
    assertThat(a.agent.checkList())
        .allSatisfy(p -> assertThat(p.state()).isEqualTo(CandidatePairState.FAILED));
  }

  @Test
  void delayAndLossStillConnect() {
    twoPeers(IceRole.CONTROLLING, IceRole.CONTROLLED);
    net.delay(150);
    net.loss(0.3);
    net.host(a, A1);
    net.host(b, B1);
    gatherAll();

    net.runUntil(() -> done(a) && done(b), 30_000);

    assertThat(a.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(b.state()).isEqualTo(IceConnectionState.COMPLETED);
  }

  @Test
  void bothControllingResolveTheConflictWithTheTieBreaker() {
    twoPeers(IceRole.CONTROLLING, IceRole.CONTROLLING);
    net.host(a, A1);
    net.host(b, B1);
    gatherAll();

    net.runUntil(() -> done(a) && done(b), 10_000);

    assertThat(a.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(b.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(List.of(a.agent.role(), b.agent.role()))
        .containsExactlyInAnyOrder(IceRole.CONTROLLING, IceRole.CONTROLLED);
    // RFC 8445 §7.3.1.1: the larger tie-breaker stays controlling.
    Peer winner = Long.compareUnsigned(a.agent.tieBreaker(), b.agent.tieBreaker()) >= 0 ? a : b;
    assertThat(winner.agent.role()).isEqualTo(IceRole.CONTROLLING);
    Peer loser = winner == a ? b : a;
    assertThat(loser.events(IceEvent.RoleChanged.class))
        .extracting(IceEvent.RoleChanged::role)
        .contains(IceRole.CONTROLLED);
  }

  @Test
  void bothControlledResolveTheConflictWithTheTieBreaker() {
    twoPeers(IceRole.CONTROLLED, IceRole.CONTROLLED);
    net.host(a, A1);
    net.host(b, B1);
    gatherAll();

    net.runUntil(() -> done(a) && done(b), 10_000);

    assertThat(List.of(a.agent.role(), b.agent.role()))
        .containsExactlyInAnyOrder(IceRole.CONTROLLING, IceRole.CONTROLLED);
    Peer winner = Long.compareUnsigned(a.agent.tieBreaker(), b.agent.tieBreaker()) >= 0 ? a : b;
    assertThat(winner.agent.role()).isEqualTo(IceRole.CONTROLLING);
    assertThat(a.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(b.state()).isEqualTo(IceConnectionState.COMPLETED);
  }

  @Test
  void lostConsentDisconnectsThenFailsAfterThirtySeconds() {
    twoPeers(IceRole.CONTROLLING, IceRole.CONTROLLED);
    net.host(a, A1);
    net.host(b, B1);
    gatherAll();
    net.runUntil(() -> done(a) && done(b), 5_000);

    net.down(true);
    long start = net.now();
    net.runUntil(() -> a.state() == IceConnectionState.DISCONNECTED, 20_000);
    long disconnectedAfter = (net.now() - start) / 1_000_000;
    net.runUntil(() -> a.state() == IceConnectionState.FAILED, 40_000);
    long failedAfter = (net.now() - start) / 1_000_000;

    assertThat(a.state()).isEqualTo(IceConnectionState.FAILED);
    assertThat(a.agent.selectedPair()).isEmpty();
    // The last response was at most one consent interval (6 s) before the network went down.
    assertThat(disconnectedAfter).isBetween(4_000L, 10_010L);
    assertThat(failedAfter).isBetween(24_000L, 30_010L);
    assertThat(a.states)
        .containsSubsequence(
            IceConnectionState.COMPLETED,
            IceConnectionState.DISCONNECTED,
            IceConnectionState.FAILED);
  }

  @Test
  void aShortOutageDisconnectsAndConsentBringsItBack() {
    twoPeers(IceRole.CONTROLLING, IceRole.CONTROLLED);
    net.host(a, A1);
    net.host(b, B1);
    gatherAll();
    net.runUntil(() -> done(a) && done(b), 5_000);

    net.down(true);
    net.runUntil(() -> a.state() == IceConnectionState.DISCONNECTED, 20_000);
    assertThat(a.state()).isEqualTo(IceConnectionState.DISCONNECTED);
    net.down(false);
    net.runUntil(() -> done(a) && done(b), 10_000);

    assertThat(a.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(a.agent.selectedPair()).isPresent();
    assertThat(a.states).doesNotContain(IceConnectionState.FAILED);
  }

  @Test
  void restartAfterConsentLossConnectsAgainWithNewCredentials() {
    twoPeers(IceRole.CONTROLLING, IceRole.CONTROLLED);
    net.host(a, A1);
    net.host(b, B1);
    gatherAll();
    net.runUntil(() -> done(a) && done(b), 5_000);
    net.down(true);
    net.runUntil(() -> a.state() == IceConnectionState.FAILED, 60_000);
    net.runUntil(() -> b.state() == IceConnectionState.FAILED, 60_000);
    net.down(false);
    IceCredentials oldA = a.agent.localCredentials();

    restartBoth();
    net.runUntil(() -> done(a) && done(b), 10_000);

    assertThat(a.agent.localCredentials()).isNotEqualTo(oldA);
    assertThat(a.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(b.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(a.selected()).isNotNull();
    assertThat(a.states)
        .containsSubsequence(
            IceConnectionState.FAILED, IceConnectionState.CHECKING, IceConnectionState.COMPLETED);
  }

  @Test
  void restartOfAHealthySessionKeepsTheOldPairUntilTheNewOneIsSelected() {
    twoPeers(IceRole.CONTROLLING, IceRole.CONTROLLED);
    net.host(a, A1);
    net.host(b, B1);
    gatherAll();
    net.runUntil(() -> done(a) && done(b), 5_000);
    CandidatePair before = a.selected();

    restartBoth();
    assertThat(a.agent.selectedPair()).contains(before);
    int changes = a.events(IceEvent.SelectedPairChanged.class).size();
    net.runUntil(() -> done(a) && done(b) && a.selected() != before, 10_000);

    assertThat(a.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(a.selected()).isNotSameAs(before);
    assertThat(a.events(IceEvent.SelectedPairChanged.class).size()).isGreaterThan(changes);
    assertThat(a.states).doesNotContain(IceConnectionState.FAILED);
  }

  @Test
  void newRemoteCredentialsRestartTheAnsweringSideToo() {
    twoPeers(IceRole.CONTROLLING, IceRole.CONTROLLED);
    net.host(a, A1);
    net.host(b, B1);
    gatherAll();
    net.runUntil(() -> done(a) && done(b), 5_000);
    IceCredentials oldB = b.agent.localCredentials();

    // Only A restarts; B learns it from A's new credentials in the next offer.
    IceCredentials newA = a.agent.restart(net.now());
    b.agent.setRemoteCredentials(newA, net.now());
    a.agent.setRemoteCredentials(b.agent.localCredentials(), net.now());
    net.runUntil(() -> done(a) && done(b) && a.selected().isValid(), 10_000);

    assertThat(b.agent.localCredentials()).isNotEqualTo(oldB);
    assertThat(b.events(IceEvent.Restarted.class))
        .extracting(IceEvent.Restarted::localCredentials)
        .containsExactly(b.agent.localCredentials());
    assertThat(a.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(b.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(a.agent.validList()).isNotEmpty();
  }

  @Test
  void anUnfinishedRestartKeepsTheOldPairAliveByConsent() {
    twoPeers(IceRole.CONTROLLING, IceRole.CONTROLLED);
    net.host(a, A1);
    net.host(b, B1);
    gatherAll();
    net.runUntil(() -> done(a) && done(b), 5_000);
    CandidatePair before = b.selected();

    // A restarts and B answers, but A never takes B's new credentials, so A neither checks nor
    // nominates (as a peer does that does not finish its own restart). B keeps the old pair; its
    // consent, now with the new credentials, is still answered by A.
    IceCredentials newA = a.agent.restart(net.now());
    b.agent.setRemoteCredentials(newA, net.now());
    net.runFor(20_000);

    assertThat(b.agent.selectedPair()).contains(before);
    assertThat(b.state()).isEqualTo(IceConnectionState.CONNECTED);
    assertThat(b.states).doesNotContain(IceConnectionState.DISCONNECTED);
  }

  private void restartBoth() {
    // Signaling drives a restart: both sides renew their credentials and exchange them again.
    a.agent.restart(net.now());
    b.agent.restart(net.now());
    net.signal(a, b);
  }

  @Test
  void lateTrickledCandidatesConnect() {
    twoPeers(IceRole.CONTROLLING, IceRole.CONTROLLED);
    b.trickle = false;
    net.host(a, A1);
    a.agent.endOfLocalCandidates(net.now());
    net.runFor(2_000);
    assertThat(a.state()).isNotIn(IceConnectionState.CONNECTED, IceConnectionState.COMPLETED);

    net.host(b, B1);
    b.agent.endOfLocalCandidates(net.now());
    net.flush(b);
    b.trickle = true;
    long ms = net.runUntil(() -> done(a) && done(b), 5_000);

    assertThat(a.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(b.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(ms).isLessThan(1_000);
  }

  @Test
  void checksArrivingBeforeTheCandidatesCreatePeerReflexiveRemotes() {
    // B learns A only from A's checks: A's candidate never reaches B's signaling.
    twoPeers(IceRole.CONTROLLING, IceRole.CONTROLLED);
    a.trickle = false;
    net.host(a, A1);
    net.host(b, B1);
    gatherAll();

    net.runUntil(() -> done(a) && done(b), 5_000);

    assertThat(b.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(b.events(IceEvent.RemotePeerReflexiveCandidate.class)).hasSize(1);
    assertThat(b.selected().remote().type()).isEqualTo(CandidateType.PEER_REFLEXIVE);
    assertThat(b.selected().remote().address()).isEqualTo(A1);

    // When the signalled candidate arrives late, it replaces the peer-reflexive one (RFC 8838).
    net.flush(a);
    net.runFor(100);
    assertThat(b.selected().remote().type()).isEqualTo(CandidateType.HOST);
  }

  @Test
  void aNatMappingIsDiscoveredAsPeerReflexiveOnBothSides() {
    twoPeers(IceRole.CONTROLLING, IceRole.CONTROLLED);
    InetSocketAddress privateA = addr("10.0.0.5", 5000);
    InetSocketAddress mappedA = addr("192.0.2.77", 40000);
    net.nat(a, privateA, mappedA);
    net.host(a, privateA); // A signals only its private address, which B cannot reach
    net.host(b, B1);
    gatherAll();

    net.runUntil(() -> done(a) && done(b), 10_000);

    assertThat(a.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(b.state()).isEqualTo(IceConnectionState.COMPLETED);
    // A learns its mapped address from the XOR-MAPPED-ADDRESS of its check (RFC 8445 §7.2.5.3.1).
    assertThat(a.selected().local().type()).isEqualTo(CandidateType.PEER_REFLEXIVE);
    assertThat(a.selected().local().address()).isEqualTo(mappedA);
    assertThat(a.selected().local().base()).isEqualTo(privateA);
    // B learns it from the source of A's check (RFC 8445 §7.3.1.3).
    assertThat(b.selected().remote().type()).isEqualTo(CandidateType.PEER_REFLEXIVE);
    assertThat(b.selected().remote().address()).isEqualTo(mappedA);
    assertThat(net.log()).anyMatch(l -> l.startsWith("unroutable"));
  }

  @Test
  void aFullAgentFacingALitePeerTakesControlAndNominates() {
    net = new ScriptedNetwork(7);
    a = net.attach("A", agent(IceRole.CONTROLLED, 3));
    IceLitePeer lite = new IceLitePeer(IceCredentials.random(new SplittableRandom(9)), B1);
    net.attach(B1, lite);
    net.host(a, A1);
    a.agent.endOfLocalCandidates(net.now());
    a.agent.setRemoteLite(true, net.now());
    a.agent.setRemoteCredentials(lite.credentials, net.now());
    a.agent.addRemoteCandidate(Candidate.parse(lite.candidate().toSdp()), net.now());
    a.agent.endOfRemoteCandidates(net.now());

    net.runUntil(() -> done(a), 5_000);

    assertThat(a.agent.role()).isEqualTo(IceRole.CONTROLLING); // RFC 8445 §6.1.1
    assertThat(a.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(lite.nominated).isEqualTo(A1);
    assertThat(a.selected().remote().address()).isEqualTo(B1);
  }

  @Test
  void mdnsCandidatesAreResolvedThroughTheDriversResolver() {
    Map<String, InetAddress> names =
        Map.of("4f1c5e2a-1b7e-4bd1-9d1c-0f7c8c7e6d21.local", B1.getAddress());
    net = new ScriptedNetwork(11);
    HostnameResolver resolver = (name, done) -> done.accept(Optional.ofNullable(names.get(name)));
    a =
        net.attach(
            "A",
            new IceAgent(
                IceConfig.defaults(new SplittableRandom(5)).withResolver(resolver),
                IceRole.CONTROLLING));
    b = net.attach("B", agent(IceRole.CONTROLLED, 6));
    a.other = b;
    a.agent.setRemoteCredentials(b.agent.localCredentials(), net.now());
    b.agent.setRemoteCredentials(a.agent.localCredentials(), net.now());
    b.trickle = false; // B's candidates reach A only as mDNS names, below
    net.host(a, A1);
    net.host(b, B1);
    gatherAll();
    a.agent.addRemoteCandidate(
        Candidate.parse(
            "candidate:1 1 udp 2122260223 4f1c5e2a-1b7e-4bd1-9d1c-0f7c8c7e6d21.local 6000 typ host"),
        net.now());
    a.agent.addRemoteCandidate(
        Candidate.parse("candidate:2 1 udp 2122260222 unknown-name.local 6001 typ host"),
        net.now());

    net.runUntil(() -> done(a) && done(b), 5_000);

    assertThat(a.state()).isEqualTo(IceConnectionState.COMPLETED);
    assertThat(a.selected().remote().address()).isEqualTo(B1);
    assertThat(a.events(IceEvent.RemoteCandidateIgnored.class))
        .extracting(e -> e.candidate().address().getHostString())
        .containsExactly("unknown-name.local");
  }

  @Test
  void mdnsCandidatesWithoutAResolverAreIgnoredWithAReason() {
    IceAgent agent = agent(IceRole.CONTROLLING, 1);
    agent.addRemoteCandidate(
        Candidate.parse("candidate:1 1 udp 2122260223 abc.local 6000 typ host"), 0);
    assertThat(agent.pollEvent())
        .get()
        .isInstanceOfSatisfying(
            IceEvent.RemoteCandidateIgnored.class,
            e -> assertThat(e.reason()).contains("resolver"));
    assertThat(agent.remoteCandidates()).isEmpty();
  }

  @Test
  void closeStopsEverything() {
    twoPeers(IceRole.CONTROLLING, IceRole.CONTROLLED);
    net.host(a, A1);
    net.host(b, B1);
    gatherAll();
    net.runUntil(() -> done(a) && done(b), 5_000);
    a.agent.close(net.now());
    assertThat(a.agent.pollTimeout()).isEmpty();
    assertThat(a.agent.selectedPair()).isEmpty();
    assertThat(a.state()).isEqualTo(IceConnectionState.CLOSED);
  }

  @Test
  void scenariosAreDeterministic() {
    String first = runLossyScenario();
    String second = runLossyScenario();
    assertThat(second).isEqualTo(first);
  }

  private String runLossyScenario() {
    twoPeers(IceRole.CONTROLLING, IceRole.CONTROLLED);
    net.loss(0.4);
    net.host(a, A1);
    net.host(b, B1);
    gatherAll();
    net.runUntil(() -> done(a) && done(b), 30_000);
    return net.now() + " " + net.log() + " " + a.states + " " + b.states;
  }
}

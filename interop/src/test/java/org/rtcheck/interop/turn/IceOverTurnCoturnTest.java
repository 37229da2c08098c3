package org.rtcheck.interop.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rtcheck.interop.fixture.Coturn;
import org.rtcheck.stack.ice.Candidate;
import org.rtcheck.stack.ice.CandidatePair;
import org.rtcheck.stack.ice.CandidateType;
import org.rtcheck.stack.ice.IceAgent;
import org.rtcheck.stack.ice.IceConfig;
import org.rtcheck.stack.ice.IceEvent;
import org.rtcheck.stack.ice.IceRole;
import org.rtcheck.stack.net.IceUdpTransport;
import org.rtcheck.stack.net.TurnConnection;
import org.rtcheck.stack.net.TurnRelay;
import org.rtcheck.stack.net.TurnTlsTrust;
import org.rtcheck.stack.turn.TurnConfig;
import org.rtcheck.stack.turn.TurnTransport;

/** Two own ICE agents over real loopback sockets: host-only, and relay-only through coturn. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IceOverTurnCoturnTest {
  private static final Duration T = Duration.ofSeconds(5);

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

  private static void exchangeData(IceUdpTransport a, IceUdpTransport b) throws Exception {
    CompletableFuture<byte[]> atB = new CompletableFuture<>();
    CompletableFuture<byte[]> atA = new CompletableFuture<>();
    b.onData((src, data) -> atB.complete(data));
    a.onData((src, data) -> atA.complete(data));
    byte[] ping = {(byte) 0x80, 0x60, 0, 1, 'p', 'i', 'n', 'g'};
    byte[] pong = {(byte) 0x80, 0x60, 0, 2, 'p', 'o', 'n', 'g'};
    assertThat(a.send(ping).get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(atB.get(5, TimeUnit.SECONDS)).isEqualTo(ping);
    assertThat(b.send(pong).get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(atA.get(5, TimeUnit.SECONDS)).isEqualTo(pong);
  }

  @Test
  void hostOnly() throws Exception {
    try (IceUdpTransport a =
            IceUdpTransport.create(
                new IceAgent(IceConfig.defaults(), IceRole.CONTROLLING),
                IceUdpTransport.Options.loopbackOnly());
        IceUdpTransport b =
            IceUdpTransport.create(
                new IceAgent(IceConfig.defaults(), IceRole.CONTROLLED),
                IceUdpTransport.Options.loopbackOnly())) {
      wire(a, b);
      wire(b, a);
      a.setRemoteCredentials(b.localCredentials());
      b.setRemoteCredentials(a.localCredentials());
      a.gather(T);
      b.gather(T);
      CandidatePair pair = a.connected().get(10, TimeUnit.SECONDS);
      b.connected().get(10, TimeUnit.SECONDS);
      assertThat(pair.local().type()).isEqualTo(CandidateType.HOST);
      exchangeData(a, b);
    }
  }

  @ParameterizedTest
  @EnumSource(TurnTransport.class)
  void relayOnlyThroughOneCoturn(TurnTransport transport) throws Exception {
    assumeTrue(Coturn.installed(), Coturn::notInstalledReason);
    try (Coturn coturn = Coturn.start(Coturn.Options.defaults().tls(true))) {
      var server =
          transport == TurnTransport.TLS ? coturn.tlsAddress().orElseThrow() : coturn.stunAddress();
      TurnConfig config =
          TurnConfig.of(coturn.username(), coturn.password()).withTransport(transport);
      TurnTlsTrust trust = TurnTlsTrust.certificates(coturn.certificatePem());
      try (TurnRelay relayA = new TurnRelay(TurnConnection.open(server, config, trust, T));
          TurnRelay relayB = new TurnRelay(TurnConnection.open(server, config, trust, T));
          IceUdpTransport a =
              IceUdpTransport.create(
                  new IceAgent(IceConfig.defaults(), IceRole.CONTROLLING),
                  IceUdpTransport.Options.loopbackOnly().withRelayOnly(relayA));
          IceUdpTransport b =
              IceUdpTransport.create(
                  new IceAgent(IceConfig.defaults(), IceRole.CONTROLLED),
                  IceUdpTransport.Options.loopbackOnly().withRelayOnly(relayB))) {
        wire(a, b);
        wire(b, a);
        a.setRemoteCredentials(b.localCredentials());
        b.setRemoteCredentials(a.localCredentials());
        a.gather(T);
        b.gather(T);
        relayA.allocate(T);
        relayB.allocate(T);
        relayA.attach(a, true);
        relayB.attach(b, true);
        CandidatePair pairA = a.connected().get(15, TimeUnit.SECONDS);
        CandidatePair pairB = b.connected().get(15, TimeUnit.SECONDS);
        assertThat(pairA.local().type()).isEqualTo(CandidateType.RELAYED);
        assertThat(pairA.remote().type()).isEqualTo(CandidateType.RELAYED);
        assertThat(pairB.local().type()).isEqualTo(CandidateType.RELAYED);
        System.out.printf(
            "ICE relay-only over coturn (%s): connected %.1f ms after gathering started%n",
            transport, a.timeToConnectedNanos() / 1e6);
        exchangeData(a, b);
      }
    }
  }
}

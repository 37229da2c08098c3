package org.rtcheck.stack.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.stun.PasswordAlgorithm;
import org.rtcheck.stack.stun.StunAttribute;
import org.rtcheck.stack.stun.StunClass;
import org.rtcheck.stack.stun.StunCredentials;
import org.rtcheck.stack.stun.StunIntegrityCheck;
import org.rtcheck.stack.stun.StunMessage;
import org.rtcheck.stack.stun.StunMessageBuilder;

/** The TURN client against a scripted server, on virtual time. */
class TurnClientTest {
  private static final long S = 1_000_000_000L;
  private static final String REALM = "example.org";
  private static final byte[] KEY =
      StunCredentials.longTerm("alice", REALM, "secret", PasswordAlgorithm.MD5).key();
  private static final InetSocketAddress RELAYED = addr("192.0.2.15", 50000);
  private static final InetSocketAddress MAPPED = addr("198.51.100.2", 40000);
  private static final InetSocketAddress PEER = addr("203.0.113.9", 7000);

  private static InetSocketAddress addr(String ip, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByName(ip), port);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static StunMessage sent(TurnClient c) throws Exception {
    byte[] b = c.pollTransmit().orElseThrow(() -> new AssertionError("nothing sent"));
    return StunMessage.decode(b);
  }

  private static byte[] error(StunMessage req, int code, String nonce) {
    StunMessageBuilder b =
        StunMessage.builder(StunClass.ERROR_RESPONSE, req.method(), req.transactionId())
            .add(new StunAttribute.ErrorCode(code, "x"));
    if (nonce != null) {
      b.add(new StunAttribute.Realm(REALM)).add(new StunAttribute.Nonce(nonce));
    }
    return b.encode();
  }

  private static byte[] success(StunMessage req, StunAttribute... attrs) {
    StunMessageBuilder b =
        StunMessage.builder(StunClass.SUCCESS_RESPONSE, req.method(), req.transactionId());
    for (StunAttribute a : attrs) {
      b.add(a);
    }
    return b.addMessageIntegrity(KEY).encode();
  }

  private static List<TurnEvent> events(TurnClient c) {
    List<TurnEvent> out = new ArrayList<>();
    c.pollEvent().ifPresent(out::add);
    while (true) {
      var e = c.pollEvent();
      if (e.isEmpty()) {
        return out;
      }
      out.add(e.get());
    }
  }

  /** Allocates through 401 -> credentials -> success and returns the client at t = 0. */
  private static TurnClient allocated(TurnTransport transport) throws Exception {
    TurnClient c = new TurnClient(TurnConfig.of("alice", "secret").withTransport(transport));
    c.allocate(0);
    StunMessage first = sent(c);
    assertThat(first.first(StunAttribute.RequestedTransport.class))
        .contains(new StunAttribute.RequestedTransport(17));
    assertThat(first.first(StunAttribute.Username.class)).isEmpty();
    c.handleInput(error(first, 401, "n1"), 0);
    StunMessage second = sent(c);
    assertThat(second.first(StunAttribute.Username.class).orElseThrow().value()).isEqualTo("alice");
    assertThat(second.first(StunAttribute.Nonce.class).orElseThrow().value()).isEqualTo("n1");
    assertThat(StunIntegrityCheck.messageIntegrity(second, KEY).passed()).isTrue();
    c.handleInput(
        success(
            second,
            new StunAttribute.XorRelayedAddress(RELAYED),
            new StunAttribute.XorMappedAddress(MAPPED),
            new StunAttribute.Lifetime(600)),
        0);
    assertThat(events(c))
        .containsExactly(new TurnEvent.Allocated(RELAYED, MAPPED, Duration.ofSeconds(600)));
    assertThat(c.state()).isEqualTo(TurnClient.State.ALLOCATED);
    return c;
  }

  @Test
  void allocatesWithLongTermCredentialsAfter401() throws Exception {
    TurnClient c = allocated(TurnTransport.UDP);
    assertThat(c.realm()).contains(REALM);
    assertThat(c.relayedAddress()).contains(RELAYED);
  }

  @Test
  void staleNonceIsRetriedWithTheNewNonce() throws Exception {
    TurnClient c = new TurnClient(TurnConfig.of("alice", "secret"));
    c.allocate(0);
    c.handleInput(error(sent(c), 401, "n1"), 0);
    c.handleInput(error(sent(c), 438, "n2"), 0);
    StunMessage third = sent(c);
    assertThat(third.first(StunAttribute.Nonce.class).orElseThrow().value()).isEqualTo("n2");
    assertThat(StunIntegrityCheck.messageIntegrity(third, KEY).passed()).isTrue();
    assertThat(events(c)).isEmpty();
  }

  @Test
  void staleNonceForeverGivesUp() throws Exception {
    TurnClient c = new TurnClient(TurnConfig.of("alice", "secret"));
    c.allocate(0);
    c.handleInput(error(sent(c), 401, "n1"), 0);
    for (int i = 0; i <= TurnClient.MAX_NONCE_RETRIES; i++) {
      c.handleInput(error(sent(c), 438, "n" + (i + 2)), 0);
    }
    assertThat(events(c))
        .singleElement()
        .isInstanceOfSatisfying(
            TurnEvent.AllocationFailed.class,
            f -> assertThat(f.error().reason()).isEqualTo(TurnError.Reason.STALE_NONCE));
  }

  @Test
  void wrongPasswordIsATyped401() throws Exception {
    TurnClient c = new TurnClient(TurnConfig.of("alice", "wrong"));
    c.allocate(0);
    c.handleInput(error(sent(c), 401, "n1"), 0);
    c.handleInput(error(sent(c), 401, "n2"), 0);
    assertThat(events(c))
        .singleElement()
        .isInstanceOfSatisfying(
            TurnEvent.AllocationFailed.class,
            f -> {
              assertThat(f.error().reason()).isEqualTo(TurnError.Reason.UNAUTHENTICATED);
              assertThat(f.error().code()).isEqualTo(401);
            });
    assertThat(c.state()).isEqualTo(TurnClient.State.FAILED);
  }

  @Test
  void otherErrorsAreTyped() throws Exception {
    TurnClient c = new TurnClient(TurnConfig.of("alice", "secret"));
    c.allocate(0);
    c.handleInput(error(sent(c), 401, "n1"), 0);
    c.handleInput(error(sent(c), 486, null), 0);
    assertThat(((TurnEvent.AllocationFailed) events(c).get(0)).error().reason())
        .isEqualTo(TurnError.Reason.ALLOCATION_QUOTA_REACHED);
  }

  @Test
  void expectedRealmMismatchFails() throws Exception {
    TurnClient c =
        new TurnClient(TurnConfig.of("alice", "secret").withExpectedRealm("other.example"));
    c.allocate(0);
    c.handleInput(error(sent(c), 401, "n1"), 0);
    assertThat(((TurnEvent.AllocationFailed) events(c).get(0)).error().reason())
        .isEqualTo(TurnError.Reason.REALM_MISMATCH);
  }

  @Test
  void udpRequestsAreRetransmittedThenTimeOut() throws Exception {
    TurnClient c = new TurnClient(TurnConfig.of("alice", "secret"));
    c.allocate(0);
    sent(c);
    int sends = 1;
    long now = 0;
    while (c.pollTimeout().isPresent() && now < 100 * S) {
      now = c.pollTimeout().getAsLong();
      c.handleTimeout(now);
      while (c.pollTransmit().isPresent()) {
        sends++;
      }
    }
    // RFC 8489 §6.2.1: Rc = 7 sends, then Rm * RTO: 0.5+1+2+4+8+16 s, plus 8 s = 39.5 s.
    assertThat(sends).isEqualTo(7);
    assertThat(now).isEqualTo(39_500_000_000L);
    assertThat(((TurnEvent.AllocationFailed) events(c).get(0)).error().reason())
        .isEqualTo(TurnError.Reason.TIMEOUT);
  }

  @Test
  void tcpRequestsAreSentOnce() throws Exception {
    TurnClient c =
        new TurnClient(TurnConfig.of("alice", "secret").withTransport(TurnTransport.TCP));
    c.allocate(0);
    sent(c);
    c.handleTimeout(10 * S);
    assertThat(c.pollTransmit()).isEmpty();
    c.handleTimeout(39_500_000_000L);
    assertThat(c.pollTransmit()).isEmpty();
    assertThat(c.state()).isEqualTo(TurnClient.State.FAILED);
  }

  @Test
  void refreshesBeforeExpiryAndCloseDeletes() throws Exception {
    TurnClient c = allocated(TurnTransport.UDP);
    assertThat(c.pollTimeout()).hasValue(540 * S);
    c.handleTimeout(540 * S);
    StunMessage refresh = sent(c);
    assertThat(refresh.method()).isEqualTo(TurnMethod.REFRESH);
    c.handleInput(success(refresh, new StunAttribute.Lifetime(600)), 540 * S);
    assertThat(events(c)).containsExactly(new TurnEvent.Refreshed(Duration.ofSeconds(600)));
    assertThat(c.pollTimeout()).hasValue(1080 * S);
    c.close(600 * S);
    StunMessage delete = sent(c);
    assertThat(delete.first(StunAttribute.Lifetime.class)).contains(new StunAttribute.Lifetime(0));
    c.handleInput(success(delete, new StunAttribute.Lifetime(0)), 600 * S);
    assertThat(events(c)).containsExactly(new TurnEvent.Deleted());
    assertThat(c.state()).isEqualTo(TurnClient.State.DELETED);
  }

  @Test
  void refreshAfterDeleteIsAllocationMismatch() throws Exception {
    TurnClient c = allocated(TurnTransport.UDP);
    c.close(S);
    c.handleInput(success(sent(c), new StunAttribute.Lifetime(0)), S);
    events(c);
    c.refresh(Duration.ofSeconds(600), 2 * S);
    c.handleInput(error(sent(c), 437, null), 2 * S);
    assertThat(((TurnEvent.RefreshFailed) events(c).get(0)).error().reason())
        .isEqualTo(TurnError.Reason.ALLOCATION_MISMATCH);
  }

  @Test
  void expiresWithoutRefresh() throws Exception {
    TurnClient c = allocated(TurnTransport.UDP);
    c.handleTimeout(540 * S);
    sent(c); // the refresh nobody answers
    long now = 540 * S;
    while (c.state() == TurnClient.State.ALLOCATED) {
      now = c.pollTimeout().getAsLong();
      c.handleTimeout(now);
      while (c.pollTransmit().isPresent()) {}
    }
    assertThat(now).isEqualTo(600 * S);
    assertThat(events(c))
        .hasAtLeastOneElementOfType(TurnEvent.RefreshFailed.class)
        .last()
        .isEqualTo(new TurnEvent.Expired());
    assertThat(c.state()).isEqualTo(TurnClient.State.EXPIRED);
  }

  @Test
  void permissionsAreRefreshedEveryFourMinutesAndGateDataIndications() throws Exception {
    TurnClient c = allocated(TurnTransport.UDP);
    byte[] fromPeer =
        StunMessage.builder(
                StunClass.INDICATION,
                TurnMethod.DATA,
                org.rtcheck.stack.stun.TransactionId.random())
            .add(new StunAttribute.XorPeerAddress(PEER))
            .add(new StunAttribute.Data(new byte[] {1, 2, 3}))
            .encode();
    c.handleInput(fromPeer, 0);
    assertThat(events(c)).isEmpty();
    assertThat(c.droppedCount()).isEqualTo(1);

    c.createPermission(List.of(PEER.getAddress()), 0);
    StunMessage cp = sent(c);
    assertThat(cp.method()).isEqualTo(TurnMethod.CREATE_PERMISSION);
    c.handleInput(success(cp), 0);
    assertThat(events(c))
        .containsExactly(new TurnEvent.PermissionCreated(List.of(PEER.getAddress())));
    c.handleInput(fromPeer, S);
    var data = (TurnEvent.DataReceived) events(c).get(0);
    assertThat(data.peer()).isEqualTo(PEER);
    assertThat(data.data()).containsExactly(1, 2, 3);
    assertThat(data.channel()).isEqualTo(-1);

    c.handleTimeout(240 * S);
    assertThat(sent(c).method()).isEqualTo(TurnMethod.CREATE_PERMISSION);
  }

  @Test
  void sendUsesASendIndicationUntilAChannelIsBound() throws Exception {
    TurnClient c = allocated(TurnTransport.TCP);
    c.send(PEER, new byte[] {9}, 0);
    StunMessage ind = sent(c);
    assertThat(ind.stunClass()).isEqualTo(StunClass.INDICATION);
    assertThat(ind.method()).isEqualTo(TurnMethod.SEND);
    assertThat(ind.first(StunAttribute.XorPeerAddress.class).orElseThrow().address())
        .isEqualTo(PEER);

    int channel = c.bindChannel(PEER, 0);
    assertThat(channel).isEqualTo(0x4000);
    StunMessage bind = sent(c);
    assertThat(bind.first(StunAttribute.ChannelNumber.class))
        .contains(new StunAttribute.ChannelNumber(0x4000));
    c.handleInput(success(bind), 0);
    assertThat(events(c)).containsExactly(new TurnEvent.ChannelBound(PEER, 0x4000));

    c.send(PEER, new byte[] {1, 2, 3, 4, 5}, 0);
    byte[] cd = c.pollTransmit().orElseThrow();
    // RFC 8656 §12.5: over TCP padded to a multiple of 4.
    assertThat(cd).containsExactly(0x40, 0x00, 0x00, 0x05, 1, 2, 3, 4, 5, 0, 0, 0);

    c.handleInput(new ChannelData(0x4000, new byte[] {7}).encode(false), 0);
    var data = (TurnEvent.DataReceived) events(c).get(0);
    assertThat(data.channel()).isEqualTo(0x4000);
    assertThat(data.peer()).isEqualTo(PEER);
    c.handleInput(new ChannelData(0x4001, new byte[] {7}).encode(false), 0);
    assertThat(events(c)).isEmpty();

    c.handleTimeout(240 * S); // permission from the binding
    assertThat(sent(c).method()).isEqualTo(TurnMethod.CREATE_PERMISSION);
    c.handleTimeout(540 * S);
    List<Integer> methods = new ArrayList<>();
    for (var b = c.pollTransmit(); b.isPresent(); b = c.pollTransmit()) {
      methods.add(decode(b.get()).method());
    }
    assertThat(methods).contains(TurnMethod.CHANNEL_BIND, TurnMethod.REFRESH);
  }

  private static StunMessage decode(byte[] b) {
    try {
      return StunMessage.decode(b);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void responsesWithBadIntegrityAreDropped() throws Exception {
    TurnClient c = new TurnClient(TurnConfig.of("alice", "secret"));
    c.allocate(0);
    c.handleInput(error(sent(c), 401, "n1"), 0);
    StunMessage req = sent(c);
    byte[] forged =
        StunMessage.builder(StunClass.SUCCESS_RESPONSE, req.method(), req.transactionId())
            .add(new StunAttribute.XorRelayedAddress(RELAYED))
            .add(new StunAttribute.XorMappedAddress(MAPPED))
            .add(new StunAttribute.Lifetime(600))
            .addMessageIntegrity(new byte[16])
            .encode();
    c.handleInput(forged, 0);
    assertThat(events(c)).isEmpty();
    assertThat(c.droppedCount()).isEqualTo(1);
    assertThat(c.state()).isEqualTo(TurnClient.State.ALLOCATING);
  }
}

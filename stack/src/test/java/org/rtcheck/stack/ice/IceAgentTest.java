package org.rtcheck.stack.ice;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.stun.StunAttribute;
import org.rtcheck.stack.stun.StunClass;
import org.rtcheck.stack.stun.StunMessage;
import org.rtcheck.stack.stun.StunMessageBuilder;
import org.rtcheck.stack.stun.TransactionId;

/** One agent, driven by hand: what goes out for what comes in, and when. */
class IceAgentTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final IceCredentials PEER = new IceCredentials("peer", "peerpasswordpeerpassword");

  private static InetSocketAddress addr(String ip, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  private static IceAgent agent(IceRole role) {
    return new IceAgent(IceConfig.defaults(new SplittableRandom(3)), role);
  }

  private static List<IceTransmit> drain(IceAgent agent) {
    List<IceTransmit> out = new ArrayList<>();
    Optional<IceTransmit> t;
    while ((t = agent.pollTransmit()).isPresent()) {
      out.add(t.get());
    }
    return out;
  }

  private static StunMessage decode(IceTransmit t) throws Exception {
    return StunMessage.decode(t.data());
  }

  private static StunMessageBuilder check(IceAgent agent) {
    return StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING, TransactionId.random())
        .add(new StunAttribute.Username(agent.localCredentials().ufrag() + ":peer"))
        .add(new StunAttribute.Priority(1845501695L));
  }

  @Test
  void checksAreAuthenticatedAndRetransmittedPerSection143() throws Exception {
    IceAgent agent = agent(IceRole.CONTROLLING);
    InetSocketAddress local = addr("192.0.2.1", 5000);
    InetSocketAddress remote = addr("192.0.2.2", 6000);
    agent.addLocalCandidate(Candidate.host(local, 1, 65535), 0);
    agent.setRemoteCredentials(PEER, 0);
    agent.addRemoteCandidate(Candidate.host(remote, 1, 65535), 0);
    List<Long> sendTimes = new ArrayList<>();
    long now = 0;
    for (int i = 0; i < 200 && agent.pollTimeout().isPresent(); i++) {
      now = Math.max(now, agent.pollTimeout().getAsLong());
      agent.handleTimeout(now);
      for (IceTransmit t : drain(agent)) {
        sendTimes.add(now / MS);
        StunMessage m = decode(t);
        assertThat(t.destination()).isEqualTo(remote);
        assertThat(t.source()).isEqualTo(local);
        assertThat(m.first(StunAttribute.Username.class).get().value())
            .isEqualTo("peer:" + agent.localCredentials().ufrag());
        assertThat(m.first(StunAttribute.IceControlling.class)).isPresent();
        assertThat(m.first(StunAttribute.Priority.class).get().priority())
            .isEqualTo(CandidatePriority.compute(CandidateType.PEER_REFLEXIVE, 65535, 1));
        assertThat(
                org.rtcheck.stack.stun.StunIntegrityCheck.messageIntegrity(
                        m, PEER.pwd().getBytes(UTF_8))
                    .passed())
            .isTrue();
      }
    }
    // RTO = max(500 ms, Ta * 1); Rc = 7 sends, doubling (RFC 8489 §6.2.1).
    assertThat(sendTimes).containsExactly(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L);
    assertThat(agent.checkList().get(0).state()).isEqualTo(CandidatePairState.FAILED);
  }

  @Test
  void pacingSpacesChecksByTa() throws Exception {
    IceAgent agent = agent(IceRole.CONTROLLING);
    agent.addLocalCandidate(Candidate.host(addr("192.0.2.1", 5000), 1, 65535), 0);
    agent.setRemoteCredentials(PEER, 0);
    for (int i = 0; i < 3; i++) {
      agent.addRemoteCandidate(Candidate.host(addr("192.0.2." + (10 + i), 6000), 1, 65535 - i), 0);
    }
    List<Long> firstSends = new ArrayList<>();
    long now = 0;
    while (firstSends.size() < 3) {
      now = agent.pollTimeout().getAsLong();
      agent.handleTimeout(now);
      for (IceTransmit t : drain(agent)) {
        firstSends.add(now / MS);
      }
    }
    assertThat(firstSends).containsExactly(0L, 50L, 100L);
  }

  @Test
  void requestsWithoutCredentialsGet400AndWrongOnes401() throws Exception {
    IceAgent agent = agent(IceRole.CONTROLLED);
    InetSocketAddress local = addr("192.0.2.1", 5000);
    InetSocketAddress src = addr("192.0.2.2", 6000);
    agent.addLocalCandidate(Candidate.host(local, 1, 65535), 0);
    byte[] noIntegrity = check(agent).addFingerprint().encode();
    assertThat(agent.handleDatagram(noIntegrity, local, src, 0)).isTrue();
    assertThat(errorCode(drain(agent))).isEqualTo(400);

    byte[] wrongKey =
        check(agent)
            .addMessageIntegrity("not the password at all".getBytes(UTF_8))
            .addFingerprint()
            .encode();
    agent.handleDatagram(wrongKey, local, src, 0);
    assertThat(errorCode(drain(agent))).isEqualTo(401);

    assertThat(agent.handleDatagram(new byte[] {(byte) 0x80, 0, 0, 0}, local, src, 0)).isFalse();
  }

  @Test
  void aValidCheckIsAnsweredWithTheMappedAddressAndTriggersACheckBack() throws Exception {
    IceAgent agent = agent(IceRole.CONTROLLED);
    InetSocketAddress local = addr("192.0.2.1", 5000);
    InetSocketAddress src = addr("192.0.2.2", 6000);
    agent.addLocalCandidate(Candidate.host(local, 1, 65535), 0);
    agent.setRemoteCredentials(PEER, 0);
    byte[] request =
        check(agent)
            .add(new StunAttribute.IceControlling(7))
            .addMessageIntegrity(agent.localCredentials().pwd().getBytes(UTF_8))
            .addFingerprint()
            .encode();
    agent.handleDatagram(request, local, src, 0);
    List<IceTransmit> out = drain(agent);
    assertThat(out).hasSize(1);
    StunMessage response = decode(out.get(0));
    assertThat(response.stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
    assertThat(response.first(StunAttribute.XorMappedAddress.class).get().address()).isEqualTo(src);
    assertThat(agent.remoteCandidates())
        .singleElement()
        .satisfies(c -> assertThat(c.type()).isEqualTo(CandidateType.PEER_REFLEXIVE))
        .satisfies(c -> assertThat(c.priority()).isEqualTo(1845501695L));
    // The triggered check goes out at the next pacing tick (RFC 8445 §7.3.1.4).
    agent.handleTimeout(agent.pollTimeout().getAsLong());
    StunMessage triggered = decode(drain(agent).get(0));
    assertThat(triggered.stunClass()).isEqualTo(StunClass.REQUEST);
    assertThat(triggered.first(StunAttribute.IceControlled.class)).isPresent();
  }

  @Test
  void aConflictingControllingRequestWithASmallerTieBreakerGets487() throws Exception {
    IceAgent agent = agent(IceRole.CONTROLLING);
    InetSocketAddress local = addr("192.0.2.1", 5000);
    agent.addLocalCandidate(Candidate.host(local, 1, 65535), 0);
    long smaller = 0; // never greater than ours, unsigned
    byte[] request =
        check(agent)
            .add(new StunAttribute.IceControlling(smaller))
            .addMessageIntegrity(agent.localCredentials().pwd().getBytes(UTF_8))
            .addFingerprint()
            .encode();
    agent.handleDatagram(request, local, addr("192.0.2.2", 6000), 0);
    assertThat(errorCode(drain(agent))).isEqualTo(487);
    assertThat(agent.role()).isEqualTo(IceRole.CONTROLLING);

    byte[] larger =
        check(agent)
            .add(new StunAttribute.IceControlling(-1L)) // 2^64-1: the largest there is
            .addMessageIntegrity(agent.localCredentials().pwd().getBytes(UTF_8))
            .addFingerprint()
            .encode();
    agent.handleDatagram(larger, local, addr("192.0.2.2", 6000), 0);
    assertThat(decode(drain(agent).get(0)).stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
    assertThat(agent.role()).isEqualTo(IceRole.CONTROLLED);
  }

  @Test
  void garbageAndMutatedChecksNeverThrow() throws Exception {
    IceAgent agent = agent(IceRole.CONTROLLED);
    InetSocketAddress local = addr("192.0.2.1", 5000);
    InetSocketAddress src = addr("192.0.2.2", 6000);
    agent.addLocalCandidate(Candidate.host(local, 1, 65535), 0);
    agent.setRemoteCredentials(PEER, 0);
    byte[] valid =
        check(agent)
            .add(new StunAttribute.IceControlling(7))
            .add(new StunAttribute.UseCandidate())
            .addMessageIntegrity(agent.localCredentials().pwd().getBytes(UTF_8))
            .addFingerprint()
            .encode();
    SplittableRandom random = new SplittableRandom(99);
    for (int i = 0; i < 20_000; i++) {
      byte[] b;
      if (i % 2 == 0) {
        b = valid.clone();
        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
          b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
        }
      } else {
        b = new byte[random.nextInt(64)];
        random.nextBytes(b);
        if (b.length >= 8) {
          b[0] &= 0x3F;
          b[4] = 0x21;
          b[5] = 0x12;
          b[6] = (byte) 0xA4;
          b[7] = 0x42;
        }
      }
      agent.handleDatagram(b, local, src, i * MS);
      agent.handleTimeout(i * MS);
      drain(agent);
    }
    assertThat(agent.connectionState()).isNotEqualTo(IceConnectionState.CLOSED);
  }

  private static int errorCode(List<IceTransmit> out) throws Exception {
    assertThat(out).hasSize(1);
    StunMessage m = decode(out.get(0));
    assertThat(m.stunClass()).isEqualTo(StunClass.ERROR_RESPONSE);
    return m.first(StunAttribute.ErrorCode.class).get().code();
  }
}

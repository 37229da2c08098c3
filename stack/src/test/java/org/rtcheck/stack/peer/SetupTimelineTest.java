package org.rtcheck.stack.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.datachannel.DataChannelInit;
import org.rtcheck.stack.peer.SetupTimeline.Phase;
import org.rtcheck.stack.sdp.SdpType;

class SetupTimelineTest {

  @Test
  void aPhaseIsStampedOnceAndCountsFromCreation() throws Exception {
    SetupTimeline t = new SetupTimeline();
    assertThat(t.sinceCreated(Phase.CREATED)).hasValue(0);
    assertThat(t.sinceCreated(Phase.OFFER)).isEmpty();
    assertThat(t.reached(Phase.OFFER)).isFalse();
    Thread.sleep(2);
    t.mark(Phase.OFFER);
    long first = t.sinceCreated(Phase.OFFER).getAsLong();
    Thread.sleep(2);
    t.mark(Phase.OFFER);
    assertThat(t.sinceCreated(Phase.OFFER)).hasValue(first);
    assertThat(first).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(2));
    t.markAt(Phase.ICE_CONNECTED, 0); // 0 is "not yet", never a stamp
    assertThat(t.reached(Phase.ICE_CONNECTED)).isFalse();
    assertThat(t.snapshot()).containsOnlyKeys(Phase.CREATED, Phase.OFFER);
  }

  @Test
  void aDataChannelSetupReachesEveryPhaseInOrder() throws Exception {
    try (PeerConnection a = PeerConnection.create(PeerConnectionConfig.loopback());
        PeerConnection b = PeerConnection.create(PeerConnectionConfig.loopback())) {
      CompletableFuture<PeerDataChannel> remote = new CompletableFuture<>();
      b.onEvent(
          e -> {
            if (e instanceof PeerConnectionEvent.DataChannelAnnounced d) {
              remote.complete(d.channel());
            }
          });
      PeerDataChannel ca = a.createDataChannel("timeline", DataChannelInit.DEFAULT);
      a.setRemoteDescription(SdpType.ANSWER, b.answer(a.offer()));
      ca.opened().get(15, TimeUnit.SECONDS);
      remote.get(15, TimeUnit.SECONDS).opened().get(15, TimeUnit.SECONDS);

      Map<Phase, Long> offerer = a.setupTimeline().snapshot();
      assertThat(offerer).containsOnlyKeys(Phase.values()); // it opened the in-band channel
      assertThat(a.stats().setupPhases()).isEqualTo(offerer);
      Map<Phase, Long> answerer = b.setupTimeline().snapshot();
      assertThat(answerer).containsKeys(Phase.CHANNEL_OPEN).doesNotContainKey(Phase.DCEP_OPEN_SENT);
      for (Map<Phase, Long> m : java.util.List.of(offerer, answerer)) {
        // the causal chain: signaling, ICE, DTLS, SCTP, channel
        assertThat(m.get(Phase.OFFER)).isLessThanOrEqualTo(m.get(Phase.ANSWER_APPLIED));
        assertThat(m.get(Phase.ICE_CONNECTED)).isLessThanOrEqualTo(m.get(Phase.DTLS_CONNECTED));
        assertThat(m.get(Phase.DTLS_FIRST_FLIGHT)).isLessThanOrEqualTo(m.get(Phase.DTLS_CONNECTED));
        assertThat(m.get(Phase.DTLS_CONNECTED)).isLessThanOrEqualTo(m.get(Phase.SCTP_INIT_SENT));
        assertThat(m.get(Phase.SCTP_INIT_SENT)).isLessThanOrEqualTo(m.get(Phase.SCTP_ESTABLISHED));
        assertThat(m.get(Phase.SCTP_ESTABLISHED)).isLessThanOrEqualTo(m.get(Phase.CHANNEL_OPEN));
      }
    }
  }
}

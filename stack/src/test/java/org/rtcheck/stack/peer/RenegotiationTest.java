package org.rtcheck.stack.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.datachannel.DataChannelInit;
import org.rtcheck.stack.sdp.SdpAttribute.MediaDirection;
import org.rtcheck.stack.sdp.SdpType;
import org.rtcheck.stack.sdp.SessionDescription;
import org.rtcheck.stack.sdp.jsep.JsepSession;
import org.rtcheck.stack.sdp.jsep.MediaKind;
import org.rtcheck.stack.sdp.jsep.Transceiver;

/**
 * Later offer/answer exchanges on connected own peer connections over loopback: media added
 * mid-call by either side (RFC 9429 §5.2.2, §5.3.2), ICE restarts by either side (RFC 8445 §9) with
 * a data channel carrying messages across them, glare.
 */
class RenegotiationTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  /** Everything one peer connection reported, for assertions. */
  private static final class Recorder {
    final List<PeerConnectionEvent> events = new CopyOnWriteArrayList<>();
    final LinkedBlockingQueue<PeerDataChannel> announced = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<PeerConnectionEvent.IceCandidate> candidates =
        new LinkedBlockingQueue<>();

    Recorder(PeerConnection pc) {
      pc.onEvent(
          e -> {
            events.add(e);
            if (e instanceof PeerConnectionEvent.DataChannelAnnounced d) {
              announced.add(d.channel());
            } else if (e instanceof PeerConnectionEvent.IceCandidate c) {
              candidates.add(c);
            }
          });
    }

    <T extends PeerConnectionEvent> List<T> of(Class<T> type) {
      return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    long rtp(MediaKind kind) {
      return of(PeerConnectionEvent.RtpReceived.class).stream()
          .filter(r -> r.kind() == kind)
          .count();
    }
  }

  /** a offers a data channel, b answers; both connected and the channel open on both sides. */
  private static PeerDataChannel[] connectWithChannel(
      PeerConnection a, PeerConnection b, Recorder rb) throws Exception {
    PeerDataChannel ca = a.createDataChannel("chat", DataChannelInit.DEFAULT);
    a.setRemoteDescription(SdpType.ANSWER, b.answer(a.offer()));
    a.awaitConnected(WAIT);
    b.awaitConnected(WAIT);
    ca.opened().get(10, TimeUnit.SECONDS);
    PeerDataChannel cb = rb.announced.poll(10, TimeUnit.SECONDS);
    assertThat(cb).isNotNull();
    return new PeerDataChannel[] {ca, cb};
  }

  private static void roundTrip(PeerDataChannel from, PeerDataChannel to, String text)
      throws Exception {
    LinkedBlockingQueue<PeerDataChannel.Message> got = new LinkedBlockingQueue<>();
    to.onMessage(got::add);
    from.send(text);
    PeerDataChannel.Message m = got.poll(5, TimeUnit.SECONDS);
    assertThat(m).isNotNull();
    assertThat(m.text()).isEqualTo(text);
  }

  private static String line(String sdp, String prefix) {
    return sdp.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
  }

  @Test
  void audioAddedMidCallByTheOffererFlowsAndTheChannelKeepsWorking() throws Exception {
    try (PeerConnection a = PeerConnection.create(PeerConnectionConfig.loopback());
        PeerConnection b = PeerConnection.create(PeerConnectionConfig.loopback())) {
      Recorder ra = new Recorder(a);
      Recorder rb = new Recorder(b);
      PeerDataChannel[] ch = connectWithChannel(a, b, rb);
      String firstOffer = JsepSession.toText(a.localDescription().orElseThrow());
      roundTrip(ch[0], ch[1], "before");

      Transceiver audio = a.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
      assertThat(ra.of(PeerConnectionEvent.NegotiationNeeded.class)).hasSize(1);
      a.sendSilentAudio(audio);
      String offer = a.offer();
      // RFC 9429 §5.2.2: the data section keeps its place and mid, the new one comes last; the
      // transport (ICE credentials, fingerprint, BUNDLE) is unchanged.
      assertThat(offer.indexOf("m=application")).isLessThan(offer.indexOf("m=audio"));
      assertThat(offer).contains("a=group:BUNDLE 0 1");
      assertThat(line(offer, "a=ice-ufrag:")).isEqualTo(line(firstOffer, "a=ice-ufrag:"));
      assertThat(line(offer, "a=fingerprint:")).isEqualTo(line(firstOffer, "a=fingerprint:"));
      String answer = b.answer(offer);
      assertThat(answer).contains("m=audio").contains("a=mid:1").contains("a=recvonly");
      a.setRemoteDescription(SdpType.ANSWER, answer);

      waitFor(() -> rb.rtp(MediaKind.AUDIO) >= 20, 5_000);
      assertThat(rb.rtp(MediaKind.AUDIO)).isGreaterThanOrEqualTo(20);
      PeerConnectionEvent.RtpReceived first = rb.of(PeerConnectionEvent.RtpReceived.class).get(0);
      assertThat(first.mid()).isEqualTo("1");
      assertThat(first.payloadType()).isEqualTo(111);
      assertThat(b.rtpRefused()).isZero();
      assertThat(b.transceivers())
          .singleElement()
          .satisfies(t -> assertThat(t.mid()).isEqualTo("1"));
      // No second DTLS handshake (RFC 8842 §5.5), and the channel still carries messages.
      assertThat(ra.of(PeerConnectionEvent.DtlsConnected.class)).hasSize(1);
      assertThat(rb.of(PeerConnectionEvent.DtlsConnected.class)).hasSize(1);
      roundTrip(ch[1], ch[0], "after");
      assertThat(a.state()).isEqualTo(PeerConnectionState.CONNECTED);

      // Stopping it: sending ends at once, the next offer keeps the m-section with port 0 (RFC
      // 9429 §5.2.2) and the answer rejects it; the channel carries on.
      a.stopTransceiver(audio);
      assertThat(ra.of(PeerConnectionEvent.NegotiationNeeded.class)).hasSize(2);
      String third = a.offer();
      assertThat(third).contains("m=audio 0 ").contains("a=group:BUNDLE 0\r\n");
      a.setRemoteDescription(SdpType.ANSWER, b.answer(third));
      Thread.sleep(200);
      long stopped = rb.rtp(MediaKind.AUDIO);
      Thread.sleep(300);
      assertThat(rb.rtp(MediaKind.AUDIO)).isEqualTo(stopped);
      assertThat(b.transceivers()).singleElement().satisfies(t -> assertThat(t.stopped()).isTrue());
      roundTrip(ch[0], ch[1], "after stop");
    }
  }

  @Test
  void audioOfferedByTheAnswererMatchesALocalTransceiverAndFlowsBothWays() throws Exception {
    try (PeerConnection a = PeerConnection.create(PeerConnectionConfig.loopback());
        PeerConnection b = PeerConnection.create(PeerConnectionConfig.loopback())) {
      Recorder ra = new Recorder(a);
      Recorder rb = new Recorder(b);
      PeerDataChannel[] ch = connectWithChannel(a, b, rb);

      // b, the first answerer, now offers; a answers with its own audio transceiver in the new
      // m-section (W3C §4.4.1.6: a local transceiver of the kind without a mid takes it).
      Transceiver tb = b.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
      b.sendSilentAudio(tb);
      Transceiver ta = a.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
      a.sendSilentAudio(ta);
      String answer = a.answer(b.offer());
      assertThat(answer).contains("m=audio").contains("a=sendrecv");
      b.setRemoteDescription(SdpType.ANSWER, answer);
      assertThat(ta.mid()).isEqualTo(tb.mid()).isEqualTo("1");

      waitFor(() -> ra.rtp(MediaKind.AUDIO) >= 10 && rb.rtp(MediaKind.AUDIO) >= 10, 5_000);
      assertThat(ra.rtp(MediaKind.AUDIO)).isGreaterThanOrEqualTo(10);
      assertThat(rb.rtp(MediaKind.AUDIO)).isGreaterThanOrEqualTo(10);
      assertThat(ra.rtp(MediaKind.VIDEO)).isZero();
      roundTrip(ch[0], ch[1], "still here");
    }
  }

  @Test
  void iceRestartByTheOffererKeepsAChannelTransferringAcrossIt() throws Exception {
    try (PeerConnection a = PeerConnection.create(PeerConnectionConfig.loopback());
        PeerConnection b = PeerConnection.create(PeerConnectionConfig.loopback())) {
      Recorder ra = new Recorder(a);
      Recorder rb = new Recorder(b);
      PeerDataChannel[] ch = connectWithChannel(a, b, rb);
      String ufragA = a.localIceUfrag();
      String ufragB = b.localIceUfrag();
      waitFor(() -> !ra.of(PeerConnectionEvent.SelectedCandidatePairChange.class).isEmpty(), 5000);
      int pairsBefore = ra.of(PeerConnectionEvent.SelectedCandidatePairChange.class).size();

      AtomicInteger received = new AtomicInteger();
      ch[1].onMessage(m -> received.incrementAndGet());
      AtomicBoolean sending = new AtomicBoolean(true);
      AtomicInteger sent = new AtomicInteger();
      Thread sender =
          new Thread(
              () -> {
                try {
                  while (sending.get()) {
                    ch[0].send(new byte[1000]);
                    sent.incrementAndGet();
                    Thread.sleep(2);
                  }
                } catch (Exception e) {
                  sending.set(false);
                }
              });
      sender.start();
      try {
        waitFor(() -> received.get() > 20, 5_000);
        a.restartIce();
        assertThat(ra.of(PeerConnectionEvent.NegotiationNeeded.class)).hasSize(1);
        String offer = a.offer();
        assertThat(line(offer, "a=ice-ufrag:")).isNotEqualTo("a=ice-ufrag:" + ufragA);
        String answer = b.answer(offer);
        // RFC 8445 §9: the answer to a restart has new credentials too.
        assertThat(line(answer, "a=ice-ufrag:")).isNotEqualTo("a=ice-ufrag:" + ufragB);
        a.setRemoteDescription(SdpType.ANSWER, answer);
        assertThat(a.localIceUfrag())
            .isNotEqualTo(ufragA)
            .isEqualTo(line(offer, "a=ice-ufrag:").substring(12));
        assertThat(b.localIceUfrag()).isNotEqualTo(ufragB);
        // The new checks select a new pair (on loopback, between the same addresses).
        waitFor(
            () -> ra.of(PeerConnectionEvent.SelectedCandidatePairChange.class).size() > pairsBefore,
            10_000);
        assertThat(ra.of(PeerConnectionEvent.SelectedCandidatePairChange.class))
            .hasSizeGreaterThan(pairsBefore);
        int mark = received.get();
        waitFor(() -> received.get() > mark + 50, 5_000);
      } finally {
        sending.set(false);
        sender.join(5_000);
      }
      waitFor(() -> received.get() == sent.get(), 10_000);
      assertThat(received.get()).isEqualTo(sent.get()).isGreaterThan(70);
      assertThat(a.state()).isEqualTo(PeerConnectionState.CONNECTED);
      assertThat(ra.of(PeerConnectionEvent.DtlsConnected.class)).hasSize(1);
      assertThat(a.selectedLocalCandidate()).isPresent();
      // The flag is consumed: the next offer keeps the new credentials.
      String again = a.offer();
      assertThat(line(again, "a=ice-ufrag:")).isEqualTo("a=ice-ufrag:" + a.localIceUfrag());
      b.setRemoteDescription(SdpType.OFFER, again);
      b.setLocalDescription(SdpType.ANSWER, b.createAnswer());
      roundTrip(ch[1], ch[0], "after restart");
    }
  }

  @Test
  void iceRestartByTheAnswererWithTrickledCandidatesRestartsTheOffererToo() throws Exception {
    PeerConnectionConfig trickle = PeerConnectionConfig.loopback().withTrickle(true);
    try (PeerConnection a = PeerConnection.create(trickle);
        PeerConnection b = PeerConnection.create(trickle)) {
      Recorder ra = new Recorder(a);
      Recorder rb = new Recorder(b);
      PeerDataChannel ca = a.createDataChannel("chat", DataChannelInit.DEFAULT);
      a.setRemoteDescription(SdpType.ANSWER, b.answer(a.offer()));
      trickle(ra, b);
      trickle(rb, a);
      a.awaitConnected(WAIT);
      b.awaitConnected(WAIT);
      ca.opened().get(10, TimeUnit.SECONDS);
      PeerDataChannel cb = rb.announced.poll(10, TimeUnit.SECONDS);
      String ufragA = a.localIceUfrag();
      int pairsBefore = ra.of(PeerConnectionEvent.SelectedCandidatePairChange.class).size();

      // b (controlled) restarts: a sees new remote credentials in the offer and restarts its
      // agent with the new credentials of its answer (RFC 8839 §4.4.1.1.1).
      b.restartIce();
      String offer = b.offer();
      a.setRemoteDescription(SdpType.OFFER, offer);
      trickle(rb, a); // b's re-reported candidates arrive while a's exchange is open: held
      SessionDescription sd = a.createAnswer();
      a.setLocalDescription(SdpType.ANSWER, sd);
      b.setRemoteDescription(SdpType.ANSWER, JsepSession.toText(sd));
      trickle(ra, b);
      trickle(rb, a);
      assertThat(a.localIceUfrag()).isNotEqualTo(ufragA);
      waitFor(
          () -> ra.of(PeerConnectionEvent.SelectedCandidatePairChange.class).size() > pairsBefore,
          10_000);
      assertThat(ra.of(PeerConnectionEvent.SelectedCandidatePairChange.class))
          .hasSizeGreaterThan(pairsBefore);
      roundTrip(ca, cb, "across the restart");
      roundTrip(cb, ca, "and back");
      assertThat(b.state()).isEqualTo(PeerConnectionState.CONNECTED);
    }
  }

  @Test
  void aRemoteOfferInHaveLocalOfferIsGlareAndRollbackRecovers() throws Exception {
    try (PeerConnection a = PeerConnection.create(PeerConnectionConfig.loopback());
        PeerConnection b = PeerConnection.create(PeerConnectionConfig.loopback())) {
      Recorder rb = new Recorder(b);
      PeerDataChannel[] ch = connectWithChannel(a, b, rb);
      a.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
      b.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
      a.offer();
      String fromB = b.offer();
      assertThatThrownBy(() -> a.setRemoteDescription(SdpType.OFFER, fromB))
          .isInstanceOfSatisfying(
              PeerConnectionException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(PeerConnectionException.Reason.SIGNALING);
                assertThat(e.getMessage()).contains("GLARE").contains("have-local-offer");
              });
      // RFC 9429 §4.1.8.2: a rolls back its offer and answers b's.
      a.rollback();
      b.setRemoteDescription(SdpType.ANSWER, a.answer(fromB));
      assertThat(a.transceivers()).allSatisfy(t -> assertThat(t.mid()).isEqualTo("1"));
      assertThatThrownBy(a::rollback)
          .isInstanceOfSatisfying(
              PeerConnectionException.class,
              e -> assertThat(e.reason()).isEqualTo(PeerConnectionException.Reason.INVALID_STATE));
      roundTrip(ch[0], ch[1], "after glare");
    }
  }

  @Test
  void aRolledBackRestartOfferKeepsTheOldCredentialsAndTheNextOfferStillRestarts()
      throws Exception {
    try (PeerConnection a = PeerConnection.create(PeerConnectionConfig.loopback());
        PeerConnection b = PeerConnection.create(PeerConnectionConfig.loopback())) {
      Recorder ra = new Recorder(a);
      Recorder rb = new Recorder(b);
      PeerDataChannel[] ch = connectWithChannel(a, b, rb);
      String ufrag = a.localIceUfrag();
      a.restartIce();
      String offer = a.offer();
      assertThat(a.localIceUfrag()).isNotEqualTo(ufrag);
      a.rollback();
      assertThat(a.localIceUfrag()).isEqualTo(ufrag);
      roundTrip(ch[0], ch[1], "after rollback");
      int pairs = ra.of(PeerConnectionEvent.SelectedCandidatePairChange.class).size();
      // The restart is still wanted (W3C restartIce()): the next offer has new credentials again.
      String again = a.offer();
      assertThat(line(again, "a=ice-ufrag:"))
          .isNotEqualTo("a=ice-ufrag:" + ufrag)
          .isNotEqualTo(line(offer, "a=ice-ufrag:"));
      a.setRemoteDescription(SdpType.ANSWER, b.answer(again));
      waitFor(
          () -> ra.of(PeerConnectionEvent.SelectedCandidatePairChange.class).size() > pairs,
          10_000);
      assertThat(ra.of(PeerConnectionEvent.SelectedCandidatePairChange.class))
          .hasSizeGreaterThan(pairs);
      roundTrip(ch[1], ch[0], "after the restart");
    }
  }

  @Test
  void aLaterAnswerThatSwapsTheDtlsRoleFailsWithTheDtlsReason() throws Exception {
    try (PeerConnection a = PeerConnection.create(PeerConnectionConfig.loopback());
        PeerConnection b = PeerConnection.create(PeerConnectionConfig.loopback())) {
      Recorder ra = new Recorder(a);
      Recorder rb = new Recorder(b);
      connectWithChannel(a, b, rb);
      a.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
      String answer = b.answer(a.offer());
      assertThat(answer).contains("a=setup:active"); // b stays the DTLS client (RFC 8842 §5.5)
      a.setRemoteDescription(SdpType.ANSWER, answer.replace("a=setup:active", "a=setup:passive"));
      assertThat(ra.of(PeerConnectionEvent.Failed.class))
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.cause().reason())
                    .isEqualTo(PeerConnectionException.Reason.DTLS_FAILED);
                assertThat(f.cause().getMessage()).contains("DTLS role").contains("RFC 8842 §5.5");
              });
      assertThat(a.state()).isEqualTo(PeerConnectionState.FAILED);
    }
  }

  @Test
  void laterOffersFromEitherSideKeepTheDtlsAssociationWhatEverRoleTheyState() throws Exception {
    try (PeerConnection a = PeerConnection.create(PeerConnectionConfig.loopback());
        PeerConnection b = PeerConnection.create(PeerConnectionConfig.loopback())) {
      Recorder ra = new Recorder(a);
      Recorder rb = new Recorder(b);
      PeerDataChannel[] ch = connectWithChannel(a, b, rb); // a is the DTLS server, b the client
      long connectedA = a.stats().connectedNanos();
      long connectedB = b.stats().connectedNanos();

      // a (server) re-offers: actpass as RFC 8842 §5.5 asks; b answers active again.
      Transceiver ta = a.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
      a.sendSilentAudio(ta);
      String offer = a.offer();
      assertThat(offer).contains("a=setup:actpass").doesNotContain("a=setup:active");
      String answer = b.answer(offer);
      assertThat(answer).contains("a=setup:active").doesNotContain("a=setup:passive");
      a.setRemoteDescription(SdpType.ANSWER, answer);
      waitFor(() -> rb.rtp(MediaKind.AUDIO) >= 10, 5_000);
      assertThat(rb.rtp(MediaKind.AUDIO)).isGreaterThanOrEqualTo(10);

      // b (client) re-offers stating its role, as older stacks do (RFC 8842 §5.3: accepted);
      // a answers passive in every m-section, the new one included.
      Transceiver tb = b.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
      b.sendSilentAudio(tb);
      String offer2 = b.offer().replace("a=setup:actpass", "a=setup:active");
      String answer2 = a.answer(offer2);
      assertThat(answer2).contains("a=setup:passive").doesNotContain("a=setup:active");
      b.setRemoteDescription(SdpType.ANSWER, answer2);

      // a (server) re-offers stating passive; b answers active.
      ta.setDirection(MediaDirection.SENDONLY);
      String offer3 = a.offer().replace("a=setup:actpass", "a=setup:passive");
      String answer3 = b.answer(offer3);
      assertThat(answer3).contains("a=setup:active").doesNotContain("a=setup:passive");
      a.setRemoteDescription(SdpType.ANSWER, answer3);

      waitFor(() -> ra.rtp(MediaKind.AUDIO) >= 10, 5_000);
      assertThat(ra.rtp(MediaKind.AUDIO)).isGreaterThanOrEqualTo(10);
      long before = rb.rtp(MediaKind.AUDIO);
      waitFor(() -> rb.rtp(MediaKind.AUDIO) >= before + 10, 5_000);
      assertThat(rb.rtp(MediaKind.AUDIO)).isGreaterThanOrEqualTo(before + 10);
      // One handshake on each side (no new DTLS association), no failure, the channel works.
      assertThat(ra.of(PeerConnectionEvent.DtlsConnected.class)).hasSize(1);
      assertThat(rb.of(PeerConnectionEvent.DtlsConnected.class)).hasSize(1);
      assertThat(ra.of(PeerConnectionEvent.Failed.class)).isEmpty();
      assertThat(rb.of(PeerConnectionEvent.Failed.class)).isEmpty();
      assertThat(a.stats().connectedNanos()).isEqualTo(connectedA);
      assertThat(b.stats().connectedNanos()).isEqualTo(connectedB);
      assertThat(a.stats().srtpRejected()).isZero();
      assertThat(b.stats().srtpRejected()).isZero();
      roundTrip(ch[0], ch[1], "after three later offers");
      roundTrip(ch[1], ch[0], "and back");
      assertThat(a.state()).isEqualTo(PeerConnectionState.CONNECTED);
      assertThat(b.state()).isEqualTo(PeerConnectionState.CONNECTED);
    }
  }

  @Test
  void aLaterOfferThatSwapsTheDtlsRoleIsRefusedAndTheConnectionCarriesOn() throws Exception {
    try (PeerConnection a = PeerConnection.create(PeerConnectionConfig.loopback());
        PeerConnection b = PeerConnection.create(PeerConnectionConfig.loopback())) {
      Recorder ra = new Recorder(a);
      Recorder rb = new Recorder(b);
      PeerDataChannel[] ch = connectWithChannel(a, b, rb);
      b.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
      // b is the client: passive would make a the client of a new association.
      String swapped = b.offer().replace("a=setup:actpass", "a=setup:passive");
      assertThatThrownBy(() -> a.setRemoteDescription(SdpType.OFFER, swapped))
          .isInstanceOfSatisfying(
              PeerConnectionException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(PeerConnectionException.Reason.SIGNALING);
                assertThat(e.getMessage()).contains("SETUP_INVALID").contains("RFC 8842 §5.5");
              });
      assertThat(ra.of(PeerConnectionEvent.Failed.class)).isEmpty();
      b.rollback();
      roundTrip(ch[0], ch[1], "still one association");
    }
  }

  @Test
  void aDirectionChangeFiresNegotiationNeededOnceUntilNegotiated() throws Exception {
    try (PeerConnection a = PeerConnection.create(PeerConnectionConfig.loopback());
        PeerConnection b = PeerConnection.create(PeerConnectionConfig.loopback())) {
      Recorder ra = new Recorder(a);
      Recorder rb = new Recorder(b);
      connectWithChannel(a, b, rb);
      Transceiver t = a.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
      assertThat(ra.of(PeerConnectionEvent.NegotiationNeeded.class)).hasSize(1);
      a.setRemoteDescription(SdpType.ANSWER, b.answer(a.offer()));
      assertThat(ra.of(PeerConnectionEvent.NegotiationNeeded.class)).hasSize(1);

      // W3C webrtc-pc §5.4: the same direction changes nothing; a new one fires once, and more
      // changes before the next exchange do not fire again (the flag is already set).
      t.setDirection(MediaDirection.SENDRECV);
      assertThat(ra.of(PeerConnectionEvent.NegotiationNeeded.class)).hasSize(1);
      t.setDirection(MediaDirection.RECVONLY);
      assertThat(ra.of(PeerConnectionEvent.NegotiationNeeded.class)).hasSize(2);
      t.setDirection(MediaDirection.INACTIVE);
      assertThat(ra.of(PeerConnectionEvent.NegotiationNeeded.class)).hasSize(2);
      String offer = a.offer();
      assertThat(offer).contains("a=inactive");
      a.setRemoteDescription(SdpType.ANSWER, b.answer(offer));
      assertThat(t.currentDirection()).isEqualTo(MediaDirection.INACTIVE);
      assertThat(ra.of(PeerConnectionEvent.NegotiationNeeded.class)).hasSize(2);

      // Set back to the negotiated direction before any offer: the flag clears without an event,
      // so the next change fires again.
      t.setDirection(MediaDirection.SENDONLY);
      assertThat(ra.of(PeerConnectionEvent.NegotiationNeeded.class)).hasSize(3);
      t.setDirection(MediaDirection.INACTIVE);
      assertThat(ra.of(PeerConnectionEvent.NegotiationNeeded.class)).hasSize(3);
      t.setDirection(MediaDirection.RECVONLY);
      assertThat(ra.of(PeerConnectionEvent.NegotiationNeeded.class)).hasSize(4);

      // The answerer's transceiver (made by a's offer, recvonly) wants to send: b fires once.
      int beforeB = rb.of(PeerConnectionEvent.NegotiationNeeded.class).size();
      a.setRemoteDescription(SdpType.ANSWER, b.answer(a.offer()));
      Transceiver tb = b.transceivers().get(0);
      tb.setDirection(MediaDirection.SENDRECV);
      assertThat(rb.of(PeerConnectionEvent.NegotiationNeeded.class)).hasSize(beforeB + 1);
    }
  }

  @Test
  void videoCannotBeSynthesized() throws Exception {
    try (PeerConnection a = PeerConnection.create(PeerConnectionConfig.loopback())) {
      Transceiver v = a.addTransceiver(MediaKind.VIDEO, MediaDirection.SENDRECV);
      assertThatThrownBy(() -> a.sendSilentAudio(v))
          .isInstanceOfSatisfying(
              PeerConnectionException.class,
              e -> assertThat(e.getMessage()).contains("video needs an encoder"));
    }
  }

  private static void trickle(Recorder from, PeerConnection to) throws PeerConnectionException {
    for (PeerConnectionEvent.IceCandidate c; (c = from.candidates.poll()) != null; ) {
      to.addIceCandidate(c.candidate());
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, long millis)
      throws InterruptedException {
    long end = System.currentTimeMillis() + millis;
    while (!condition.getAsBoolean() && System.currentTimeMillis() < end) {
      Thread.sleep(10);
    }
  }
}

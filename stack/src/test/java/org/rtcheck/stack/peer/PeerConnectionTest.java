package org.rtcheck.stack.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.dtls.DtlsHandshakeResult;
import org.rtcheck.stack.sdp.SdpAttribute.MediaDirection;
import org.rtcheck.stack.sdp.SdpType;
import org.rtcheck.stack.sdp.jsep.MediaKind;

/** Two own peer connections over real loopback sockets, signaled in memory. */
class PeerConnectionTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  @Test
  void nonTrickleOfferAnswerConnectsAndCarriesApplicationDataBothWays() throws Exception {
    try (PeerConnection a = PeerConnection.create(PeerConnectionConfig.loopback());
        PeerConnection b = PeerConnection.create(PeerConnectionConfig.loopback())) {
      LinkedBlockingQueue<byte[]> atB = new LinkedBlockingQueue<>();
      LinkedBlockingQueue<byte[]> atA = new LinkedBlockingQueue<>();
      b.onApplicationData(atB::add);
      a.onApplicationData(atA::add);
      // Media only: no SCTP, so the raw DTLS application data below is all there is.
      a.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);

      String offer = a.offer();
      assertThat(offer)
          .contains("m=audio")
          .contains("a=candidate:")
          .contains("a=end-of-candidates");
      String answer = b.answer(offer);
      a.setRemoteDescription(SdpType.ANSWER, answer);

      DtlsHandshakeResult ra = a.awaitConnected(WAIT);
      DtlsHandshakeResult rb = b.awaitConnected(WAIT);
      assertThat(ra.keyingMaterial()).isEqualTo(rb.keyingMaterial());
      waitFor(() -> a.state() == PeerConnectionState.CONNECTED, 5_000);
      assertThat(a.state()).isEqualTo(PeerConnectionState.CONNECTED);

      a.sendApplicationData("ping".getBytes(StandardCharsets.UTF_8));
      assertThat(atB.poll(5, TimeUnit.SECONDS)).asString(StandardCharsets.UTF_8).isEqualTo("ping");
      b.sendApplicationData("pong".getBytes(StandardCharsets.UTF_8));
      assertThat(atA.poll(5, TimeUnit.SECONDS)).asString(StandardCharsets.UTF_8).isEqualTo("pong");

      PeerConnectionStats s = a.stats();
      assertThat(s.selectedLocalCandidate()).contains("typ host");
      assertThat(s.srtpProfile()).isNotNull();
      assertThat(s.connectedNanos()).isPositive();
      assertThat(s.applicationBytesSent()).isEqualTo(4);
      System.out.printf(
          "own PeerConnection over loopback: ICE connected %.1f ms after gathering, DTLS connected"
              + " %.1f ms after creation (offerer)%n",
          s.iceConnectedNanos() / 1e6, s.connectedNanos() / 1e6);
    }
  }

  @Test
  void audioTransceiverCarriesSrtpBothWays() throws Exception {
    try (PeerConnection a = PeerConnection.create(PeerConnectionConfig.loopback());
        PeerConnection b = PeerConnection.create(PeerConnectionConfig.loopback())) {
      LinkedBlockingQueue<byte[]> rtpAtB = new LinkedBlockingQueue<>();
      LinkedBlockingQueue<byte[]> rtcpAtA = new LinkedBlockingQueue<>();
      b.onMedia((rtcp, p) -> (rtcp ? new LinkedBlockingQueue<byte[]>() : rtpAtB).add(p));
      a.onMedia((rtcp, p) -> (rtcp ? rtcpAtA : new LinkedBlockingQueue<byte[]>()).add(p));
      a.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
      a.setRemoteDescription(SdpType.ANSWER, b.answer(a.offer()));
      a.awaitConnected(WAIT);
      b.awaitConnected(WAIT);

      byte[] rtp = new byte[12 + 160];
      rtp[0] = (byte) 0x80;
      rtp[1] = 111; // Opus in the own offer
      rtp[3] = 1;
      rtp[11] = 42;
      rtp[20] = 7;
      a.sendRtp(rtp);
      assertThat(rtpAtB.poll(5, TimeUnit.SECONDS)).isEqualTo(rtp);

      // An empty receiver report (RFC 3550 §6.4.2) from B, among B's own automatic reports.
      byte[] rr = {(byte) 0x80, (byte) 201, 0, 1, 0, 0, 0, 9};
      b.sendRtcp(rr);
      boolean arrived = false;
      for (byte[] p = rtcpAtA.poll(5, TimeUnit.SECONDS);
          p != null && !arrived;
          p = arrived ? null : rtcpAtA.poll(5, TimeUnit.SECONDS)) {
        arrived = java.util.Arrays.equals(p, rr);
      }
      assertThat(arrived).as("the application's RR arrived as sent").isTrue();
      // RTP and RTCP together: the one RTP packet and A's automatic reports, if one was due yet.
      assertThat(b.stats().rtpPacketsReceived()).isGreaterThanOrEqualTo(1);
      assertThat(b.stats().inboundRtp())
          .singleElement()
          .satisfies(in -> assertThat(in.packetsReceived()).isEqualTo(1));
      assertThat(b.stats().srtpRejected()).isZero();
    }
  }

  @Test
  void trickleCandidatesFlowThroughEvents() throws Exception {
    PeerConnectionConfig trickle = PeerConnectionConfig.loopback().withTrickle(true);
    try (PeerConnection a = PeerConnection.create(trickle);
        PeerConnection b = PeerConnection.create(trickle)) {
      LinkedBlockingQueue<PeerConnectionEvent.IceCandidate> fromA = new LinkedBlockingQueue<>();
      LinkedBlockingQueue<PeerConnectionEvent.IceCandidate> fromB = new LinkedBlockingQueue<>();
      a.onEvent(
          e -> {
            if (e instanceof PeerConnectionEvent.IceCandidate c) {
              fromA.add(c);
            }
          });
      b.onEvent(
          e -> {
            if (e instanceof PeerConnectionEvent.IceCandidate c) {
              fromB.add(c);
            }
          });
      a.createDataChannelSection();
      String answer = b.answer(a.offer());
      a.setRemoteDescription(SdpType.ANSWER, answer);
      // Candidates gathered before the description were put in it; trickle whatever came.
      for (PeerConnectionEvent.IceCandidate c; (c = fromA.poll()) != null; ) {
        b.addIceCandidate(c.candidate());
      }
      for (PeerConnectionEvent.IceCandidate c; (c = fromB.poll()) != null; ) {
        a.addIceCandidate(c.candidate());
      }
      a.awaitConnected(WAIT);
      b.awaitConnected(WAIT);
      assertThat(a.stats().selectedRemoteCandidate()).contains("127.0.0.1");
    }
  }

  @Test
  void aFingerprintThatDoesNotMatchFailsTheConnectionWithTheDtlsReason() throws Exception {
    try (PeerConnection a = PeerConnection.create(PeerConnectionConfig.loopback());
        PeerConnection b = PeerConnection.create(PeerConnectionConfig.loopback())) {
      CompletableFuture<PeerConnectionEvent.Failed> failed = new CompletableFuture<>();
      a.onEvent(
          e -> {
            if (e instanceof PeerConnectionEvent.Failed f) {
              failed.complete(f);
            }
          });
      a.createDataChannelSection();
      String answer = b.answer(a.offer());
      // Flip one hex digit of the answerer's sha-256 fingerprint.
      int at = answer.indexOf("a=fingerprint:sha-256 ") + "a=fingerprint:sha-256 ".length();
      char c = answer.charAt(at);
      String tampered = answer.substring(0, at) + (c == 'A' ? 'B' : 'A') + answer.substring(at + 1);
      a.setRemoteDescription(SdpType.ANSWER, tampered);
      assertThatThrownBy(() -> a.awaitConnected(WAIT))
          .isInstanceOfSatisfying(
              PeerConnectionException.class,
              e -> assertThat(e.reason()).isEqualTo(PeerConnectionException.Reason.DTLS_FAILED))
          .hasMessageContaining("FINGERPRINT_MISMATCH");
      assertThat(failed.get(5, TimeUnit.SECONDS).cause().reason())
          .isEqualTo(PeerConnectionException.Reason.DTLS_FAILED);
      assertThat(a.state()).isEqualTo(PeerConnectionState.FAILED);
    }
  }

  @Test
  void badInputIsRefusedWithATypedReason() throws Exception {
    PeerConnection a = PeerConnection.create(PeerConnectionConfig.loopback());
    try {
      assertThatThrownBy(() -> a.addIceCandidate("candidate:1 1 udp 1 127.0.0.1 9 typ host"))
          .isInstanceOfSatisfying(
              PeerConnectionException.class,
              e -> assertThat(e.reason()).isEqualTo(PeerConnectionException.Reason.INVALID_STATE));
      assertThatThrownBy(a::createAnswer)
          .isInstanceOfSatisfying(
              PeerConnectionException.class,
              e -> assertThat(e.reason()).isEqualTo(PeerConnectionException.Reason.INVALID_STATE));
      assertThatThrownBy(() -> a.setRemoteDescription(SdpType.OFFER, "v=0\r\nnonsense\r\n"))
          .isInstanceOfSatisfying(
              PeerConnectionException.class,
              e -> assertThat(e.reason()).isEqualTo(PeerConnectionException.Reason.SIGNALING));
      a.createDataChannelSection();
      a.offer();
      assertThatThrownBy(() -> a.addIceCandidate("candidate:not a candidate"))
          .isInstanceOfSatisfying(
              PeerConnectionException.class,
              e -> assertThat(e.reason()).isEqualTo(PeerConnectionException.Reason.SIGNALING))
          .hasMessageContaining("not a candidate");
      assertThatThrownBy(() -> a.sendRtp(new byte[12]))
          .isInstanceOfSatisfying(
              PeerConnectionException.class,
              e -> assertThat(e.reason()).isEqualTo(PeerConnectionException.Reason.INVALID_STATE));
      assertThatThrownBy(() -> a.awaitConnected(Duration.ofMillis(200)))
          .isInstanceOfSatisfying(
              PeerConnectionException.class,
              e -> assertThat(e.reason()).isEqualTo(PeerConnectionException.Reason.TIMEOUT))
          .hasMessageContaining("signaling");
    } finally {
      a.close();
    }
    assertThatThrownBy(a::offer)
        .isInstanceOfSatisfying(
            PeerConnectionException.class,
            e -> assertThat(e.reason()).isEqualTo(PeerConnectionException.Reason.CLOSED));
    assertThat(a.state()).isEqualTo(PeerConnectionState.CLOSED);
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, long millis)
      throws InterruptedException {
    long end = System.currentTimeMillis() + millis;
    while (!condition.getAsBoolean() && System.currentTimeMillis() < end) {
      Thread.sleep(10);
    }
  }
}

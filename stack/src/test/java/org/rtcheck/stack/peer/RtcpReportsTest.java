package org.rtcheck.stack.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.rtp.InboundRtpStats;
import org.rtcheck.stack.rtp.OutboundRtpStats;
import org.rtcheck.stack.rtp.RtcpCompound;
import org.rtcheck.stack.rtp.RtcpSdes;
import org.rtcheck.stack.sdp.SdpAttribute.MediaDirection;
import org.rtcheck.stack.sdp.SdpType;
import org.rtcheck.stack.sdp.jsep.MediaKind;
import org.rtcheck.stack.sdp.jsep.Transceiver;

/**
 * Two own peer connections with audio both ways over loopback send each other the RTCP reports of
 * RFC 3550 §6.4 on their own (RFC 8834 §4.1): each learns the round-trip time from the other's
 * report blocks, and a closing side says BYE.
 */
class RtcpReportsTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  @Test
  void reportsFlowBothWaysAndGiveTheRoundTripTime() throws Exception {
    List<byte[]> rtcpAtB = new CopyOnWriteArrayList<>();
    PeerConnection a = PeerConnection.create(PeerConnectionConfig.loopback());
    try (PeerConnection b = PeerConnection.create(PeerConnectionConfig.loopback())) {
      b.onMedia(
          (rtcp, p) -> {
            if (rtcp) {
              rtcpAtB.add(p);
            }
          });
      Transceiver ta = a.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
      a.sendSilentAudio(ta);
      String offer = a.offer();
      Transceiver tb = b.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
      b.sendSilentAudio(tb);
      a.setRemoteDescription(SdpType.ANSWER, b.answer(offer));
      a.awaitConnected(WAIT);
      b.awaitConnected(WAIT);

      waitFor(() -> measured(a) && measured(b), 10_000);
      for (PeerConnection pc : List.of(a, b)) {
        PeerConnectionStats s = pc.stats();
        OutboundRtpStats out = s.outboundRtp().get(0);
        assertThat(s.outboundRtp()).hasSize(1);
        assertThat(out.reportsReceived()).isPositive();
        assertThat(out.roundTripTimeSeconds()).isBetween(0.0, 0.5);
        assertThat(out.packetsLost()).isZero();
        InboundRtpStats in = s.inboundRtp().get(0);
        assertThat(s.inboundRtp()).hasSize(1);
        assertThat(in.senderReportsReceived()).isPositive();
        assertThat(in.remotePacketsSent()).isPositive();
        assertThat(in.packetsReceived()).isPositive();
        assertThat(s.rtcpReportsSent()).isPositive();
        assertThat(s.rtcpRefused()).isZero();
      }
      // Each side's SR names the SSRC its a=ssrc signalled, with the session's CNAME.
      long aSsrc = a.stats().outboundRtp().get(0).ssrc();
      assertThat(b.stats().inboundRtp().get(0).ssrc()).isEqualTo(aSsrc);
      assertThat(cname(rtcpAtB.get(0), aSsrc)).isNotEmpty();
      assertThat(offer).contains("a=ssrc:" + aSsrc + " cname:" + cname(rtcpAtB.get(0), aSsrc));

      int before = rtcpAtB.size();
      a.close();
      waitFor(() -> rtcpAtB.size() > before && hasBye(rtcpAtB.get(rtcpAtB.size() - 1)), 2_000);
      assertThat(rtcpAtB.subList(before, rtcpAtB.size()))
          .anySatisfy(p -> assertThat(hasBye(p)).isTrue());
    } finally {
      a.close();
    }
  }

  @Test
  void aDataOnlyConnectionSendsNoRtcp() throws Exception {
    try (PeerConnection a = PeerConnection.create(PeerConnectionConfig.loopback());
        PeerConnection b = PeerConnection.create(PeerConnectionConfig.loopback())) {
      a.createDataChannel("chat", org.rtcheck.stack.datachannel.DataChannelInit.DEFAULT);
      a.setRemoteDescription(SdpType.ANSWER, b.answer(a.offer()));
      a.awaitConnected(WAIT);
      Thread.sleep(1_500);
      assertThat(a.stats().rtcpReportsSent()).isZero();
      assertThat(b.stats().rtpPacketsReceived()).isZero();
    }
  }

  private static boolean measured(PeerConnection pc) {
    PeerConnectionStats s = pc.stats();
    return !s.outboundRtp().isEmpty()
        && s.outboundRtp().get(0).roundTripTimeMeasurements() > 0
        && !s.inboundRtp().isEmpty()
        && s.inboundRtp().get(0).senderReportsReceived() > 0;
  }

  private static String cname(byte[] compound, long ssrc) throws Exception {
    for (RtcpCompound.Packet p : RtcpCompound.parse(compound, 0, compound.length, false)) {
      if (p.type() == RtcpCompound.SDES) {
        String c = RtcpSdes.cnames(compound, 0, p).get(ssrc);
        if (c != null) {
          return c;
        }
      }
    }
    return "";
  }

  private static boolean hasBye(byte[] compound) {
    try {
      return RtcpCompound.parse(compound, 0, compound.length, false).stream()
          .anyMatch(p -> p.type() == RtcpCompound.BYE);
    } catch (Exception e) {
      return false;
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, long millis)
      throws InterruptedException {
    long end = System.currentTimeMillis() + millis;
    while (!condition.getAsBoolean() && System.currentTimeMillis() < end) {
      Thread.sleep(20);
    }
  }
}

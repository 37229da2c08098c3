package org.rtcheck.stack.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.sdp.SdpAttribute.MediaDirection;
import org.rtcheck.stack.sdp.SdpType;
import org.rtcheck.stack.sdp.jsep.MediaKind;
import org.rtcheck.stack.signaling.HttpSignalingClient;
import org.rtcheck.stack.signaling.HttpSignalingServer;
import org.rtcheck.stack.signaling.SignalingException;

/** The own echo peer behind the HTTP contracts, driven by an own peer over loopback. */
class EchoPeerTest {

  @Test
  void rtpComesBackThroughTheEchoContract() throws Exception {
    try (EchoPeer echo = new EchoPeer(PeerConnectionConfig.loopback(), 8);
        HttpSignalingServer server =
            HttpSignalingServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), echo);
        PeerConnection pc = PeerConnection.create(PeerConnectionConfig.loopback())) {
      LinkedBlockingQueue<byte[]> back = new LinkedBlockingQueue<>();
      pc.onMedia(
          (rtcp, p) -> {
            if (!rtcp) {
              back.add(p);
            }
          });
      pc.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
      URI url = URI.create("http://127.0.0.1:" + server.address().getPort() + "/offer");
      String answer = new HttpSignalingClient(Duration.ofSeconds(10)).exchange(url, pc.offer());
      pc.setRemoteDescription(SdpType.ANSWER, answer);
      pc.awaitConnected(Duration.ofSeconds(15));
      for (int seq = 0; seq < 10; seq++) {
        byte[] rtp = new byte[12 + 20];
        rtp[0] = (byte) 0x80;
        rtp[1] = 111;
        rtp[3] = (byte) seq;
        rtp[11] = 5;
        rtp[12] = (byte) seq;
        pc.sendRtp(rtp);
        byte[] got = back.poll(5, TimeUnit.SECONDS);
        assertThat(got).as("echo of packet %d", seq).isEqualTo(rtp);
      }
      assertThat(echo.echoedRtpPackets()).isEqualTo(10);
      assertThat(echo.sessionCount()).isEqualTo(1);
      // The echo is this side's own source coming back: not a remote source (RFC 3550 §8.2), and
      // the echo peer reports on it in an RR rather than claiming it in an SR of its own.
      long end = System.currentTimeMillis() + 5_000;
      while (pc.stats().outboundRtp().get(0).reportsReceived() == 0
          && System.currentTimeMillis() < end) {
        Thread.sleep(20);
      }
      PeerConnectionStats st = pc.stats();
      assertThat(st.outboundRtp())
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.ssrc()).isEqualTo(5);
                assertThat(o.packetsSent()).isEqualTo(10);
                assertThat(o.reportsReceived()).isPositive();
                assertThat(o.packetsLost()).isZero();
              });
      assertThat(st.inboundRtp()).isEmpty();
    }
  }

  @Test
  void whipSessionsEndWithDelete() throws Exception {
    try (EchoPeer echo = new EchoPeer(PeerConnectionConfig.loopback(), 8);
        HttpSignalingServer server =
            HttpSignalingServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), echo);
        PeerConnection pc = PeerConnection.create(PeerConnectionConfig.loopback())) {
      pc.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDONLY);
      URI url = URI.create("http://127.0.0.1:" + server.address().getPort() + "/whip");
      HttpSignalingClient client = new HttpSignalingClient(Duration.ofSeconds(10));
      HttpSignalingClient.WhipSession s = client.whip(url, pc.offer());
      pc.setRemoteDescription(SdpType.ANSWER, s.answerSdp());
      pc.awaitConnected(Duration.ofSeconds(15));
      assertThat(echo.sessionCount()).isEqualTo(1);
      client.delete(s.resource());
      assertThat(echo.sessionCount()).isZero();
    }
  }

  @Test
  void anOfferTheEchoPeerCannotApplyIsRefusedWith422() throws Exception {
    try (EchoPeer echo = new EchoPeer(PeerConnectionConfig.loopback(), 8);
        HttpSignalingServer server =
            HttpSignalingServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), echo)) {
      URI url = URI.create("http://127.0.0.1:" + server.address().getPort() + "/offer");
      assertThatThrownBy(
              () -> new HttpSignalingClient(Duration.ofSeconds(10)).exchange(url, "v=0\r\nbad\r\n"))
          .isInstanceOfSatisfying(
              SignalingException.class,
              e -> assertThat(e.reason()).isEqualTo(SignalingException.Reason.HTTP_STATUS))
          .hasMessageContaining("422")
          .hasMessageContaining("SIGNALING");
      assertThat(echo.sessionCount()).isZero();
    }
  }
}

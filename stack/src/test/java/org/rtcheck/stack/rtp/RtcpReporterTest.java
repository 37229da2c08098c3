package org.rtcheck.stack.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Two reporters on virtual time, the way two peers exchange reports (RFC 3550 §6.4). */
class RtcpReporterTest {

  private static final long MS = 1_000_000L;
  private static final long A_SSRC = 0x11111111L;
  private static final long B_REPORTER = 0x22222222L;

  private static RtcpReporter reporter(String cname, long ssrc) {
    return new RtcpReporter(
        cname, ssrc, Duration.ofSeconds(1), 1_700_000_000_000_000_000L, new Random(7));
  }

  /** An Opus-like packet: 12-byte header, 3 payload bytes, 48 kHz, +960 per 20 ms. */
  private static RtpPacket packet(long ssrc, int seq, long ts) throws RtpFormatException {
    byte[] p = new byte[15];
    p[0] = (byte) 0x80;
    p[1] = 111;
    p[2] = (byte) (seq >> 8);
    p[3] = (byte) seq;
    RtcpWriter.u32(p, 4, ts);
    RtcpWriter.u32(p, 8, ssrc);
    return RtpPacket.parse(p);
  }

  private static List<RtcpReport> reports(byte[] compound) throws RtpFormatException {
    List<RtcpReport> out = new ArrayList<>();
    for (RtcpCompound.Packet p : RtcpCompound.parse(compound, 0, compound.length, false)) {
      if (p.type() == RtcpCompound.SR || p.type() == RtcpCompound.RR) {
        out.add(RtcpReport.parse(compound, 0, p));
      }
    }
    return out;
  }

  @Test
  void lossJitterAndRoundTripBetweenTwoReporters() throws Exception {
    RtcpReporter a = reporter("alice", A_SSRC);
    RtcpReporter b = reporter("bob", B_REPORTER);
    long oneWay = 10 * MS;
    long now = 0;
    byte[] lastSr = null;
    for (int i = 0; i < 200; i++, now += 20 * MS) {
      RtpPacket p = packet(A_SSRC, 65500 + i & 0xffff, 1000 + 960L * i);
      a.rtpSent(now, p, 48000);
      if (i != 120) { // one packet lost on the way
        b.rtpReceived(now + oneWay, p, 48000);
      }
      if (lastSr == null) {
        lastSr = a.poll(now).orElse(null);
        if (lastSr != null) {
          b.rtcpReceived(now + oneWay, lastSr, 0, lastSr.length, false);
        }
      }
    }
    // A's SR went across; B reports 30 ms after it arrived, and the RR takes 10 ms back.
    assertThat(lastSr).isNotNull();
    assertThat(reports(lastSr).get(0).sender()).isPresent();
    long rrAt = b.nextReportNanos() > now ? b.nextReportNanos() : now;
    byte[] rr = b.poll(rrAt).orElseThrow();
    List<RtcpReport> rrs = reports(rr);
    assertThat(rrs).hasSize(1);
    assertThat(rrs.get(0).sender()).isEmpty();
    assertThat(rrs.get(0).senderSsrc()).isEqualTo(B_REPORTER);
    RtcpReportBlock block = rrs.get(0).blocks().get(0);
    assertThat(block.ssrc()).isEqualTo(A_SSRC);
    // Probation (A.1) takes the first packet; 199 counted of 198 expected-minus-one.
    assertThat(block.cumulativeLost()).isEqualTo(1);
    assertThat(block.extendedHighestSequence()).isEqualTo(65536L + (65500 + 199 - 65536));
    assertThat(block.jitter()).isZero(); // a constant transit time
    assertThat(block.lastSenderReport())
        .isEqualTo(reports(lastSr).get(0).sender().get().compactNtp());
    a.rtcpReceived(rrAt + oneWay, rr, 0, rr.length, false);
    OutboundRtpStats out = a.outbound().get(0);
    assertThat(out.reportsReceived()).isEqualTo(1);
    assertThat(out.packetsLost()).isEqualTo(1);
    assertThat(out.roundTripTimeSeconds()).isCloseTo(0.020, within(0.0001));
    assertThat(out.packetsSent()).isEqualTo(200);
    assertThat(out.payloadBytesSent()).isEqualTo(600);
    InboundRtpStats in = b.inbound().get(0);
    assertThat(in.packetsReceived()).isEqualTo(199);
    assertThat(in.senderReportsReceived()).isEqualTo(1);
    assertThat(in.remotePacketsSent()).isPositive();
  }

  @Test
  void jitterFollowsAlternatingDelays() throws Exception {
    RtcpReporter b = reporter("bob", B_REPORTER);
    for (int i = 0; i < 500; i++) {
      long delay = (i % 2 == 0 ? 10 : 30) * MS; // transit alternates by 20 ms = 960 units
      b.rtpReceived(i * 20 * MS + delay, packet(A_SSRC, i, 960L * i), 48000);
    }
    // RFC 3550 A.8 converges to the mean |D| = 960 timestamp units.
    assertThat(b.inbound().get(0).jitterSeconds()).isCloseTo(0.020, within(0.001));
  }

  @Test
  void compoundIsValidWithSdesCnameForEachOriginator() throws Exception {
    RtcpReporter a = reporter("alice@rtcheck", A_SSRC);
    a.rtpSent(0, packet(A_SSRC, 1, 0), 48000);
    a.rtpSent(0, packet(0x33333333L, 1, 0), 90000);
    byte[] c = a.poll(a.nextReportNanos()).orElseThrow();
    List<RtcpCompound.Packet> packets = RtcpCompound.parse(c, 0, c.length, false);
    assertThat(packets)
        .extracting(RtcpCompound.Packet::type)
        .containsExactly(RtcpCompound.SR, RtcpCompound.SR, RtcpCompound.SDES);
    Map<Long, String> cnames = RtcpSdes.cnames(c, 0, packets.get(2));
    assertThat(cnames)
        .containsEntry(A_SSRC, "alice@rtcheck")
        .containsEntry(0x33333333L, "alice@rtcheck");
  }

  @Test
  void byeEndsTheReports() throws Exception {
    RtcpReporter a = reporter("alice", A_SSRC);
    assertThat(a.bye(0)).isEmpty(); // nothing sent or received: no RTP session to leave
    RtcpReporter b = reporter("bob", B_REPORTER);
    b.rtpSent(0, packet(A_SSRC, 1, 0), 48000);
    byte[] c = b.bye(5 * MS).orElseThrow();
    List<RtcpCompound.Packet> packets = RtcpCompound.parse(c, 0, c.length, false);
    assertThat(packets.get(packets.size() - 1).type()).isEqualTo(RtcpCompound.BYE);
    assertThat(packets.get(packets.size() - 1).senderSsrc()).isEqualTo(A_SSRC);
    assertThat(b.poll(Long.MAX_VALUE - 1)).isEmpty();
  }

  @Test
  void anEchoedRemoteSourceIsNotALocalSender() throws Exception {
    RtcpReporter echo = reporter("echo", B_REPORTER);
    RtpPacket p = packet(A_SSRC, 1, 0);
    echo.rtpReceived(0, p, 48000);
    echo.rtpSent(0, p, 48000);
    assertThat(echo.outbound()).isEmpty();
    byte[] c = echo.poll(echo.nextReportNanos()).orElseThrow();
    assertThat(reports(c).get(0).sender()).isEmpty(); // an RR, not an SR for someone else's SSRC
  }

  @Test
  void intervalsAreRandomizedAroundTheMean() throws Exception {
    RtcpReporter a = reporter("alice", A_SSRC);
    a.rtpSent(0, packet(A_SSRC, 1, 0), 48000);
    long first = a.nextReportNanos();
    // §6.2: the first after half an interval, randomized
    assertThat(first).isBetween(250 * MS, 750 * MS);
    long at = first;
    for (int i = 0; i < 50; i++) {
      assertThat(a.poll(at)).isPresent();
      long gap = a.nextReportNanos() - at;
      assertThat(gap).isBetween(500 * MS, 1500 * MS);
      assertThat(a.poll(at + gap - 1)).isEmpty();
      at += gap;
    }
  }

  @Test
  void aReportShorterThanItsBlockCountIsRefusedWithTheOffset() {
    // An RR claiming two blocks but only 8 bytes long.
    byte[] rr = {(byte) 0x82, (byte) 201, 0, 1, 0x22, 0x22, 0x22, 0x22};
    RtcpReporter a = reporter("alice", A_SSRC);
    assertThatThrownBy(() -> a.rtcpReceived(0, rr, 0, rr.length, false))
        .isInstanceOf(RtpFormatException.class)
        .hasMessageContaining("RR with 2 report blocks needs 56 bytes")
        .hasMessageContaining("at byte 2");
  }

  @Test
  void sequenceNumbersWrapIntoTheCycleCount() throws Exception {
    RtcpReporter b = reporter("bob", B_REPORTER);
    for (int i = 0; i < 20; i++) {
      b.rtpReceived(i * 20 * MS, packet(A_SSRC, (65530 + i) & 0xffff, 960L * i), 48000);
    }
    byte[] c = b.poll(Math.max(400 * MS, b.nextReportNanos())).orElseThrow();
    RtcpReportBlock block = reports(c).get(0).blocks().get(0);
    assertThat(block.extendedHighestSequence()).isEqualTo(65536L + 13);
    assertThat(block.cumulativeLost()).isZero();
    assertThat(block.fractionLost()).isZero();
  }

  @Test
  void thisSidesSourceEchoedBackIsNotARemoteSource() throws Exception {
    RtcpReporter a = reporter("alice", A_SSRC);
    RtpPacket p = packet(A_SSRC, 1, 0);
    a.rtpSent(0, p, 48000);
    a.rtpReceived(MS, p, 48000); // the peer echoes it (the echo contract)
    a.rtpSent(20 * MS, packet(A_SSRC, 2, 960), 48000);
    assertThat(a.inbound()).isEmpty();
    assertThat(a.loopedPackets()).isEqualTo(1);
    assertThat(a.outbound().get(0).packetsSent()).isEqualTo(2);
  }

  @Test
  void byeNamesEverySourceUsedAndNothingFromASideThatNeverSent() throws Exception {
    RtcpReporter listener = reporter("bob", B_REPORTER);
    listener.rtpReceived(0, packet(A_SSRC, 1, 0), 48000);
    assertThat(listener.bye(MS)).isEmpty(); // RFC 3550 §6.3.7: no RTP or RTCP sent, no BYE

    RtcpReporter a = reporter("alice", A_SSRC);
    a.rtpSent(0, packet(A_SSRC, 1, 0), 48000);
    a.rtpSent(0, packet(0x33333333L, 1, 0), 48000);
    // Long after its last packet the sources no longer send SRs, yet the BYE names both.
    byte[] c = a.bye(60_000 * MS).orElseThrow();
    List<RtcpCompound.Packet> packets = RtcpCompound.parse(c, 0, c.length, false);
    RtcpCompound.Packet bye = packets.get(packets.size() - 1);
    assertThat(bye.type()).isEqualTo(RtcpCompound.BYE);
    assertThat(RtcpBye.parse(c, 0, bye).sources()).containsExactlyInAnyOrder(A_SSRC, 0x33333333L);
  }

  @Test
  void aStoppedSourceSaysByeAndIsNoLongerReported() throws Exception {
    RtcpReporter a = reporter("alice", A_SSRC);
    a.rtpSent(0, packet(A_SSRC, 1, 0), 48000);
    a.rtpSent(0, packet(0x33333333L, 1, 0), 48000);
    byte[] c = a.leave(10 * MS, 0x33333333L).orElseThrow();
    List<RtcpCompound.Packet> packets = RtcpCompound.parse(c, 0, c.length, false);
    assertThat(RtcpBye.parse(c, 0, packets.get(packets.size() - 1)).sources())
        .containsExactly(0x33333333L);
    assertThat(a.outbound()).extracting(OutboundRtpStats::ssrc).containsExactly(A_SSRC);
    assertThat(a.leave(20 * MS, 0x44444444L)).isEmpty();
  }

  @Test
  void moreThan31SourcesRotateThroughReportsOfOnePacketEach() throws Exception {
    RtcpReporter b = reporter("bob", B_REPORTER);
    java.util.Set<Long> reported = new java.util.HashSet<>();
    long now = 0;
    for (int round = 0; round < 3; round++) {
      for (int seq = 0; seq < 3; seq++) {
        for (long src = 1; src <= 40; src++) {
          b.rtpReceived(now, packet(src, round * 3 + seq, 0), 48000);
        }
        now += 20 * MS;
      }
      byte[] c = b.poll(Math.max(now, b.nextReportNanos())).orElseThrow();
      List<RtcpReport> rs = reports(c);
      assertThat(rs).hasSize(1);
      assertThat(rs.get(0).blocks()).hasSizeLessThanOrEqualTo(RtcpReport.MAX_BLOCKS);
      rs.get(0).blocks().forEach(x -> reported.add(x.ssrc()));
      now = Math.max(now, b.nextReportNanos());
    }
    assertThat(reported).hasSize(40);
  }

  @Test
  void aSilentSourceTimesOutAndOneSayingByeIsForgotten() throws Exception {
    RtcpReporter b = reporter("bob", B_REPORTER);
    for (int i = 0; i < 3; i++) {
      b.rtpReceived(i * 20 * MS, packet(A_SSRC, i, 960L * i), 48000);
      b.rtpReceived(i * 20 * MS, packet(0x55555555L, i, 960L * i), 48000);
    }
    byte[] bye = new byte[8 + 8];
    RtcpReport rr = new RtcpReport(0x55555555L, java.util.Optional.empty(), List.of());
    int n = rr.write(bye, 0);
    RtcpBye.write(bye, n, List.of(0x55555555L));
    b.rtcpReceived(100 * MS, bye, 0, bye.length, false);
    assertThat(b.inbound()).extracting(InboundRtpStats::ssrc).containsExactly(A_SSRC);
    b.poll(26_000 * MS); // five intervals of silence, at least 25 s (RFC 3550 §6.3.5)
    assertThat(b.inbound()).isEmpty();
  }
}

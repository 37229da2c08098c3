package org.rtcheck.stack.rtp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The RTCP reports of one RTP session (one BUNDLE transport): it counts what is sent and received,
 * and when a report is due makes the compound RTCP packet every participant must send (RFC 3550
 * §6.1, §6.4; WebRTC endpoints: RFC 8834 §4.1): an SR for each local source that sent recently,
 * else an RR, with a report block per remote source heard (A.1, A.3, A.8, LSR/DLSR), and an SDES
 * CNAME for each. It reads the remote's SRs and RRs for the round-trip time (§6.4.1) and the
 * remote's view of loss and jitter.
 *
 * <p>Sans-IO: times are the caller's monotonic nanoseconds; the wallclock in SRs is that plus a
 * fixed offset given at construction. Not thread-safe.
 *
 * <p>Interval: the RTP/SAVPF profile drops RFC 3550's 5-second minimum (RFC 4585 §3.4), and the
 * report rate here is far under 5% of any media bandwidth (about 100 bytes a second), so the
 * interval is the configured one randomized to [0.5, 1.5] of it (RFC 3550 §6.3.1; without timer
 * reconsideration there is nothing for the e − 3/2 factor to compensate); the first report goes
 * after half an interval (§6.2).
 *
 * <p>A compound carries at most 31 report blocks, one SR or RR's worth (about 800 bytes, within any
 * path MTU, §6.4): with more sources heard, successive reports rotate through them. A source silent
 * for five intervals, at least 25 s (§6.3.5), or that said BYE is forgotten. An SSRC seen in both
 * directions belongs to the direction that used it first: an echo of the peer's packets is not a
 * local source, and the peer echoing this side's packets does not make them remote (§8.2 loops).
 * With several local senders only the first SR carries the report blocks, a simplification: RFC
 * 3550 and RFC 8108 have every local SSRC report, and RFC 8861's reporting groups, which would
 * allow it, are not signalled.
 */
public final class RtcpReporter {

  /**
   * RFC 3550 §6.3.5: a source not heard for M = 5 deterministic intervals has left, the interval
   * taken at least the regular 5-second minimum so a short report interval does not time sources
   * out early.
   */
  private static final int TIMEOUT_INTERVALS = 5;

  private static final long TIMEOUT_MIN_INTERVAL_NANOS = 5_000_000_000L;

  /** Seconds from the NTP epoch (1900) to the Unix epoch (RFC 5905 §6). */
  private static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;

  /** What this side sent of one local source, and what the remote reported of it. */
  private static final class Sending {
    final long ssrc;
    int clockRate;
    long packets;
    long octets;
    long lastRtpTimestamp;
    long lastSentNanos;
    long reports;
    RtcpReportBlock lastBlock;
    double rttSeconds = Double.NaN;
    long rttMeasurements;

    Sending(long ssrc) {
      this.ssrc = ssrc;
    }
  }

  private final String cname;
  private final long reporterSsrc;
  private final long intervalNanos;
  private final long epochOffsetNanos;
  private final RandomGenerator random;
  private final Map<Long, Sending> sending = new LinkedHashMap<>();
  private final Map<Long, RtpReception> receiving = new LinkedHashMap<>();
  private long nextReportNanos = Long.MAX_VALUE;
  private long lastReportNanos = Long.MIN_VALUE;

  /** When the report before the last went (RFC 3550 §6.3.8 we_sent looks back that far). */
  private long reportBeforeLastNanos = Long.MIN_VALUE;

  private long reportsSent;
  private boolean reporterSsrcUsed;
  private int rotation;
  private long loopedPackets;
  private boolean ended;

  /**
   * @param cname the session's CNAME, the same as in a=ssrc (RFC 7022, RFC 8834 §4.9)
   * @param reporterSsrc the SSRC of RRs while no local source sends
   * @param interval the mean report interval before randomization
   * @param epochOffsetNanos the wallclock (Unix epoch, ns) minus the monotonic clock
   */
  public RtcpReporter(
      String cname,
      long reporterSsrc,
      Duration interval,
      long epochOffsetNanos,
      RandomGenerator random) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the report interval must be positive: " + interval);
    }
    RtcpSdes.size(1, cname); // checks the CNAME's length
    this.cname = cname;
    this.reporterSsrc = reporterSsrc & 0xffffffffL;
    this.intervalNanos = interval.toNanos();
    this.epochOffsetNanos = epochOffsetNanos;
    this.random = random;
  }

  /**
   * An RTP packet this side sent, as plain RTP. A packet of a source the remote sends (an echo) is
   * not a local source and is not counted.
   *
   * @param clockRate the RTP clock rate of its payload type, for the SR's RTP timestamp
   */
  public void rtpSent(long nowNanos, RtpPacket header, int clockRate) {
    sent(nowNanos, header.ssrc(), header.timestamp(), header.payloadLength(), clockRate);
  }

  /**
   * As {@link #rtpSent(long, RtpPacket, int)} from the packet's bytes, reading only the fields a
   * report needs (no parse, no allocation: this runs for every packet sent). Bytes that are not an
   * RTP packet are not counted.
   */
  public void rtpSent(long nowNanos, byte[] p, int off, int len, int clockRate) {
    if (len < 12 || (p[off] & 0xc0) != 0x80) {
      return;
    }
    int header = 12 + 4 * (p[off] & 0x0f);
    if ((p[off] & 0x10) != 0) {
      if (len < header + 4) {
        return;
      }
      header += 4 + 4 * RtpPacket.u16(p, off + header + 2); // RFC 3550 §5.3.1
    }
    int padding = (p[off] & 0x20) != 0 ? p[off + len - 1] & 0xff : 0;
    int payload = len - header - padding;
    if (payload < 0) {
      return;
    }
    sent(nowNanos, RtpPacket.u32(p, off + 8), RtpPacket.u32(p, off + 4), payload, clockRate);
  }

  private void sent(long nowNanos, long ssrc, long timestamp, int payload, int clockRate) {
    if (ended || receiving.containsKey(ssrc)) {
      return; // an echo of the peer's source, not a local one
    }
    Sending s = sending.computeIfAbsent(ssrc, Sending::new);
    s.clockRate = clockRate;
    s.packets++;
    s.octets += payload;
    s.lastRtpTimestamp = timestamp;
    s.lastSentNanos = nowNanos;
    start(nowNanos);
  }

  /**
   * An RTP packet that arrived and decrypted.
   *
   * @param clockRate the RTP clock rate of its payload type, for the jitter (0 if unknown)
   */
  public void rtpReceived(long nowNanos, RtpPacket header, int clockRate) {
    if (ended) {
      return;
    }
    if (sending.containsKey(header.ssrc())) {
      loopedPackets++; // this side's own source coming back (an echo): not a remote source
      return;
    }
    RtpReception r = receiving.get(header.ssrc());
    if (r == null) {
      r = new RtpReception(header.ssrc(), header.sequenceNumber(), clockRate);
      receiving.put(header.ssrc(), r);
    }
    r.packets++;
    r.lastHeardNanos = nowNanos;
    if (r.update(header.sequenceNumber())) {
      r.arrived(header.timestamp(), nowNanos, clockRate);
    }
    start(nowNanos);
  }

  /**
   * A compound RTCP packet that arrived and decrypted: its SRs and the report blocks about local
   * sources are taken in; other packets (SDES, BYE, feedback) are left to the caller.
   *
   * @throws RtpFormatException when the compound or one of its reports is malformed
   */
  public void rtcpReceived(long nowNanos, byte[] p, int off, int len, boolean reducedSize)
      throws RtpFormatException {
    List<RtcpCompound.Packet> packets = RtcpCompound.parse(p, off, len, reducedSize);
    for (RtcpCompound.Packet packet : packets) {
      if (packet.type() == RtcpCompound.BYE) {
        for (long gone : RtcpBye.parse(p, off, packet).sources()) {
          receiving.remove(gone); // RFC 3550 §6.3.7: the source left
        }
        continue;
      }
      if (packet.type() != RtcpCompound.SR && packet.type() != RtcpCompound.RR) {
        continue;
      }
      RtcpReport report = RtcpReport.parse(p, off, packet);
      if (report.sender().isPresent()) {
        RtpReception r = receiving.get(report.senderSsrc());
        if (r != null) {
          r.senderReport(report.sender().get(), nowNanos);
        }
      }
      long arrival = compactNtp(nowNanos);
      for (RtcpReportBlock b : report.blocks()) {
        Sending s = sending.get(b.ssrc());
        if (s == null) {
          continue;
        }
        s.reports++;
        s.lastBlock = b;
        if (b.lastSenderReport() != 0) {
          // RFC 3550 §6.4.1: A - LSR - DLSR, in 1/65536 s, modulo 2^32.
          long rtt =
              (arrival - b.lastSenderReport() - b.delaySinceLastSenderReport()) & 0xffffffffL;
          if (rtt < 0x80000000L) {
            s.rttSeconds = rtt / 65536.0;
            s.rttMeasurements++;
          }
        }
      }
    }
  }

  /** When the next report is due; {@link Long#MAX_VALUE} while there is nothing to report. */
  public long nextReportNanos() {
    return nextReportNanos;
  }

  /**
   * The compound due at {@code nowNanos}, if one is due; schedules the next one. Call it only when
   * the compound can be sent (SRTP keyed): making it closes the reception interval (RFC 3550 A.3).
   */
  public Optional<byte[]> poll(long nowNanos) {
    if (ended || nextReportNanos == Long.MAX_VALUE || nowNanos - nextReportNanos < 0) {
      return Optional.empty();
    }
    byte[] compound = compound(nowNanos, List.of());
    nextReportNanos = nowNanos + randomized(intervalNanos);
    return Optional.of(compound);
  }

  /**
   * The last compound, with a BYE for every SSRC this side used (RFC 3550 §6.6); nothing is
   * reported after it. Empty if this side never sent RTP or RTCP (§6.3.7: then no BYE).
   */
  public Optional<byte[]> bye(long nowNanos) {
    if (ended || (reportsSent == 0 && sending.isEmpty())) {
      ended = true;
      return Optional.empty();
    }
    List<Long> gone = new ArrayList<>(sending.keySet());
    if (reporterSsrcUsed || gone.isEmpty()) {
      gone.add(reporterSsrc);
    }
    byte[] compound = compound(nowNanos, gone);
    ended = true;
    return Optional.of(compound);
  }

  /**
   * A compound with a BYE for one local source that stops sending (W3C webrtc-pc "stop sending",
   * RFC 3550 §6.6); the source is not reported on after it. Empty if it never sent.
   */
  public Optional<byte[]> leave(long nowNanos, long ssrc) {
    if (ended || !sending.containsKey(ssrc)) {
      return Optional.empty();
    }
    byte[] compound = compound(nowNanos, List.of(ssrc));
    sending.remove(ssrc);
    return Optional.of(compound);
  }

  /** Packets of a local source that came back from the peer (an echo), not counted as received. */
  public long loopedPackets() {
    return loopedPackets;
  }

  /** Compound packets made so far. */
  public long reportsSent() {
    return reportsSent;
  }

  public List<OutboundRtpStats> outbound() {
    List<OutboundRtpStats> out = new ArrayList<>();
    for (Sending s : sending.values()) {
      RtcpReportBlock b = s.lastBlock;
      double rate = s.clockRate > 0 ? s.clockRate : 0;
      out.add(
          new OutboundRtpStats(
              s.ssrc,
              s.packets,
              s.octets,
              s.reports,
              b == null ? 0 : b.fractionLost() / 256.0,
              b == null ? 0 : b.cumulativeLost(),
              b == null || rate == 0 ? 0 : b.jitter() / rate,
              s.rttSeconds,
              s.rttMeasurements));
    }
    return out;
  }

  public List<InboundRtpStats> inbound() {
    List<InboundRtpStats> out = new ArrayList<>();
    for (RtpReception r : receiving.values()) {
      RtcpReport.SenderInfo sr = r.lastSenderInfo();
      out.add(
          new InboundRtpStats(
              r.ssrc,
              r.packets,
              r.valid() ? r.lost() : 0,
              r.jitterSeconds(),
              r.senderReports(),
              sr == null ? -1 : sr.packetCount(),
              sr == null ? -1 : sr.octetCount()));
    }
    return out;
  }

  // ------------------------------------------------------------------------------ internals

  private void start(long nowNanos) {
    if (nextReportNanos == Long.MAX_VALUE) {
      nextReportNanos = nowNanos + randomized(intervalNanos / 2); // RFC 3550 §6.2
    }
  }

  private long randomized(long nanos) {
    return (long) (nanos * (0.5 + random.nextDouble()));
  }

  private byte[] compound(long nowNanos, List<Long> byeSources) {
    // RFC 3550 §6.3.8 we_sent: a source that sent since the report before last sends an SR.
    List<Sending> senders = new ArrayList<>();
    for (Sending s : sending.values()) {
      if (s.packets > 0
          && (reportBeforeLastNanos == Long.MIN_VALUE
              || s.lastSentNanos - reportBeforeLastNanos > 0)) {
        senders.add(s);
      }
    }
    // RFC 3550 §6.3.5: a source silent for five intervals has left.
    long timeout = TIMEOUT_INTERVALS * Math.max(intervalNanos, TIMEOUT_MIN_INTERVAL_NANOS);
    receiving.values().removeIf(r -> nowNanos - r.lastHeardNanos > timeout);
    // §6.4: blocks for the sources heard since the last report, as many as one packet holds,
    // rotating through them when there are more.
    List<RtpReception> heard = new ArrayList<>();
    for (RtpReception r : receiving.values()) {
      if (r.valid()
          && (lastReportNanos == Long.MIN_VALUE || r.lastHeardNanos - lastReportNanos > 0)) {
        heard.add(r);
      }
    }
    List<RtcpReportBlock> blocks = new ArrayList<>();
    int first = heard.isEmpty() ? 0 : rotation % heard.size();
    for (int i = 0; i < Math.min(RtcpReport.MAX_BLOCKS, heard.size()); i++) {
      blocks.add(heard.get((first + i) % heard.size()).reportBlock(nowNanos));
    }
    rotation = heard.size() > RtcpReport.MAX_BLOCKS ? first + RtcpReport.MAX_BLOCKS : 0;
    List<RtcpReport> reports = new ArrayList<>();
    List<Long> originators = new ArrayList<>();
    if (senders.isEmpty()) {
      reports.add(new RtcpReport(reporterSsrc, Optional.empty(), blocks));
      originators.add(reporterSsrc);
      reporterSsrcUsed = true;
    } else {
      long ntp = ntp(nowNanos);
      for (Sending s : senders.subList(0, Math.min(RtcpReport.MAX_BLOCKS, senders.size()))) {
        // §6.4.1: the RTP timestamp of the same instant as the NTP timestamp.
        long elapsed = nowNanos - s.lastSentNanos;
        long rtp = s.lastRtpTimestamp + elapsed * Math.max(0, s.clockRate) / 1_000_000_000L;
        reports.add(
            new RtcpReport(
                s.ssrc,
                Optional.of(
                    new RtcpReport.SenderInfo(
                        ntp, rtp & 0xffffffffL, s.packets & 0xffffffffL, s.octets & 0xffffffffL)),
                originators.isEmpty() ? blocks : List.of()));
        originators.add(s.ssrc);
      }
    }
    int size = RtcpSdes.size(originators.size(), cname);
    for (RtcpReport r : reports) {
      size += r.size();
    }
    for (int i = 0; i < byeSources.size(); i += RtcpReport.MAX_BLOCKS) {
      size += RtcpBye.size(Math.min(RtcpReport.MAX_BLOCKS, byeSources.size() - i));
    }
    byte[] out = new byte[size];
    int off = 0;
    for (RtcpReport r : reports) {
      off += r.write(out, off);
    }
    off += RtcpSdes.write(out, off, originators, cname);
    // §6.1: BYE last; 31 sources per packet.
    for (int i = 0; i < byeSources.size(); i += RtcpReport.MAX_BLOCKS) {
      off +=
          RtcpBye.write(
              out,
              off,
              byeSources.subList(i, Math.min(byeSources.size(), i + RtcpReport.MAX_BLOCKS)));
    }
    reportBeforeLastNanos = lastReportNanos;
    lastReportNanos = nowNanos;
    reportsSent++;
    return out;
  }

  /** The 64-bit NTP timestamp (RFC 3550 §4) of a monotonic instant. */
  long ntp(long nowNanos) {
    long unixNanos = nowNanos + epochOffsetNanos;
    long seconds = Math.floorDiv(unixNanos, 1_000_000_000L) + NTP_UNIX_OFFSET_SECONDS;
    long nanos = Math.floorMod(unixNanos, 1_000_000_000L);
    long fraction = (nanos << 32) / 1_000_000_000L;
    return (seconds << 32) | fraction;
  }

  private long compactNtp(long nowNanos) {
    return (ntp(nowNanos) >>> 16) & 0xffffffffL;
  }
}

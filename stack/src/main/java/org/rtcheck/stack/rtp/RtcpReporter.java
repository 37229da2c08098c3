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
 * interval is the configured one, randomized to [0.5, 1.5] of it and divided by e − 3/2 (RFC 3550
 * §6.3.1); the first report goes after half an interval (§6.2).
 */
public final class RtcpReporter {

  /** RFC 3550 §6.3.1: the compensation for timer reconsideration. */
  private static final double COMPENSATION = Math.E - 1.5;

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
  private long reportsSent;
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
    if (ended || receiving.containsKey(header.ssrc())) {
      return;
    }
    Sending s = sending.computeIfAbsent(header.ssrc(), Sending::new);
    s.clockRate = clockRate;
    s.packets++;
    s.octets += header.payloadLength();
    s.lastRtpTimestamp = header.timestamp();
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
    RtpReception r = receiving.get(header.ssrc());
    if (r == null) {
      r = new RtpReception(header.ssrc(), header.sequenceNumber(), clockRate);
      receiving.put(header.ssrc(), r);
    }
    r.packets++;
    r.lastHeardNanos = nowNanos;
    if (r.update(header.sequenceNumber())) {
      r.arrived(header.timestamp(), nowNanos);
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

  /** The compound due at {@code nowNanos}, if one is due; schedules the next one. */
  public Optional<byte[]> poll(long nowNanos) {
    if (ended || nowNanos - nextReportNanos < 0 || nextReportNanos == Long.MAX_VALUE) {
      return Optional.empty();
    }
    byte[] compound = compound(nowNanos, false);
    lastReportNanos = nowNanos;
    nextReportNanos = nowNanos + randomized(intervalNanos);
    return Optional.of(compound);
  }

  /**
   * The last compound, with a BYE for this side's sources (RFC 3550 §6.6); nothing is reported
   * after it. Empty if no RTP was ever sent or received.
   */
  public Optional<byte[]> bye(long nowNanos) {
    if (ended || nextReportNanos == Long.MAX_VALUE) {
      ended = true;
      return Optional.empty();
    }
    byte[] compound = compound(nowNanos, true);
    ended = true;
    return Optional.of(compound);
  }

  /** Compound packets made so far. */
  public long reportsSent() {
    return reportsSent;
  }

  public List<OutboundRtpStats> outbound() {
    List<OutboundRtpStats> out = new ArrayList<>();
    for (Sending s : sending.values()) {
      RtcpReportBlock b = s.lastBlock;
      double rate = s.clockRate > 0 ? s.clockRate : Double.NaN;
      out.add(
          new OutboundRtpStats(
              s.ssrc,
              s.packets,
              s.octets,
              s.reports,
              b == null ? 0 : b.fractionLost() / 256.0,
              b == null ? 0 : b.cumulativeLost(),
              b == null ? 0 : b.jitter() / rate,
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
    return (long) (nanos * (0.5 + random.nextDouble()) / COMPENSATION);
  }

  private byte[] compound(long nowNanos, boolean bye) {
    // RFC 3550 §6.4: a participant that sent data since the report before last sends an SR.
    long recent = 2 * intervalNanos;
    List<Sending> senders = new ArrayList<>();
    for (Sending s : sending.values()) {
      if (nowNanos - s.lastSentNanos <= recent) {
        senders.add(s);
      }
    }
    List<RtcpReportBlock> blocks = new ArrayList<>();
    for (RtpReception r : receiving.values()) {
      boolean heard = lastReportNanos == Long.MIN_VALUE || r.lastHeardNanos - lastReportNanos > 0;
      if (r.valid() && heard) {
        blocks.add(r.reportBlock(nowNanos));
      }
    }
    List<RtcpReport> reports = new ArrayList<>();
    List<Long> originators = new ArrayList<>();
    int at = 0;
    if (senders.isEmpty()) {
      do {
        List<RtcpReportBlock> part = next(blocks, at);
        at += part.size();
        reports.add(new RtcpReport(reporterSsrc, Optional.empty(), part));
      } while (at < blocks.size());
      originators.add(reporterSsrc);
    } else {
      long ntp = ntp(nowNanos);
      for (Sending s : senders) {
        long elapsed = nowNanos - s.lastSentNanos;
        long rtp = s.lastRtpTimestamp + elapsed * Math.max(0, s.clockRate) / 1_000_000_000L;
        List<RtcpReportBlock> part = next(blocks, at);
        at += part.size();
        reports.add(
            new RtcpReport(
                s.ssrc,
                Optional.of(
                    new RtcpReport.SenderInfo(
                        ntp, rtp & 0xffffffffL, s.packets & 0xffffffffL, s.octets & 0xffffffffL)),
                part));
        originators.add(s.ssrc);
      }
      // Blocks beyond 31 per SR ride in further RRs of the first sender (RFC 3550 §6.4.2).
      while (at < blocks.size()) {
        List<RtcpReportBlock> part = next(blocks, at);
        at += part.size();
        reports.add(new RtcpReport(senders.get(0).ssrc, Optional.empty(), part));
      }
    }
    List<Long> sdes = originators.subList(0, Math.min(31, originators.size()));
    int size = RtcpSdes.size(sdes.size(), cname) + (bye ? RtcpBye.size(sdes.size()) : 0);
    for (RtcpReport r : reports) {
      size += r.size();
    }
    byte[] out = new byte[size];
    int off = 0;
    for (RtcpReport r : reports) {
      off += r.write(out, off);
    }
    off += RtcpSdes.write(out, off, sdes, cname);
    if (bye) {
      RtcpBye.write(out, off, sdes);
    }
    reportsSent++;
    return out;
  }

  private static List<RtcpReportBlock> next(List<RtcpReportBlock> blocks, int from) {
    return blocks.subList(from, Math.min(blocks.size(), from + RtcpReport.MAX_BLOCKS));
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

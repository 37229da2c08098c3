package org.rtcheck.stack.rtp;

/**
 * What a receiver knows of one remote source (RFC 3550 Appendix A): sequence number validation and
 * the extended highest sequence number (A.1), expected and lost packets (A.3), interarrival jitter
 * (A.8), and the last SR that arrived from it (§6.4.1 LSR/DLSR). Not thread-safe.
 */
final class RtpReception {

  /** RFC 3550 A.1: a source is valid after this many packets in sequence. */
  static final int MIN_SEQUENTIAL = 2;

  static final int MAX_DROPOUT = 3000;
  static final int MAX_MISORDER = 100;
  private static final int SEQ_MOD = 1 << 16;

  final long ssrc;
  private int clockRate;

  /** Arrival times count from the first packet, so microseconds × clock rate cannot overflow. */
  private long baseNanos;

  private boolean haveBase;

  private int maxSeq;
  private long cycles;
  private int baseSeq;
  private int badSeq = SEQ_MOD + 1; // so that seq == badSeq is false at first
  private int probation = MIN_SEQUENTIAL;
  private long received;

  /** Every packet of the source, including those of probation and duplicates. */
  long packets;

  /** When (ns) the last packet arrived. */
  long lastHeardNanos;

  private long expectedPrior;
  private long receivedPrior;

  /** Jitter ×16, so the 1/16 gain of A.8 stays in integers. */
  private long jitter16;

  private long lastTransit;
  private boolean haveTransit;

  /** The middle 32 bits of the last SR's NTP timestamp, and when (ns) it arrived; 0 if none. */
  private long lastSr;

  private long lastSrArrivalNanos;

  /** The last SR's sender information, for remote-outbound statistics. */
  private RtcpReport.SenderInfo lastSenderInfo;

  private long senderReports;

  RtpReception(long ssrc, int seq, int clockRate) {
    this.ssrc = ssrc;
    this.clockRate = clockRate;
    initSeq(seq);
    maxSeq = seq - 1; // A.1: the first packet starts probation
  }

  private void initSeq(int seq) {
    baseSeq = seq;
    maxSeq = seq;
    badSeq = SEQ_MOD + 1;
    cycles = 0;
    received = 0;
    receivedPrior = 0;
    expectedPrior = 0;
  }

  /**
   * RFC 3550 A.1 update_seq: counts the packet unless the source is still on probation or the
   * sequence number jumped; returns whether the packet counts as valid.
   */
  boolean update(int seq) {
    int delta = (seq - maxSeq) & 0xffff;
    if (probation > 0) {
      if (seq == ((maxSeq + 1) & 0xffff)) {
        probation--;
        maxSeq = seq;
        if (probation == 0) {
          initSeq(seq);
          received++;
          return true;
        }
      } else {
        probation = MIN_SEQUENTIAL - 1;
        maxSeq = seq;
      }
      return false;
    } else if (delta < MAX_DROPOUT) {
      if (seq < maxSeq) {
        cycles += SEQ_MOD; // wrapped
      }
      maxSeq = seq;
    } else if (delta <= SEQ_MOD - MAX_MISORDER) {
      // A very large jump: a restarted sender, or garbage. Two in a row re-sync.
      if (seq == badSeq) {
        initSeq(seq);
      } else {
        badSeq = (seq + 1) & 0xffff;
        return false;
      }
    }
    // else: a duplicate or reordered packet, counted as received (A.3: may make loss negative).
    received++;
    return true;
  }

  /**
   * RFC 3550 A.8: the interarrival jitter from this packet's RTP timestamp and its arrival time.
   */
  void arrived(long rtpTimestamp, long arrivalNanos, int packetClockRate) {
    if (clockRate <= 0) {
      clockRate = packetClockRate; // the first packets may have had a payload type without one
    }
    if (clockRate <= 0) {
      return;
    }
    if (!haveBase) {
      baseNanos = arrivalNanos;
      haveBase = true;
    }
    long arrival = (arrivalNanos - baseNanos) / 1000L * clockRate / 1_000_000L;
    long transit = (arrival - rtpTimestamp) & 0xffffffffL;
    if (haveTransit) {
      long d = (int) (transit - lastTransit); // RTP timestamps wrap: take the 32-bit difference
      d = Math.abs(d);
      jitter16 += d - ((jitter16 + 8) >> 4);
    }
    lastTransit = transit;
    haveTransit = true;
  }

  void senderReport(RtcpReport.SenderInfo info, long arrivalNanos) {
    lastSr = info.compactNtp();
    lastSrArrivalNanos = arrivalNanos;
    lastSenderInfo = info;
    senderReports++;
  }

  boolean valid() {
    return probation == 0;
  }

  long extendedMax() {
    return cycles + maxSeq;
  }

  long expected() {
    return extendedMax() - baseSeq + 1;
  }

  long received() {
    return received;
  }

  /** Cumulative loss as the signed 24-bit field carries it (RFC 3550 A.3: clamped). */
  int lost() {
    long lost = expected() - received;
    return (int)
        Math.max(
            RtcpReportBlock.MIN_CUMULATIVE_LOST,
            Math.min(RtcpReportBlock.MAX_CUMULATIVE_LOST, lost));
  }

  /** Jitter in RTP timestamp units. */
  long jitter() {
    return jitter16 >> 4;
  }

  double jitterSeconds() {
    return clockRate <= 0 ? 0 : (double) jitter() / clockRate;
  }

  RtcpReport.SenderInfo lastSenderInfo() {
    return lastSenderInfo;
  }

  long senderReports() {
    return senderReports;
  }

  /**
   * The report block for the interval since the previous one (RFC 3550 A.3), which this call
   * closes.
   */
  RtcpReportBlock reportBlock(long nowNanos) {
    long expected = expected();
    long expectedInterval = expected - expectedPrior;
    expectedPrior = expected;
    long receivedInterval = received - receivedPrior;
    receivedPrior = received;
    long lostInterval = expectedInterval - receivedInterval;
    int fraction =
        expectedInterval == 0 || lostInterval <= 0
            ? 0
            : (int) Math.min(255, (lostInterval << 8) / expectedInterval);
    long dlsr = 0;
    if (lastSr != 0) {
      // RFC 3550 §6.4.1: DLSR in units of 1/65536 seconds.
      long delay = Math.max(0, nowNanos - lastSrArrivalNanos);
      dlsr = Math.min(0xffffffffL, delay / 1000L * 65536L / 1_000_000L);
    }
    return new RtcpReportBlock(
        ssrc, fraction, lost(), extendedMax() & 0xffffffffL, jitter() & 0xffffffffL, lastSr, dlsr);
  }
}

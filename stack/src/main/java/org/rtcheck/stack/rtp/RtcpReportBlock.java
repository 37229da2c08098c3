package org.rtcheck.stack.rtp;

/**
 * One reception report block of an SR or RR (RFC 3550 §6.4.1): what a receiver observed of one
 * source since its last report.
 *
 * @param ssrc the source this block is about
 * @param fractionLost lost packets since the previous report, as a fixed-point fraction ×256
 * @param cumulativeLost packets lost since reception began, signed 24 bits (duplicates can make it
 *     negative)
 * @param extendedHighestSequence the highest sequence number received, with its cycle count in the
 *     upper 16 bits
 * @param jitter the interarrival jitter in RTP timestamp units (RFC 3550 A.8)
 * @param lastSenderReport the middle 32 bits of the NTP timestamp of the last SR from the source, 0
 *     if none
 * @param delaySinceLastSenderReport the delay since that SR arrived, in 1/65536 s; 0 if none
 */
public record RtcpReportBlock(
    long ssrc,
    int fractionLost,
    int cumulativeLost,
    long extendedHighestSequence,
    long jitter,
    long lastSenderReport,
    long delaySinceLastSenderReport) {

  /** A report block's size on the wire. */
  public static final int SIZE = 24;

  /** The largest and smallest cumulative loss the signed 24-bit field holds (RFC 3550 §6.4.1). */
  public static final int MAX_CUMULATIVE_LOST = 0x7fffff;

  public static final int MIN_CUMULATIVE_LOST = -0x800000;

  public RtcpReportBlock {
    if (fractionLost < 0 || fractionLost > 255) {
      throw new IllegalArgumentException("fraction lost is 8 bits: " + fractionLost);
    }
    if (cumulativeLost < MIN_CUMULATIVE_LOST || cumulativeLost > MAX_CUMULATIVE_LOST) {
      throw new IllegalArgumentException("cumulative lost is signed 24 bits: " + cumulativeLost);
    }
  }

  /** Reads the block at {@code off}. */
  static RtcpReportBlock read(byte[] p, int off) {
    int lost = ((p[off + 5] & 0xff) << 16) | ((p[off + 6] & 0xff) << 8) | (p[off + 7] & 0xff);
    if ((lost & 0x800000) != 0) {
      lost |= 0xff000000; // sign-extend the 24-bit field
    }
    return new RtcpReportBlock(
        RtpPacket.u32(p, off),
        p[off + 4] & 0xff,
        lost,
        RtpPacket.u32(p, off + 8),
        RtpPacket.u32(p, off + 12),
        RtpPacket.u32(p, off + 16),
        RtpPacket.u32(p, off + 20));
  }

  /** Writes the block at {@code off}. */
  void write(byte[] p, int off) {
    RtcpWriter.u32(p, off, ssrc);
    p[off + 4] = (byte) fractionLost;
    p[off + 5] = (byte) (cumulativeLost >> 16);
    p[off + 6] = (byte) (cumulativeLost >> 8);
    p[off + 7] = (byte) cumulativeLost;
    RtcpWriter.u32(p, off + 8, extendedHighestSequence);
    RtcpWriter.u32(p, off + 12, jitter);
    RtcpWriter.u32(p, off + 16, lastSenderReport);
    RtcpWriter.u32(p, off + 20, delaySinceLastSenderReport);
  }
}

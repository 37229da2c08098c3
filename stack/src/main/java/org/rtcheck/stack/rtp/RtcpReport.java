package org.rtcheck.stack.rtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A sender report (SR, RFC 3550 §6.4.1) or receiver report (RR, §6.4.2): who sends it, the sender
 * information of an SR, and its reception report blocks. Profile-specific extensions after the
 * blocks are allowed by §6.4.1 and skipped.
 *
 * @param senderSsrc the SSRC of the report's originator
 * @param sender the sender information of an SR; empty for an RR
 * @param blocks the reception report blocks, at most 31
 */
public record RtcpReport(
    long senderSsrc, Optional<SenderInfo> sender, List<RtcpReportBlock> blocks) {

  /** At most 31 blocks fit the 5-bit count (RFC 3550 §6.4.1). */
  public static final int MAX_BLOCKS = 31;

  /**
   * The sender information of an SR.
   *
   * @param ntpTimestamp the wallclock time when the report was sent, 64-bit NTP format (RFC 3550
   *     §4)
   * @param rtpTimestamp the same instant in the units of the source's RTP timestamps
   * @param packetCount RTP packets sent since the start, modulo 2^32
   * @param octetCount payload octets sent since the start, modulo 2^32
   */
  public record SenderInfo(
      long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount) {

    /** The middle 32 bits of the NTP timestamp, which receivers echo as LSR (RFC 3550 §6.4.1). */
    public long compactNtp() {
      return (ntpTimestamp >>> 16) & 0xffffffffL;
    }
  }

  public RtcpReport {
    blocks = List.copyOf(blocks);
    if (blocks.size() > MAX_BLOCKS) {
      throw new IllegalArgumentException(
          blocks.size() + " report blocks, the count field holds " + MAX_BLOCKS);
    }
  }

  /** An SR or RR packet of a compound ({@link RtcpCompound#parse}). */
  public static RtcpReport parse(byte[] p, int off, RtcpCompound.Packet packet)
      throws RtpFormatException {
    if (packet.type() != RtcpCompound.SR && packet.type() != RtcpCompound.RR) {
      throw new IllegalArgumentException("not an SR or RR: type " + packet.type());
    }
    boolean sr = packet.type() == RtcpCompound.SR;
    int fixed = 8 + (sr ? 20 : 0);
    int needed = fixed + packet.count() * RtcpReportBlock.SIZE;
    int length = packet.length();
    if ((p[off + packet.offset()] & 0x20) != 0) {
      length -= p[off + packet.offset() + packet.length() - 1] & 0xff; // padding is no block
    }
    if (length < needed) {
      throw new RtpFormatException(
          RtpFormatException.Rule.REPORT_TOO_SHORT,
          packet.offset() + 2,
          (sr ? "SR" : "RR")
              + " with "
              + packet.count()
              + " report blocks needs "
              + needed
              + " bytes, its length field says "
              + length
              + (length != packet.length() ? " after padding" : "")
              + " (RFC 3550 §6.4)");
    }
    int at = off + packet.offset();
    Optional<SenderInfo> info = Optional.empty();
    if (sr) {
      long ntp = (RtpPacket.u32(p, at + 8) << 32) | RtpPacket.u32(p, at + 12);
      info =
          Optional.of(
              new SenderInfo(
                  ntp,
                  RtpPacket.u32(p, at + 16),
                  RtpPacket.u32(p, at + 20),
                  RtpPacket.u32(p, at + 24)));
    }
    List<RtcpReportBlock> blocks = new ArrayList<>(packet.count());
    for (int i = 0; i < packet.count(); i++) {
      blocks.add(RtcpReportBlock.read(p, at + fixed + i * RtcpReportBlock.SIZE));
    }
    return new RtcpReport(packet.senderSsrc(), info, blocks);
  }

  /** The packet's size on the wire. */
  public int size() {
    return 8 + (sender.isPresent() ? 20 : 0) + blocks.size() * RtcpReportBlock.SIZE;
  }

  /** Writes the packet at {@code off}; returns its size. */
  public int write(byte[] p, int off) {
    int size = size();
    RtcpWriter.header(
        p, off, blocks.size(), sender.isPresent() ? RtcpCompound.SR : RtcpCompound.RR, size);
    RtcpWriter.u32(p, off + 4, senderSsrc);
    int at = off + 8;
    if (sender.isPresent()) {
      SenderInfo s = sender.get();
      RtcpWriter.u32(p, at, s.ntpTimestamp() >>> 32);
      RtcpWriter.u32(p, at + 4, s.ntpTimestamp());
      RtcpWriter.u32(p, at + 8, s.rtpTimestamp());
      RtcpWriter.u32(p, at + 12, s.packetCount());
      RtcpWriter.u32(p, at + 16, s.octetCount());
      at += 20;
    }
    for (RtcpReportBlock b : blocks) {
      b.write(p, at);
      at += RtcpReportBlock.SIZE;
    }
    return size;
  }
}

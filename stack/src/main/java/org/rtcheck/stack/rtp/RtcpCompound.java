package org.rtcheck.stack.rtp;

import java.util.ArrayList;
import java.util.List;

/**
 * A compound RTCP packet split into its packets, with the validity checks of RFC 3550 Appendix A.2:
 * version 2 everywhere, the first packet an SR or RR (unless reduced-size RTCP is negotiated, RFC
 * 5506 §3.4.2), padding only in the last packet, and lengths that add up to the datagram.
 */
public final class RtcpCompound {

  /** SR (RFC 3550 §6.4.1). */
  public static final int SR = 200;

  /** RR (RFC 3550 §6.4.2). */
  public static final int RR = 201;

  /** SDES (RFC 3550 §6.5). */
  public static final int SDES = 202;

  /** BYE (RFC 3550 §6.6). */
  public static final int BYE = 203;

  /** APP (RFC 3550 §6.7). */
  public static final int APP = 204;

  /** Transport-layer feedback (RFC 4585 §6.2). */
  public static final int RTPFB = 205;

  /** Payload-specific feedback (RFC 4585 §6.3). */
  public static final int PSFB = 206;

  /** Extended reports (RFC 3611). */
  public static final int XR = 207;

  /**
   * One packet of the compound.
   *
   * @param type the packet type (200..206 …)
   * @param count the RC/SC/FMT field
   * @param senderSsrc the first 32 bits after the header (the sender's SSRC for SR, RR, feedback)
   * @param offset where the packet starts in the datagram
   * @param length its length in bytes
   */
  public record Packet(int type, int count, long senderSsrc, int offset, int length) {}

  private RtcpCompound() {}

  /**
   * Splits and checks.
   *
   * @param reducedSize whether RFC 5506 reduced-size RTCP was negotiated (a=rtcp-rsize)
   */
  public static List<Packet> parse(byte[] p, int off, int len, boolean reducedSize)
      throws RtpFormatException {
    if (len < 4) {
      throw new RtpFormatException(
          RtpFormatException.Rule.TRUNCATED, 0, "shorter than an RTCP header: " + len + " bytes");
    }
    List<Packet> out = new ArrayList<>();
    int at = 0;
    while (at < len) {
      if (at + 4 > len) {
        throw new RtpFormatException(
            RtpFormatException.Rule.TRUNCATED,
            at,
            "trailing " + (len - at) + " bytes are not an RTCP header");
      }
      int b0 = p[off + at] & 0xff;
      if (b0 >> 6 != 2) {
        throw new RtpFormatException(
            RtpFormatException.Rule.BAD_VERSION,
            at,
            "version " + (b0 >> 6) + ", RFC 3550 §6.4.1 requires 2");
      }
      int type = p[off + at + 1] & 0xff;
      int bytes = 4 * (RtpPacket.u16(p, off + at + 2) + 1);
      if (at + bytes > len) {
        throw new RtpFormatException(
            RtpFormatException.Rule.LENGTH_PAST_DATAGRAM,
            at + 2,
            "length field says " + bytes + " bytes, only " + (len - at) + " remain (RFC 3550 A.2)");
      }
      boolean padding = (b0 & 0x20) != 0;
      if (padding && at + bytes != len) {
        throw new RtpFormatException(
            RtpFormatException.Rule.PADDING_NOT_LAST,
            at,
            "padding on a packet that is not the last of the compound (RFC 3550 §6.4.1)");
      }
      if (padding) {
        // RFC 3550 §6.4.1: the last octet counts the padding, itself included; the header stays.
        int count = p[off + at + bytes - 1] & 0xff;
        if (count == 0 || count > bytes - 4) {
          throw new RtpFormatException(
              RtpFormatException.Rule.BAD_PADDING,
              at + bytes - 1,
              "padding count " + count + " in a packet of " + bytes + " bytes (RFC 3550 §6.4.1)");
        }
      }
      if (out.isEmpty() && !reducedSize && type != SR && type != RR) {
        throw new RtpFormatException(
            RtpFormatException.Rule.FIRST_NOT_REPORT,
            at + 1,
            "a compound starts with SR or RR (RFC 3550 §6.1), not type " + type);
      }
      long ssrc = bytes >= 8 ? RtpPacket.u32(p, off + at + 4) : -1;
      out.add(new Packet(type, b0 & 0x1f, ssrc, at, bytes));
      at += bytes;
    }
    return out;
  }
}

package org.rtcheck.stack.rtp;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An SDES packet carrying a CNAME per source (RFC 3550 §6.5, §6.5.1), the one item every compound
 * must have (§6.1). Other items are read past and ignored.
 */
public final class RtcpSdes {

  /** Item type of the CNAME (RFC 3550 §6.5.1). */
  static final int CNAME = 1;

  private RtcpSdes() {}

  /** The packet's size for these sources and one CNAME. */
  public static int size(int sources, String cname) {
    // A chunk: SSRC, CNAME item (type, length, text), then at least one null octet (END) up to
    // the next 32-bit boundary (RFC 3550 §6.5).
    int chunk = 4 + 2 + cnameBytes(cname).length;
    chunk += 4 - chunk % 4;
    return 4 + sources * chunk;
  }

  /** Writes one chunk per SSRC, each with the same CNAME (RFC 7022 §4.2); returns the size. */
  public static int write(byte[] p, int off, List<Long> ssrcs, String cname) {
    if (ssrcs.isEmpty() || ssrcs.size() > 31) {
      throw new IllegalArgumentException("an SDES packet has 1..31 chunks: " + ssrcs.size());
    }
    byte[] text = cnameBytes(cname);
    int size = size(ssrcs.size(), cname);
    RtcpWriter.header(p, off, ssrcs.size(), RtcpCompound.SDES, size);
    int at = off + 4;
    for (long ssrc : ssrcs) {
      RtcpWriter.u32(p, at, ssrc);
      p[at + 4] = CNAME;
      p[at + 5] = (byte) text.length;
      System.arraycopy(text, 0, p, at + 6, text.length);
      int end = at + 6 + text.length;
      int next = at + 4 + ((2 + text.length) / 4 + 1) * 4;
      java.util.Arrays.fill(p, end, next, (byte) 0);
      at = next;
    }
    return size;
  }

  /**
   * The CNAME of each chunk that has one, by SSRC.
   *
   * @throws RtpFormatException when an item or chunk runs past the packet
   */
  public static Map<Long, String> cnames(byte[] p, int off, RtcpCompound.Packet packet)
      throws RtpFormatException {
    Map<Long, String> out = new LinkedHashMap<>();
    int end = packet.offset() + packet.length();
    int at = packet.offset() + 4;
    for (int c = 0; c < packet.count(); c++) {
      if (at + 4 > end) {
        throw new RtpFormatException(
            RtpFormatException.Rule.SDES_PAST_PACKET,
            at,
            "SDES chunk " + c + " runs past the packet (RFC 3550 §6.5)");
      }
      long ssrc = RtpPacket.u32(p, off + at);
      at += 4;
      while (true) {
        if (at >= end) {
          throw new RtpFormatException(
              RtpFormatException.Rule.SDES_MISSING_END,
              at,
              "SDES chunk " + c + " has no END item (RFC 3550 §6.5)");
        }
        int type = p[off + at] & 0xff;
        if (type == 0) {
          at = packet.offset() + ((at - packet.offset()) / 4 + 1) * 4; // END, pad to a word
          break;
        }
        if (at + 2 > end || at + 2 + (p[off + at + 1] & 0xff) > end) {
          throw new RtpFormatException(
              RtpFormatException.Rule.SDES_PAST_PACKET,
              at,
              "SDES item of type " + type + " runs past the packet (RFC 3550 §6.5)");
        }
        int len = p[off + at + 1] & 0xff;
        if (type == CNAME) {
          out.put(ssrc, new String(p, off + at + 2, len, StandardCharsets.UTF_8));
        }
        at += 2 + len;
      }
    }
    return out;
  }

  private static byte[] cnameBytes(String cname) {
    byte[] b = cname.getBytes(StandardCharsets.UTF_8);
    if (b.length == 0 || b.length > 255) {
      throw new IllegalArgumentException("a CNAME is 1..255 octets: " + b.length);
    }
    return b;
  }
}

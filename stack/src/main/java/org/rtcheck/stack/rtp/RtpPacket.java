package org.rtcheck.stack.rtp;

import java.util.ArrayList;
import java.util.List;

/**
 * An RTP packet's fixed header, CSRCs, header extension and payload bounds (RFC 3550 §5.1), checked
 * as a receiver must (RFC 3550 Appendix A.1: version 2, lengths consistent, padding within the
 * packet).
 *
 * @param marker the M bit
 * @param payloadType 0..127
 * @param sequenceNumber 0..65535
 * @param timestamp unsigned 32 bits
 * @param ssrc unsigned 32 bits
 * @param csrcs contributing sources
 * @param extensionProfile the extension's "defined by profile" field, or -1 without X
 * @param extensions RFC 8285 elements when the profile is 0xBEDE or 0x100x, else empty
 * @param payloadOffset where the payload starts
 * @param payloadLength the payload's length without padding
 * @param paddingLength the padding's length including its count octet, 0 without P
 */
public record RtpPacket(
    boolean marker,
    int payloadType,
    int sequenceNumber,
    long timestamp,
    long ssrc,
    List<Long> csrcs,
    int extensionProfile,
    List<RtpHeaderExtension> extensions,
    int payloadOffset,
    int payloadLength,
    int paddingLength) {

  /** RFC 8285 §4.2. */
  public static final int ONE_BYTE_PROFILE = 0xBEDE;

  /** RFC 8285 §4.3: 0x100 in the top 12 bits, appbits in the low 4. */
  public static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;

  public RtpPacket {
    csrcs = List.copyOf(csrcs);
    extensions = List.copyOf(extensions);
  }

  public static RtpPacket parse(byte[] p) throws RtpFormatException {
    return parse(p, 0, p.length);
  }

  public static RtpPacket parse(byte[] p, int off, int len) throws RtpFormatException {
    if (len < 12) {
      throw new RtpFormatException(0, "shorter than the 12-byte fixed header: " + len + " bytes");
    }
    int b0 = p[off] & 0xff;
    if (b0 >> 6 != 2) {
      throw new RtpFormatException(0, "version " + (b0 >> 6) + ", RFC 3550 §5.1 requires 2");
    }
    boolean padding = (b0 & 0x20) != 0;
    boolean extension = (b0 & 0x10) != 0;
    int cc = b0 & 0x0f;
    int b1 = p[off + 1] & 0xff;
    int pt = b1 & 0x7f;
    if (pt >= 72 && pt <= 76) {
      // RFC 3550 A.1: a payload type equal to SR or RR (72, 73 with M) is invalid; RFC 5761 §4
      // reserves 72..76 too, since they collide with RTCP SR..APP on a muxed port.
      throw new RtpFormatException(
          1, "payload type " + pt + " collides with RTCP (RFC 3550 A.1, RFC 5761 §4)");
    }
    int seq = u16(p, off + 2);
    long ts = u32(p, off + 4);
    long ssrc = u32(p, off + 8);
    int at = 12;
    if (at + 4 * cc > len) {
      throw new RtpFormatException(at, cc + " CSRCs do not fit in " + len + " bytes");
    }
    List<Long> csrcs = new ArrayList<>(cc);
    for (int i = 0; i < cc; i++, at += 4) {
      csrcs.add(u32(p, off + at));
    }
    int profile = -1;
    List<RtpHeaderExtension> elements = List.of();
    if (extension) {
      if (at + 4 > len) {
        throw new RtpFormatException(at, "X is set but no extension header fits");
      }
      profile = u16(p, off + at);
      int words = u16(p, off + at + 2);
      int body = at + 4;
      int end = body + 4 * words;
      if (end > len) {
        throw new RtpFormatException(
            at + 2,
            "extension length " + words + " words runs past the packet (" + len + " bytes)");
      }
      if (profile == ONE_BYTE_PROFILE) {
        elements = oneByte(p, off, body, end);
      } else if ((profile & TWO_BYTE_PROFILE_MASK) == 0x1000) {
        elements = twoByte(p, off, body, end);
      }
      at = end;
    }
    int pad = 0;
    if (padding) {
      pad = p[off + len - 1] & 0xff;
      if (pad == 0 || at + pad > len) {
        throw new RtpFormatException(
            len - 1,
            "padding count " + pad + " is zero or larger than the payload (RFC 3550 §5.1)");
      }
    }
    return new RtpPacket(
        (b1 & 0x80) != 0, pt, seq, ts, ssrc, csrcs, profile, elements, at, len - at - pad, pad);
  }

  /** RFC 8285 §4.2: ID 0 is padding, ID 15 stops parsing, length is L+1. */
  private static List<RtpHeaderExtension> oneByte(byte[] p, int off, int at, int end)
      throws RtpFormatException {
    List<RtpHeaderExtension> out = new ArrayList<>();
    while (at < end) {
      int b = p[off + at] & 0xff;
      if (b == 0) {
        at++;
        continue;
      }
      int id = b >> 4;
      if (id == 15) {
        break;
      }
      int n = (b & 0x0f) + 1;
      if (at + 1 + n > end) {
        throw new RtpFormatException(
            at, "one-byte extension element " + id + " runs past the block");
      }
      out.add(
          new RtpHeaderExtension(
              id, java.util.Arrays.copyOfRange(p, off + at + 1, off + at + 1 + n)));
      at += 1 + n;
    }
    return out;
  }

  /** RFC 8285 §4.3: ID 0 is padding, length octet follows. */
  private static List<RtpHeaderExtension> twoByte(byte[] p, int off, int at, int end)
      throws RtpFormatException {
    List<RtpHeaderExtension> out = new ArrayList<>();
    while (at < end) {
      int id = p[off + at] & 0xff;
      if (id == 0) {
        at++;
        continue;
      }
      if (at + 2 > end) {
        throw new RtpFormatException(at, "two-byte extension element " + id + " has no length");
      }
      int n = p[off + at + 1] & 0xff;
      if (at + 2 + n > end) {
        throw new RtpFormatException(
            at, "two-byte extension element " + id + " runs past the block");
      }
      out.add(
          new RtpHeaderExtension(
              id, java.util.Arrays.copyOfRange(p, off + at + 2, off + at + 2 + n)));
      at += 2 + n;
    }
    return out;
  }

  static int u16(byte[] p, int i) {
    return ((p[i] & 0xff) << 8) | (p[i + 1] & 0xff);
  }

  static long u32(byte[] p, int i) {
    return ((long) (p[i] & 0xff) << 24)
        | ((p[i + 1] & 0xff) << 16)
        | ((p[i + 2] & 0xff) << 8)
        | (p[i + 3] & 0xff);
  }
}

package org.rtcheck.stack.rtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A BYE packet (RFC 3550 §6.6): these sources are leaving, optionally saying why. This side writes
 * it without a reason.
 *
 * @param sources the SSRC/CSRCs that leave, 0..31
 * @param reason the reason for leaving, if the packet carries one
 */
public record RtcpBye(List<Long> sources, Optional<String> reason) {

  public RtcpBye {
    sources = List.copyOf(sources);
  }

  public static int size(int sources) {
    return 4 + 4 * sources;
  }

  /** Writes the packet; returns its size. */
  public static int write(byte[] p, int off, List<Long> ssrcs) {
    if (ssrcs.isEmpty() || ssrcs.size() > 31) {
      throw new IllegalArgumentException("a BYE names 1..31 sources: " + ssrcs.size());
    }
    int size = size(ssrcs.size());
    RtcpWriter.header(p, off, ssrcs.size(), RtcpCompound.BYE, size);
    for (int i = 0; i < ssrcs.size(); i++) {
      RtcpWriter.u32(p, off + 4 + 4 * i, ssrcs.get(i));
    }
    return size;
  }

  /**
   * A BYE packet of a compound ({@link RtcpCompound#parse}): SC sources, then, if anything but
   * padding follows, a length octet and the reason text (RFC 3550 §6.6).
   *
   * @throws RtpFormatException when the sources or the reason run past the packet
   */
  public static RtcpBye parse(byte[] p, int off, RtcpCompound.Packet packet)
      throws RtpFormatException {
    if (packet.type() != RtcpCompound.BYE) {
      throw new IllegalArgumentException("not a BYE: type " + packet.type());
    }
    int start = off + packet.offset();
    int end = packet.length();
    if ((p[start] & 0x20) != 0) {
      end -= p[start + packet.length() - 1] & 0xff; // RtcpCompound checked the count
    }
    int reasonAt = 4 + 4 * packet.count();
    if (reasonAt > end) {
      throw new RtpFormatException(
          RtpFormatException.Rule.BYE_PAST_PACKET,
          packet.offset() + 2,
          "BYE with "
              + packet.count()
              + " sources needs "
              + reasonAt
              + " bytes, its length field says "
              + end
              + " (RFC 3550 §6.6)");
    }
    List<Long> sources = new ArrayList<>(packet.count());
    for (int i = 0; i < packet.count(); i++) {
      sources.add(RtpPacket.u32(p, start + 4 + 4 * i));
    }
    Optional<String> reason = Optional.empty();
    if (reasonAt < end) {
      int length = p[start + reasonAt] & 0xff;
      if (reasonAt + 1 + length > end) {
        throw new RtpFormatException(
            RtpFormatException.Rule.BYE_PAST_PACKET,
            packet.offset() + reasonAt,
            "BYE reason of " + length + " octets runs past the packet (RFC 3550 §6.6)");
      }
      reason = Optional.of(new String(p, start + reasonAt + 1, length, StandardCharsets.UTF_8));
    }
    return new RtcpBye(sources, reason);
  }
}

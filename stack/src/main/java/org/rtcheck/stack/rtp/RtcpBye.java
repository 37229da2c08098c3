package org.rtcheck.stack.rtp;

import java.util.List;

/** A BYE packet without a reason (RFC 3550 §6.6): these sources are leaving. */
public final class RtcpBye {

  private RtcpBye() {}

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
}

package org.rtcheck.stack.rtp;

/** The common header and big-endian fields of the RTCP packets this package writes. */
final class RtcpWriter {

  private RtcpWriter() {}

  /**
   * Version 2, no padding, the count field and the length in 32-bit words minus one (RFC 3550
   * §6.4.1).
   */
  static void header(byte[] p, int off, int count, int type, int size) {
    if (size % 4 != 0) {
      throw new IllegalArgumentException("RTCP packets are whole 32-bit words: " + size);
    }
    p[off] = (byte) (0x80 | (count & 0x1f));
    p[off + 1] = (byte) type;
    int words = size / 4 - 1;
    p[off + 2] = (byte) (words >> 8);
    p[off + 3] = (byte) words;
  }

  static void u32(byte[] p, int off, long v) {
    p[off] = (byte) (v >>> 24);
    p[off + 1] = (byte) (v >>> 16);
    p[off + 2] = (byte) (v >>> 8);
    p[off + 3] = (byte) v;
  }
}

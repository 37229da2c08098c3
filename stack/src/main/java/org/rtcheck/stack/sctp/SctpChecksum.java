package org.rtcheck.stack.sctp;

import java.util.zip.CRC32C;

/**
 * The SCTP checksum: CRC32c (Castagnoli) over the whole packet with the checksum field zeroed (RFC
 * 9260 §6.8, Appendix A; RFC 3309). The 32-bit result goes on the wire least significant byte
 * first, which is what the RFC 3720 §B.4 examples show.
 */
public final class SctpChecksum {

  /** Offset of the checksum field in the common header (RFC 9260 §3.1). */
  public static final int OFFSET = 8;

  private SctpChecksum() {}

  /** The plain CRC32c of a byte range (the value RFC 3720 §B.4 lists). */
  public static int crc32c(byte[] data, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(data, off, len);
    return (int) crc.getValue();
  }

  /**
   * Computes the checksum of {@code packet} (field treated as zero) as it would sit on the wire.
   */
  public static int compute(byte[] packet, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(packet, off, OFFSET);
    crc.update(ZEROS, 0, 4);
    crc.update(packet, off + OFFSET + 4, len - OFFSET - 4);
    return (int) crc.getValue();
  }

  /** Writes the checksum of the packet into its header. */
  public static void stamp(byte[] packet, int off, int len) {
    int c = compute(packet, off, len);
    packet[off + OFFSET] = (byte) c;
    packet[off + OFFSET + 1] = (byte) (c >>> 8);
    packet[off + OFFSET + 2] = (byte) (c >>> 16);
    packet[off + OFFSET + 3] = (byte) (c >>> 24);
  }

  /** The checksum as carried in the header. */
  public static int read(byte[] packet, int off) {
    return (packet[off + OFFSET] & 0xff)
        | (packet[off + OFFSET + 1] & 0xff) << 8
        | (packet[off + OFFSET + 2] & 0xff) << 16
        | (packet[off + OFFSET + 3] & 0xff) << 24;
  }

  private static final byte[] ZEROS = new byte[4];
}

package org.rtcheck.stack.rtp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A synthetic audio stream for a peer without an encoder: one Opus silence frame per 20 ms packet.
 * Sans-IO: the caller asks for the next packet every {@link #PACKET_MILLIS} ms and protects and
 * sends it.
 *
 * <p>The payload {@code F8 FF FE} is a valid 20 ms CELT frame (RFC 6716 §3.1: TOC 0xF8 is config
 * 31, fullband CELT 20 ms, mono, code 0 = one frame) that decodes to silence. Sequence numbers and
 * timestamps start random (RFC 3550 §5.1) and advance by 1 and by 960 (20 ms at the 48 kHz Opus RTP
 * clock, RFC 7587 §4.1). With a {@code mid} extension id the packet carries the SDES MID header
 * extension (RFC 8843 §15.2) in the one-byte form (RFC 8285 §4.2), so a BUNDLE receiver can route
 * it.
 */
public final class OpusSilenceSource {

  /** One packet per this many milliseconds. */
  public static final int PACKET_MILLIS = 20;

  /** RFC 7587 §4.1: the RTP clock is always 48 kHz, so 20 ms is 960 ticks. */
  public static final int TIMESTAMP_STEP = 48_000 / 1000 * PACKET_MILLIS;

  private static final byte[] SILENCE = {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE};

  private final int payloadType;
  private final long ssrc;
  private final byte[] extension;
  private int sequence;
  private long timestamp;

  /**
   * @param payloadType the Opus payload type the negotiated description gave (0..127)
   * @param ssrc the stream's SSRC (RFC 3550 §8: chosen at random)
   * @param firstSequence the first sequence number (random per RFC 3550 §5.1)
   * @param firstTimestamp the first timestamp (random per RFC 3550 §5.1)
   * @param midExtensionId the negotiated id of the SDES MID extension (1..14), or 0 for none
   * @param mid the m-section's mid, written when {@code midExtensionId} is set
   */
  public OpusSilenceSource(
      int payloadType,
      long ssrc,
      int firstSequence,
      long firstTimestamp,
      int midExtensionId,
      String mid) {
    if (payloadType < 0 || payloadType > 127) {
      throw new IllegalArgumentException("payload type " + payloadType + " is not 0..127");
    }
    if (midExtensionId < 0 || midExtensionId > 14) {
      throw new IllegalArgumentException(
          "mid extension id " + midExtensionId + " does not fit the one-byte form (RFC 8285 §4.2)");
    }
    this.payloadType = payloadType;
    this.ssrc = ssrc & 0xffffffffL;
    this.sequence = firstSequence & 0xffff;
    this.timestamp = firstTimestamp & 0xffffffffL;
    this.extension = midExtensionId == 0 ? new byte[0] : midExtension(midExtensionId, mid);
  }

  public int payloadType() {
    return payloadType;
  }

  public long ssrc() {
    return ssrc;
  }

  /** The next packet; sequence number and timestamp advance. */
  public byte[] next() {
    byte[] p = new byte[12 + extension.length + SILENCE.length];
    p[0] = (byte) (extension.length == 0 ? 0x80 : 0x90); // V=2, X when there is an extension
    p[1] = (byte) payloadType;
    p[2] = (byte) (sequence >>> 8);
    p[3] = (byte) sequence;
    p[4] = (byte) (timestamp >>> 24);
    p[5] = (byte) (timestamp >>> 16);
    p[6] = (byte) (timestamp >>> 8);
    p[7] = (byte) timestamp;
    p[8] = (byte) (ssrc >>> 24);
    p[9] = (byte) (ssrc >>> 16);
    p[10] = (byte) (ssrc >>> 8);
    p[11] = (byte) ssrc;
    System.arraycopy(extension, 0, p, 12, extension.length);
    System.arraycopy(SILENCE, 0, p, 12 + extension.length, SILENCE.length);
    sequence = (sequence + 1) & 0xffff;
    timestamp = (timestamp + TIMESTAMP_STEP) & 0xffffffffL;
    return p;
  }

  /** RFC 8285 §4.2: 0xBEDE, length in words, then ID|L-1 and the value, zero-padded to a word. */
  private static byte[] midExtension(int id, String mid) {
    byte[] value = mid.getBytes(StandardCharsets.US_ASCII);
    if (value.length < 1 || value.length > 16) {
      throw new IllegalArgumentException("mid \"" + mid + "\" is not 1..16 bytes (RFC 8285 §4.2)");
    }
    int words = (1 + value.length + 3) / 4;
    byte[] out =
        Arrays.copyOf(new byte[] {(byte) 0xBE, (byte) 0xDE, 0, (byte) words}, 4 + words * 4);
    out[4] = (byte) ((id << 4) | (value.length - 1));
    System.arraycopy(value, 0, out, 5, value.length);
    return out;
  }
}

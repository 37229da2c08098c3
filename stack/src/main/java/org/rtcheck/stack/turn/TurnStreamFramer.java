package org.rtcheck.stack.turn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a TCP or TLS byte stream from a TURN server into STUN messages and ChannelData messages
 * (RFC 8656 §12.5: on a stream, ChannelData is padded to 4 bytes, and a STUN message's length field
 * covers its attributes, so each message's end is known from its header).
 */
public final class TurnStreamFramer {
  private static final int MAX_MESSAGE = 4 + 0xFFFF + 3;

  private byte[] buffer = new byte[0];
  private long consumed;

  /** Appends {@code chunk} and returns every complete message, in order. */
  public List<byte[]> feed(byte[] chunk) throws TurnFramingException {
    byte[] joined = Arrays.copyOf(buffer, buffer.length + chunk.length);
    System.arraycopy(chunk, 0, joined, buffer.length, chunk.length);
    List<byte[]> out = new ArrayList<>();
    int p = 0;
    while (joined.length - p >= 4) {
      int first = joined[p] & 0xFF;
      int length = ((joined[p + 2] & 0xFF) << 8) | (joined[p + 3] & 0xFF);
      int total;
      if (first <= 3) {
        total = 20 + length; // RFC 8489 §5: the length excludes the 20-byte header
      } else if ((first & 0xF0) == 0x40) {
        total = (4 + length + 3) & ~3; // RFC 8656 §12.5: padded on streams
      } else {
        throw new TurnFramingException(
            consumed + p,
            String.format(
                "first byte 0x%02x is neither STUN (0-3) nor ChannelData (64-79)", first));
      }
      if (total > MAX_MESSAGE) {
        throw new TurnFramingException(consumed + p, "message of " + total + " bytes");
      }
      if (joined.length - p < total) {
        break;
      }
      out.add(Arrays.copyOfRange(joined, p, p + total));
      p += total;
    }
    buffer = Arrays.copyOfRange(joined, p, joined.length);
    consumed += p;
    return out;
  }

  /** Bytes held back waiting for the rest of a message. */
  public int pending() {
    return buffer.length;
  }
}

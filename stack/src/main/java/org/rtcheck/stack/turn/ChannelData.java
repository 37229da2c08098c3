package org.rtcheck.stack.turn;

import java.util.Arrays;

/**
 * The ChannelData message (RFC 8656 §12.4): a 2-byte channel number, a 2-byte length, the data.
 * Over TCP and TLS it is padded to a multiple of 4 bytes (RFC 8656 §12.5); over UDP padding is
 * optional and the length field says where the data ends.
 */
public record ChannelData(int channel, byte[] data) {
  /** RFC 8656 §12: channel numbers 0x4000 through 0x4FFF. */
  public static final int MIN_CHANNEL = 0x4000;

  public static final int MAX_CHANNEL = 0x4FFF;
  public static final int HEADER_LENGTH = 4;

  public ChannelData {
    if (channel < 0 || channel > 0xFFFF) {
      throw new IllegalArgumentException("channel number is 16 bits: " + channel);
    }
    if (data.length > 0xFFFF) {
      throw new IllegalArgumentException("ChannelData length is 16 bits: " + data.length);
    }
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  public static boolean isValidChannel(int channel) {
    return channel >= MIN_CHANNEL && channel <= MAX_CHANNEL;
  }

  /**
   * RFC 7983 §7 / RFC 8656 §12: a first byte 64..79 is ChannelData (0..3 would be STUN). Looks at
   * the first byte only.
   */
  public static boolean looksLikeChannelData(byte[] b) {
    return b.length >= 1 && (b[0] & 0xF0) == 0x40;
  }

  /** The bytes on the wire, padded to 4 when {@code padded} (TCP, TLS). */
  public byte[] encode(boolean padded) {
    int total = HEADER_LENGTH + data.length;
    byte[] out = new byte[padded ? (total + 3) & ~3 : total];
    out[0] = (byte) (channel >> 8);
    out[1] = (byte) channel;
    out[2] = (byte) (data.length >> 8);
    out[3] = (byte) data.length;
    System.arraycopy(data, 0, out, HEADER_LENGTH, data.length);
    return out;
  }

  /** Decodes one ChannelData message; bytes after the length (padding) are ignored. */
  public static ChannelData decode(byte[] b) throws TurnFramingException {
    if (b.length < HEADER_LENGTH) {
      throw new TurnFramingException(0, "ChannelData needs a 4-byte header, got " + b.length);
    }
    int channel = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
    if (!isValidChannel(channel)) {
      throw new TurnFramingException(
          0, String.format("channel number 0x%04x is outside 0x4000-0x4FFF", channel));
    }
    int length = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    if (HEADER_LENGTH + length > b.length) {
      throw new TurnFramingException(
          2,
          "ChannelData length " + length + " but " + (b.length - HEADER_LENGTH) + " bytes follow");
    }
    return new ChannelData(channel, Arrays.copyOfRange(b, HEADER_LENGTH, HEADER_LENGTH + length));
  }
}

package org.rtcheck.stack.stun;

/**
 * Packs and unpacks the 14-bit message type. The class bits are interleaved with the method bits
 * (RFC 8489 §5, Figure 3): M11..M7 C1 M6..M4 C0 M3..M0.
 */
public final class StunMessageType {
  /** The largest method number that fits in 12 bits. */
  public static final int MAX_METHOD = 0xFFF;

  private StunMessageType() {}

  public static int encode(StunClass cls, int method) {
    if (method < 0 || method > MAX_METHOD) {
      throw new IllegalArgumentException("method must be 12 bits: " + method);
    }
    int c = cls.bits();
    return (method & 0x000F)
        | ((c & 0b01) << 4)
        | ((method & 0x0070) << 1)
        | ((c & 0b10) << 7)
        | ((method & 0x0F80) << 2);
  }

  public static StunClass classOf(int messageType) {
    return StunClass.fromBits(((messageType >> 4) & 0b01) | ((messageType >> 7) & 0b10));
  }

  public static int methodOf(int messageType) {
    return (messageType & 0x000F) | ((messageType >> 1) & 0x0070) | ((messageType >> 2) & 0x0F80);
  }
}

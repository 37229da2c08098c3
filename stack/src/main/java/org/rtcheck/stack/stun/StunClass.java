package org.rtcheck.stack.stun;

/** The two class bits C1 C0 of the STUN message type (RFC 8489 §5). */
public enum StunClass {
  REQUEST(0b00),
  INDICATION(0b01),
  SUCCESS_RESPONSE(0b10),
  ERROR_RESPONSE(0b11);

  /** Indexed by {@link #bits}; {@code values()} would clone its array on every call. */
  private static final StunClass[] BY_BITS = values();

  private final int bits;

  StunClass(int bits) {
    this.bits = bits;
  }

  /** The two-bit value C1 C0. */
  public int bits() {
    return bits;
  }

  public boolean isResponse() {
    return this == SUCCESS_RESPONSE || this == ERROR_RESPONSE;
  }

  static StunClass fromBits(int bits) {
    return BY_BITS[bits & 0b11];
  }
}

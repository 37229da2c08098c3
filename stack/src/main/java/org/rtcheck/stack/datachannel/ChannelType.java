package org.rtcheck.stack.datachannel;

/** DCEP channel types (RFC 8832 §5.1): reliability and ordering of a data channel. */
public enum ChannelType {
  RELIABLE(0x00),
  RELIABLE_UNORDERED(0x80),
  PARTIAL_RELIABLE_REXMIT(0x01),
  PARTIAL_RELIABLE_REXMIT_UNORDERED(0x81),
  PARTIAL_RELIABLE_TIMED(0x02),
  PARTIAL_RELIABLE_TIMED_UNORDERED(0x82);

  private final int code;

  ChannelType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The high bit marks unordered delivery. */
  public boolean unordered() {
    return (code & 0x80) != 0;
  }

  /** The type for an ordering and at most one reliability limit (-1 for none). */
  public static ChannelType of(boolean ordered, int maxRetransmits, long maxPacketLifeTime) {
    if (maxRetransmits >= 0) {
      return ordered ? PARTIAL_RELIABLE_REXMIT : PARTIAL_RELIABLE_REXMIT_UNORDERED;
    }
    if (maxPacketLifeTime >= 0) {
      return ordered ? PARTIAL_RELIABLE_TIMED : PARTIAL_RELIABLE_TIMED_UNORDERED;
    }
    return ordered ? RELIABLE : RELIABLE_UNORDERED;
  }

  /** The type with this code, or null. */
  public static ChannelType fromCode(int code) {
    for (ChannelType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }
}

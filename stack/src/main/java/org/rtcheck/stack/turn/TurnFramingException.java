package org.rtcheck.stack.turn;

/** Bytes from a TURN server that are neither a STUN message nor ChannelData, or are cut short. */
public final class TurnFramingException extends Exception {
  private static final long serialVersionUID = 1L;

  private final long offset;

  public TurnFramingException(long offset, String message) {
    super(message + " (at byte " + offset + ")");
    this.offset = offset;
  }

  /** Where in the datagram or stream the problem is. */
  public long offset() {
    return offset;
  }
}

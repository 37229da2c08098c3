package org.rtcheck.stack.datachannel;

/** A DCEP message the codec refuses, naming the reason and the byte offset. */
public final class DcepDecodeException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason {
    /** Empty, or shorter than the fixed fields of its type. */
    TRUNCATED,
    /** Neither DATA_CHANNEL_OPEN (0x03) nor DATA_CHANNEL_ACK (0x02) (RFC 8832 §8.2.1). */
    UNKNOWN_MESSAGE_TYPE,
    /** An OPEN channel type not in RFC 8832 §8.2.2. */
    UNKNOWN_CHANNEL_TYPE,
    /** Label and protocol lengths do not add up to the message length (RFC 8832 §5.1). */
    BAD_LENGTH,
    /** Label or protocol is not UTF-8 (RFC 8832 §5.1). */
    BAD_UTF8
  }

  private final Reason reason;
  private final int offset;

  public DcepDecodeException(Reason reason, int offset, String message) {
    super(reason + " at offset " + offset + ": " + message, null, false, false);
    this.reason = reason;
    this.offset = offset;
  }

  public Reason reason() {
    return reason;
  }

  public int offset() {
    return offset;
  }
}

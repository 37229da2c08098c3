package org.rtcheck.stack.datachannel;

/** A data channel operation or incoming message that was refused. */
public final class DataChannelException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason {
    /** No free stream id of this side's parity (RFC 8832 §6). */
    NO_FREE_STREAM,
    /** The requested id is taken or beyond the negotiated streams. */
    ID_IN_USE,
    /** The channel is closing or closed (W3C {@code InvalidStateError}). */
    NOT_OPEN,
    /** Larger than the max message size (RFC 8841 §6). */
    MESSAGE_TOO_LARGE,
    /** A PPID data channels do not use, or the deprecated partial ones (RFC 8831 §6.6). */
    UNSUPPORTED_PPID,
    /** User data on a stream without a channel (RFC 8832 §6). */
    UNKNOWN_STREAM,
    /** A DCEP message that does not decode (RFC 8832 §5). */
    BAD_DCEP
  }

  private final Reason reason;

  public DataChannelException(Reason reason, String message) {
    super(reason + ": " + message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

package org.rtcheck.stack.sctp;

/** A message the association refuses to send. */
public final class SctpSendException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason {
    /** Larger than the max message size (RFC 8841 §6). */
    MESSAGE_TOO_LARGE,
    /** The association is closed, aborted or shutting down (RFC 9260 §9.2). */
    NOT_OPEN,
    /** The stream id is outside the negotiated outbound streams (RFC 9260 §6.5). */
    INVALID_STREAM,
    /** The stream's outgoing side is being reset (RFC 6525 §5.1.2). */
    STREAM_RESETTING,
    /** An empty message: SCTP DATA carries at least one byte (RFC 9260 §3.3.1). */
    EMPTY
  }

  private final Reason reason;

  public SctpSendException(Reason reason, String message) {
    super(reason + ": " + message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

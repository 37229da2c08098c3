package org.rtcheck.stack.signaling;

/** Why a signaling exchange failed, naming the side and the field. */
public final class SignalingException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The kinds of failure. */
  public enum Reason {
    /** The body is not JSON, or not an object. */
    MALFORMED_JSON,
    /** A required field is missing or has the wrong JSON type. */
    MISSING_FIELD,
    /** {@code type} is not what this step expects (an offer where an answer was due …). */
    WRONG_TYPE,
    /** The peer answered with an HTTP error status; the message quotes its body. */
    HTTP_STATUS,
    /** No answer before the deadline. */
    TIMEOUT,
    /** The endpoint could not be reached. */
    UNREACHABLE,
    /** The local peer refused the remote description. */
    REJECTED
  }

  private final Reason reason;

  public SignalingException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public SignalingException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

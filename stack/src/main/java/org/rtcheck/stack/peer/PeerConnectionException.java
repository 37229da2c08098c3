package org.rtcheck.stack.peer;

/** Why a PeerConnection operation was refused or the connection failed. */
public final class PeerConnectionException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The kinds of failure, each naming the layer or rule that refused. */
  public enum Reason {
    /** The operation is not allowed in the current signaling or connection state. */
    INVALID_STATE,
    /** A description was refused by JSEP (the message names the line or rule). */
    SIGNALING,
    /** Gathering did not complete in time or a socket could not be bound. */
    GATHERING,
    /** ICE found no working pair (RFC 8445 §8.1.2: the check list failed) or consent was lost. */
    ICE_FAILED,
    /** The DTLS handshake failed: fingerprint mismatch, no common profile, alert, timeout. */
    DTLS_FAILED,
    /** A step did not happen before its deadline. */
    TIMEOUT,
    /** The connection is closed. */
    CLOSED
  }

  private final Reason reason;

  public PeerConnectionException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public PeerConnectionException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

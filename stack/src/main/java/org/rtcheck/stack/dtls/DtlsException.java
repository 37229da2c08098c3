package org.rtcheck.stack.dtls;

/** A DTLS handshake or connection failure, with a typed reason. */
public final class DtlsException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why the handshake or connection failed. */
  public enum Reason {
    /** The handshake did not complete within the configured deadline. */
    HANDSHAKE_TIMEOUT,
    /** The peer's certificate matches none of the expected SDP fingerprints (RFC 8122 §5). */
    FINGERPRINT_MISMATCH,
    /** The peer sent no certificate, though mutual authentication is required (RFC 5763 §5). */
    NO_PEER_CERTIFICATE,
    /** No SRTP protection profile in common (RFC 5764 §4.1.1), or the peer ignored use_srtp. */
    NO_COMMON_SRTP_PROFILE,
    /** The peer did not negotiate the extended master secret (RFC 7627 §5.2, RFC 8842 §5). */
    NO_EXTENDED_MASTER_SECRET,
    /** The peer sent a fatal alert. */
    PEER_ALERT,
    /** Bouncy Castle rejected a message (a local fatal alert). */
    PROTOCOL_ERROR,
    /** The endpoint was closed before the handshake completed. */
    CLOSED
  }

  private final Reason reason;

  public DtlsException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public DtlsException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

package org.rtcheck.stack.srtp;

/** A packet that SRTP refuses, with the reason as a value the harness can match on. */
public final class SrtpException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why a packet was refused. */
  public enum Reason {
    /** The authentication tag (or the MKI) does not match: RFC 3711 §3.3 step 5. */
    AUTH_FAILED,
    /** The index was already received or lies left of the replay window: RFC 3711 §3.3.2. */
    REPLAY,
    /** Too short, wrong version or a header that overruns the packet. */
    MALFORMED,
    /** The 48-bit SRTP or 31-bit SRTCP index would wrap: RFC 3711 §3.3.1, §9.2. */
    INDEX_EXHAUSTED
  }

  private final Reason reason;

  public SrtpException(Reason reason, String message) {
    // No stack trace: refused packets are routine (attacks, loss, reordering) and must stay cheap.
    super(reason + ": " + message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

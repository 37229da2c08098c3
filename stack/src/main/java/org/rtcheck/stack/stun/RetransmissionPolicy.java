package org.rtcheck.stack.stun;

import java.time.Duration;

/**
 * UDP retransmission parameters (RFC 8489 §6.2.1): initial RTO, Rc total sends, and the final wait
 * of Rm times the initial RTO after the last send.
 */
public record RetransmissionPolicy(Duration rto, int rc, int rm) {
  /** RTO 500 ms (RFC 8489 §6.2.1 default for fixed-line access), Rc = 7, Rm = 16. */
  public static final RetransmissionPolicy DEFAULT =
      new RetransmissionPolicy(Duration.ofMillis(500), 7, 16);

  public RetransmissionPolicy {
    if (rto.isNegative() || rto.isZero() || rc < 1 || rm < 1) {
      throw new IllegalArgumentException("rto > 0, rc >= 1 and rm >= 1 required");
    }
  }
}

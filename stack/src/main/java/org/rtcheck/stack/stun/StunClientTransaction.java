package org.rtcheck.stack.stun;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A sans-IO STUN client transaction over UDP (RFC 8489 §6.2.1). Time is a monotonic {@code long} in
 * nanoseconds supplied by the caller (for example {@code System.nanoTime()} or a virtual clock);
 * the transaction never reads a clock, opens a socket or starts a thread.
 *
 * <p>Drive it with {@link #start}, then call {@link #handleTimeout} at {@link #nextDeadline} and
 * {@link #handleResponse} for each decoded response, sending whatever {@link #pollTransmit}
 * returns.
 */
public final class StunClientTransaction {

  /** Where the transaction stands. */
  public enum Outcome {
    PENDING,
    SUCCESS,
    ERROR_RESPONSE,
    TIMEOUT
  }

  private final byte[] request;
  private final TransactionId transactionId;
  private final RetransmissionPolicy policy;
  private final long rtoNanos;

  private Outcome outcome = Outcome.PENDING;
  private boolean started;
  private int sends;
  private long interval;
  private long deadline;
  private long firstSendAt;
  private long lastSendAt;
  private boolean transmitPending;
  private StunMessage response;

  /** {@code request} must be an encoded request whose transaction ID is {@code transactionId}. */
  public StunClientTransaction(
      byte[] request, TransactionId transactionId, RetransmissionPolicy policy) {
    this.request = request.clone();
    this.transactionId = Objects.requireNonNull(transactionId);
    this.policy = Objects.requireNonNull(policy);
    this.rtoNanos = policy.rto().toNanos();
  }

  public StunClientTransaction(byte[] request, TransactionId transactionId) {
    this(request, transactionId, RetransmissionPolicy.DEFAULT);
  }

  /** Sends the request for the first time; returns the bytes to send now. */
  public byte[] start(long now) {
    if (started) {
      throw new IllegalStateException("already started");
    }
    started = true;
    firstSendAt = now;
    interval = rtoNanos;
    recordSend(now);
    return request.clone();
  }

  /**
   * Advances time. Retransmissions are scheduled from the ideal send instants, so a late call does
   * not shift later ones; at most one retransmission is queued per call.
   */
  public void handleTimeout(long now) {
    if (!started || outcome != Outcome.PENDING || now - deadline < 0) {
      return;
    }
    if (sends < policy.rc()) {
      // RFC 8489 §6.2.1: the interval doubles after each retransmission.
      long sendAt = deadline;
      interval *= 2;
      transmitPending = true;
      recordSend(sendAt);
    } else {
      outcome = Outcome.TIMEOUT;
    }
  }

  private void recordSend(long at) {
    sends++;
    lastSendAt = at;
    // After the last of Rc sends, wait Rm * RTO for a response (RFC 8489 §6.2.1).
    deadline = sends < policy.rc() ? at + interval : at + policy.rm() * rtoNanos;
  }

  /** The bytes of a retransmission due after {@link #handleTimeout}, at most once. */
  public Optional<byte[]> pollTransmit() {
    if (!transmitPending) {
      return Optional.empty();
    }
    transmitPending = false;
    return Optional.of(request.clone());
  }

  /** When to call {@link #handleTimeout} next; empty once the transaction has finished. */
  public OptionalLong nextDeadline() {
    return started && outcome == Outcome.PENDING ? OptionalLong.of(deadline) : OptionalLong.empty();
  }

  /**
   * Offers a decoded message; returns true if it completed this transaction. Messages that are not
   * responses, or whose transaction ID differs, are ignored (RFC 8489 §6.3.3).
   */
  public boolean handleResponse(StunMessage message) {
    if (!started
        || outcome != Outcome.PENDING
        || !message.stunClass().isResponse()
        || !message.transactionId().equals(transactionId)) {
      return false;
    }
    response = message;
    outcome =
        message.stunClass() == StunClass.SUCCESS_RESPONSE
            ? Outcome.SUCCESS
            : Outcome.ERROR_RESPONSE;
    transmitPending = false;
    return true;
  }

  public Outcome outcome() {
    return outcome;
  }

  public boolean isDone() {
    return outcome != Outcome.PENDING;
  }

  public Optional<StunMessage> response() {
    return Optional.ofNullable(response);
  }

  public TransactionId transactionId() {
    return transactionId;
  }

  /** How many times the request has been (or is queued to be) sent. */
  public int sendCount() {
    return sends;
  }

  public long firstSendAt() {
    return firstSendAt;
  }

  public long lastSendAt() {
    return lastSendAt;
  }
}

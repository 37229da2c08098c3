package org.rtcheck.stack.peer;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When each step of a connection's setup first happened, from the creation of the PeerConnection to
 * the first data channel open: where the setup time goes. Each phase is stamped once ({@link
 * System#nanoTime()}, the first time only), from whichever thread reaches it; a stamp is one
 * compare-and-set, cheap enough to stay on.
 */
public final class SetupTimeline {

  /** The steps, in the order a data channel setup normally reaches them. */
  public enum Phase {
    /** The PeerConnection was created. */
    CREATED("created"),
    /** The first offer was created (offerer) or applied (answerer). */
    OFFER("offer"),
    /** Both descriptions of the first exchange are applied: ICE checks and DTLS may start. */
    ANSWER_APPLIED("answer applied"),
    /** The first STUN packet of ICE went out: a check, or the response to the peer's check. */
    FIRST_CHECK_SENT("first check sent"),
    /** ICE reached connected: a selected pair carries data. */
    ICE_CONNECTED("ICE connected"),
    /** bctls produced its first flight: ClientHello (client) or ServerHello… (server). */
    DTLS_FIRST_FLIGHT("DTLS first flight"),
    /** The DTLS handshake completed and the SRTP keys are exported. */
    DTLS_CONNECTED("DTLS connected"),
    /** The first SCTP packet went to DTLS (INIT, or INIT ACK on the side that lost the race). */
    SCTP_INIT_SENT("SCTP INIT sent"),
    /** The association reached ESTABLISHED (RFC 9260 §5.1). */
    SCTP_ESTABLISHED("SCTP established"),
    /** The first SCTP packet after ESTABLISHED on a side that opened an in-band channel. */
    DCEP_OPEN_SENT("DCEP OPEN sent"),
    /** The first data channel is open (W3C "open" event). */
    CHANNEL_OPEN("channel open");

    private final String label;

    Phase(String label) {
      this.label = label;
    }

    /** A short human name for tables. */
    public String label() {
      return label;
    }
  }

  private final AtomicLongArray at = new AtomicLongArray(Phase.values().length);
  private final long origin;

  SetupTimeline() {
    this.origin = stamp();
    at.set(Phase.CREATED.ordinal(), origin);
  }

  /** 0 is "not yet", so a real stamp never is. */
  private static long stamp() {
    long now = System.nanoTime();
    return now == 0 ? 1 : now;
  }

  /** Stamps {@code phase} now unless it already happened. */
  void mark(Phase phase) {
    int i = phase.ordinal();
    if (at.get(i) == 0) {
      at.compareAndSet(i, 0, stamp());
    }
  }

  /** Stamps {@code phase} at {@code nanoTime} (a {@link System#nanoTime()} value) if not yet. */
  void markAt(Phase phase, long nanoTime) {
    if (nanoTime != 0) {
      at.compareAndSet(phase.ordinal(), 0, nanoTime);
    }
  }

  boolean reached(Phase phase) {
    return at.get(phase.ordinal()) != 0;
  }

  /** Nanoseconds from creation to {@code phase}, or empty when it has not happened. */
  public OptionalLong sinceCreated(Phase phase) {
    long t = at.get(phase.ordinal());
    return t == 0 ? OptionalLong.empty() : OptionalLong.of(t - origin);
  }

  /** Every phase reached so far and its nanoseconds since creation, in phase order. */
  public Map<Phase, Long> snapshot() {
    Map<Phase, Long> m = new EnumMap<>(Phase.class);
    for (Phase p : Phase.values()) {
      sinceCreated(p).ifPresent(n -> m.put(p, n));
    }
    return m;
  }
}

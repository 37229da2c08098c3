package org.rtcheck.stack.sctp;

import java.util.ArrayList;
import java.util.List;

/**
 * Datagram packetization-layer path MTU discovery (RFC 8899 §5) for the one path of an association,
 * sans-IO: the association feeds it the time, probe acknowledgements and data loss; it says which
 * probe to send, the deadline of its timer and the PLPMTU the association packs its packets to.
 *
 * <p>Sizes are SCTP packet sizes (common header and chunks), the PL's own packets. The search walks
 * a table of sizes (RFC 8899 §5.3.2 leaves the algorithm open): the largest SCTP packet of a
 * DTLS-over-UDP datagram on an IPv6 and an IPv4 Ethernet path (1500 bytes less IP, UDP and a DTLS
 * AES-GCM record's 37 bytes), the same for a 9000-byte jumbo frame, and MAX_PLPMTU.
 *
 * <p>Black holes (§4.3): SCTP is an acknowledged PL, so SEARCH_COMPLETE sends no periodic
 * confirmation probes (§6.2.1.3, §6.2.3.3); instead a T3-rtx expiry with a PLPMTU above BASE is the
 * loss indication that starts probing the current PLPMTU, and MAX_PROBES unanswered such probes
 * send the search back to BASE.
 */
final class PlpmtudSearch {

  /** RFC 8899 §5.2. */
  enum State {
    DISABLED,
    BASE,
    SEARCHING,
    SEARCH_COMPLETE,
    ERROR
  }

  /** A probe to send now: one packet of exactly {@code size} bytes. */
  record Probe(int size) {}

  /** RFC 8899 §5.1.2: consecutive unanswered probes of one size before giving it up. */
  static final int MAX_PROBES = 3;

  /** RFC 8899 §5.1.1: the PROBE_TIMER MUST NOT be below 1 s. */
  static final long MIN_PROBE_TIMER = 1000;

  /** RFC 8899 §5.1.1: PMTU_RAISE_TIMER, 600 s as RFC 4821 recommends. */
  static final long RAISE_INTERVAL = 600_000;

  private static final int[] TABLE = {1412, 1432, 8912, 8932};
  private static final long NONE = Long.MAX_VALUE;

  private final int base;
  private final int max;
  private final int[] sizes; // ascending, above base, the last one max

  private State state = State.DISABLED;
  private int plpmtu;
  private int probedSize;
  private int probeCount;
  private boolean confirming; // probing the current PLPMTU after a loss indication (§4.3)
  private boolean probeDue;
  private long probeTimer = NONE;
  private long raiseTimer = NONE;
  private int probesSent;
  private int blackHoles;

  /**
   * @param base BASE_PLPMTU (also MIN_PLPMTU, §5.2 ERROR note)
   * @param max MAX_PLPMTU; the search is off when it is not above {@code base}
   */
  PlpmtudSearch(int base, int max) {
    this.base = base;
    this.max = max & ~3; // RFC 9260 §3.2: chunks are padded to 4 bytes
    this.plpmtu = base;
    List<Integer> s = new ArrayList<>();
    for (int size : TABLE) {
      if (size > base && size < this.max) {
        s.add(size);
      }
    }
    if (this.max > base) {
      s.add(this.max);
    }
    this.sizes = s.stream().mapToInt(Integer::intValue).toArray();
  }

  boolean enabled() {
    return sizes.length > 0;
  }

  State state() {
    return state;
  }

  /** The size the association packs packets to now. */
  int plpmtu() {
    return plpmtu;
  }

  int probesSent() {
    return probesSent;
  }

  int blackHoles() {
    return blackHoles;
  }

  /** When {@link #onTimeout} is due next, or {@link Long#MAX_VALUE}. */
  long deadline() {
    return Math.min(probeTimer, raiseTimer);
  }

  /**
   * The PL has connectivity (the association is ESTABLISHED): leave DISABLED for BASE and confirm
   * BASE_PLPMTU with a first probe (§5.2 DISABLED).
   */
  void start() {
    if (state == State.DISABLED && enabled()) {
      enterBase();
    }
  }

  /** The PL lost connectivity (the association closed): stop probing (§5.2 DISABLED). */
  void stop() {
    state = State.DISABLED;
    probeDue = false;
    confirming = false;
    probeTimer = raiseTimer = NONE;
  }

  /** The probe to send now, if one is due; the caller sends exactly one packet of its size. */
  Probe pollProbe(long now, long probeTimeout) {
    if (!probeDue) {
      return null;
    }
    probeDue = false;
    probesSent++;
    probeTimer = now + Math.max(MIN_PROBE_TIMER, probeTimeout);
    return new Probe(probedSize);
  }

  /** A HEARTBEAT ACK answered a probe of {@code size} bytes (§4.1: the probe got through). */
  void onProbeAcked(int size, long now) {
    if (state == State.DISABLED || size != probedSize || probeTimer == NONE) {
      return; // a late answer to a size no longer probed
    }
    probeTimer = NONE;
    probeCount = 0;
    if (confirming) {
      confirming = false; // the loss was not the PLPMTU (§4.3)
      if (state == State.SEARCHING) {
        probeNextLarger(now);
      }
      return;
    }
    switch (state) {
      case BASE, ERROR -> {
        plpmtu = base;
        state = State.SEARCHING;
        probeNextLarger(now);
      }
      case SEARCHING -> {
        plpmtu = size;
        probeNextLarger(now);
      }
      default -> {}
    }
  }

  /**
   * Data was lost by timeout (a T3-rtx expiry): with a PLPMTU above BASE that may be a black hole
   * (§4.3), so confirm the PLPMTU with probes of its size.
   */
  void onDataLoss(long now) {
    if (confirming
        || plpmtu <= base
        || (state != State.SEARCHING && state != State.SEARCH_COMPLETE)) {
      return;
    }
    confirming = true;
    probedSize = plpmtu;
    probeCount = 0;
    probeDue = true;
    probeTimer = NONE;
  }

  /** Runs the PROBE_TIMER and PMTU_RAISE_TIMER when due. */
  void onTimeout(long now) {
    if (probeTimer <= now) {
      probeTimer = NONE;
      onProbeLost(now);
    }
    if (raiseTimer <= now) {
      raiseTimer = NONE;
      if (state == State.ERROR) {
        enterBase();
      } else if (state == State.SEARCH_COMPLETE) {
        state = State.SEARCHING; // §5.2: PMTU_RAISE_TIMER expiry
        probeNextLarger(now);
      }
    }
  }

  private void onProbeLost(long now) {
    if (++probeCount < MAX_PROBES) {
      probeDue = true; // §5.2: PROBE_COUNT < MAX_PROBES, the same size again
      return;
    }
    probeCount = 0;
    if (confirming) {
      // §4.3: MAX_PROBES probes of the PLPMTU lost, the path no longer carries it.
      confirming = false;
      blackHoles++;
      enterBase();
      return;
    }
    switch (state) {
      case BASE -> {
        // §5.2: not even BASE_PLPMTU; stay there (MIN_PLPMTU = BASE_PLPMTU) and retry later.
        state = State.ERROR;
        plpmtu = base;
        raiseTimer = now + RAISE_INTERVAL;
      }
      case SEARCHING -> complete(now);
      default -> {}
    }
  }

  private void enterBase() {
    state = State.BASE;
    plpmtu = base;
    probedSize = base;
    probeCount = 0;
    probeDue = true;
    probeTimer = NONE;
    raiseTimer = NONE;
  }

  private void probeNextLarger(long now) {
    for (int size : sizes) {
      if (size > plpmtu) {
        probedSize = size;
        probeCount = 0;
        probeDue = true;
        return;
      }
    }
    complete(now); // §5.2: MAX_PLPMTU acknowledged
  }

  private void complete(long now) {
    state = State.SEARCH_COMPLETE;
    probeDue = false;
    raiseTimer = plpmtu < max ? now + RAISE_INTERVAL : NONE;
  }
}

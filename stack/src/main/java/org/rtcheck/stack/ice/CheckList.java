package org.rtcheck.stack.ice;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * The check list of one data stream (RFC 8445 §6.1.2) and its triggered-check queue (§6.1.4.1): the
 * pairs in decreasing priority, their states and the foundation rules that move them between Frozen
 * and Waiting. It decides which pair to check next; {@link IceAgent} sends the checks.
 */
final class CheckList {

  private final List<CandidatePair> pairs = new ArrayList<>();
  private final Deque<CandidatePair> triggered = new ArrayDeque<>();
  private final int maxPairs;

  CheckList(int maxPairs) {
    this.maxPairs = maxPairs;
  }

  List<CandidatePair> pairs() {
    return pairs;
  }

  boolean isEmpty() {
    return pairs.isEmpty();
  }

  void clear() {
    pairs.clear();
    triggered.clear();
  }

  /**
   * Adds the pair of {@code local} and {@code remote} unless a pair with the same local base and
   * remote candidate is already there (§6.1.2.4 pruning), and returns the pair in the list, or null
   * when the size limit (§6.1.2.5) left no room for it.
   */
  CandidatePair add(Candidate local, Candidate remote, IceRole role) {
    for (CandidatePair p : pairs) {
      if (p.samePath(local, remote)) {
        return p;
      }
    }
    CandidatePair pair = new CandidatePair(local, remote, initialState(local, remote));
    preferWithinFoundation(pair, role);
    pairs.add(pair);
    sort(role);
    // §6.1.2.5: over the limit, drop the lowest-priority pairs not yet checked.
    while (pairs.size() > maxPairs) {
      CandidatePair victim = null;
      for (int i = pairs.size() - 1; i >= 0; i--) {
        CandidatePairState s = pairs.get(i).state();
        if (s == CandidatePairState.FROZEN || s == CandidatePairState.WAITING) {
          victim = pairs.get(i);
          break;
        }
      }
      if (victim == null) {
        break;
      }
      pairs.remove(victim);
      triggered.remove(victim);
    }
    return pairs.contains(pair) ? pair : null;
  }

  /**
   * RFC 8445 §6.1.2.6 for one stream, applied as pairs arrive (RFC 8838 §10): a pair is Waiting
   * when no other pair of its foundation is Waiting or In-Progress, else Frozen; so of each
   * foundation one pair at a time is checked, and a success unfreezes the others (§7.2.5.3.3).
   */
  private CandidatePairState initialState(Candidate local, Candidate remote) {
    String foundation = local.foundation() + ':' + remote.foundation();
    return busy(foundation, null) ? CandidatePairState.FROZEN : CandidatePairState.WAITING;
  }

  /**
   * §6.1.2.6: of a foundation, the pair with the lowest component ID, then the highest priority, is
   * the Waiting one. A newly added pair that beats the foundation's Waiting (not yet started) pair
   * takes its place.
   */
  private void preferWithinFoundation(CandidatePair added, IceRole role) {
    if (added.state() != CandidatePairState.FROZEN) {
      return;
    }
    for (CandidatePair p : pairs) {
      if (p != added
          && p.state() == CandidatePairState.WAITING
          && p.foundation().equals(added.foundation())
          && !triggered.contains(p)
          && (added.component() < p.component()
              || (added.component() == p.component() && added.priority(role) > p.priority(role)))) {
        p.state(CandidatePairState.FROZEN);
        added.state(CandidatePairState.WAITING);
        return;
      }
    }
  }

  /** Whether a pair of {@code foundation} other than {@code except} is Waiting or In-Progress. */
  private boolean busy(String foundation, CandidatePair except) {
    for (CandidatePair q : pairs) {
      if (q != except
          && q.foundation().equals(foundation)
          && (q.state() == CandidatePairState.WAITING
              || q.state() == CandidatePairState.IN_PROGRESS)) {
        return true;
      }
    }
    return false;
  }

  /** §6.1.2.3: decreasing pair priority, which depends on the role; ties keep their order. */
  void sort(IceRole role) {
    pairs.sort(Comparator.comparingLong((CandidatePair p) -> p.priority(role)).reversed());
  }

  CandidatePair find(Candidate local, Candidate remote) {
    for (CandidatePair p : pairs) {
      if (p.local() == local && p.remote() == remote) {
        return p;
      }
    }
    return null;
  }

  /** §7.3.1.4, §7.2.5.1: queue a triggered check (once), the pair Waiting unless succeeded. */
  void trigger(CandidatePair pair) {
    if (pair.state() != CandidatePairState.SUCCEEDED) {
      pair.state(CandidatePairState.WAITING);
    }
    if (!triggered.contains(pair)) {
      triggered.add(pair);
    }
  }

  /** §8.1.1: a nomination check jumps the queue. */
  void triggerFirst(CandidatePair pair) {
    triggered.remove(pair);
    triggered.addFirst(pair);
  }

  boolean hasTriggered() {
    return !triggered.isEmpty();
  }

  /**
   * The pair to check at this Ta tick (§6.1.4.2): the first triggered one, else the
   * highest-priority Waiting pair, else the highest-priority Frozen pair whose foundation has
   * nothing Waiting or In-Progress; null when there is nothing to check.
   */
  CandidatePair next() {
    CandidatePair pair = triggered.poll();
    if (pair != null) {
      return pair;
    }
    for (CandidatePair p : pairs) {
      if (p.state() == CandidatePairState.WAITING) {
        return p;
      }
    }
    for (CandidatePair p : pairs) {
      if (p.state() == CandidatePairState.FROZEN && !busy(p.foundation(), p)) {
        return p;
      }
    }
    return null;
  }

  /** §7.2.5.3.3: a success unfreezes the Frozen pairs of its foundation. */
  void unfreeze(String foundation) {
    for (CandidatePair p : pairs) {
      if (p.state() == CandidatePairState.FROZEN && p.foundation().equals(foundation)) {
        p.state(CandidatePairState.WAITING);
      }
    }
  }

  /** Num-Waiting + Num-In-Progress of §14.3. */
  int activeCount() {
    int n = 0;
    for (CandidatePair p : pairs) {
      if (p.state() == CandidatePairState.WAITING || p.state() == CandidatePairState.IN_PROGRESS) {
        n++;
      }
    }
    return n;
  }

  /** Whether a pair of {@code component} above {@code priority} may still succeed. */
  boolean higherPending(int component, long priority, IceRole role) {
    for (CandidatePair p : pairs) {
      if (p.component() == component
          && p.priority(role) > priority
          && (p.state() == CandidatePairState.FROZEN
              || p.state() == CandidatePairState.WAITING
              || p.state() == CandidatePairState.IN_PROGRESS)) {
        return true;
      }
    }
    return false;
  }

  /** §8.1.2: once {@code component} has a nominated pair, its unchecked pairs are dropped. */
  void dropUnchecked(int component) {
    pairs.removeIf(
        p ->
            p.component() == component
                && (p.state() == CandidatePairState.FROZEN
                    || p.state() == CandidatePairState.WAITING)
                && !p.isValid());
    triggered.removeIf(p -> p.component() == component && !p.isValid());
  }

  /** Every pair failed and nothing is queued (§8.1.2: the check list has failed). */
  boolean allFailed() {
    if (!triggered.isEmpty()) {
      return false;
    }
    for (CandidatePair p : pairs) {
      if (p.state() != CandidatePairState.FAILED) {
        return false;
      }
    }
    return true;
  }

  /** RFC 8838 §11.4: a signalled candidate takes the place of the peer-reflexive one. */
  void replaceRemote(Candidate old, Candidate replacement, IceRole role) {
    for (CandidatePair p : pairs) {
      if (p.remote() == old) {
        p.remote(replacement);
      }
    }
    sort(role);
  }
}

package org.rtcheck.stack.ice;

/**
 * A candidate pair (RFC 8445 §6.1.2) and its check state. Read-only to users of {@link IceAgent};
 * the agent updates it.
 */
public final class CandidatePair {

  private final Candidate local;
  private Candidate remote;
  private CandidatePairState state;
  private boolean valid;
  private boolean nominated;

  /** Controlled side: the peer sent USE-CANDIDATE before our own check succeeded (§7.3.1.5). */
  boolean nominateOnSuccess;

  /** Controlling side: a USE-CANDIDATE check for this pair is outstanding (§8.1.1). */
  boolean nominating;

  /** RFC 7675: when the last authenticated response on this pair arrived. */
  long lastConsentAt;

  /** RFC 7675 §5.1: when the next consent check is due. */
  long nextConsentAt;

  CandidatePair(Candidate local, Candidate remote, CandidatePairState state) {
    this.local = local;
    this.remote = remote;
    this.state = state;
  }

  public Candidate local() {
    return local;
  }

  public Candidate remote() {
    return remote;
  }

  void remote(Candidate replacement) {
    this.remote = replacement;
  }

  public int component() {
    return local.component();
  }

  /** RFC 8445 §6.1.2.6: the pair foundation is the local and remote foundations together. */
  public String foundation() {
    return local.foundation() + ':' + remote.foundation();
  }

  /** RFC 8445 §6.1.2.3, seen from an agent in {@code role}. */
  public long priority(IceRole role) {
    return CandidatePriority.pair(role, local.priority(), remote.priority());
  }

  public CandidatePairState state() {
    return state;
  }

  void state(CandidatePairState state) {
    this.state = state;
  }

  /** Whether it is in the valid list (RFC 8445 §7.2.5.3.2). */
  public boolean isValid() {
    return valid;
  }

  void markValid() {
    valid = true;
  }

  /** Whether it has been nominated (RFC 8445 §8.1). */
  public boolean isNominated() {
    return nominated;
  }

  void markNominated() {
    nominated = true;
  }

  /** Whether both pairs send between the same local base and remote address, same transport. */
  boolean samePath(Candidate otherLocal, Candidate otherRemote) {
    return local.transport() == otherLocal.transport()
        && local.base().equals(otherLocal.base())
        && remote.address().equals(otherRemote.address());
  }

  @Override
  public String toString() {
    return local
        + " -> "
        + remote
        + " "
        + state
        + (valid ? " valid" : "")
        + (nominated ? " nominated" : "");
  }
}

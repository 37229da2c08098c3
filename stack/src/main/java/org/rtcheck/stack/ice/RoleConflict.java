package org.rtcheck.stack.ice;

/**
 * Role conflict resolution (RFC 8445 §7.3.1.1). Tie-breakers are unsigned 64-bit numbers (§7.1.3),
 * compared unsigned.
 */
public final class RoleConflict {

  /** What the agent receiving a Binding request does about the role it claims. */
  public enum Resolution {
    /** The roles differ: no conflict. */
    NONE,
    /** The receiver switches to the other role and processes the request. */
    SWITCH_ROLE,
    /** The receiver keeps its role and answers 487 (Role Conflict); the sender switches. */
    RESPOND_487
  }

  private RoleConflict() {}

  /**
   * RFC 8445 §7.3.1.1: a controlling agent seeing ICE-CONTROLLING keeps its role and answers 487
   * when its tie-breaker is greater than or equal to the other's, else it becomes controlled; a
   * controlled agent seeing ICE-CONTROLLED becomes controlling when its tie-breaker is greater than
   * or equal to the other's, else it answers 487.
   *
   * @param ours the receiver's current role
   * @param ourTieBreaker the receiver's tie-breaker
   * @param claimed the role the request claims (ICE-CONTROLLING or ICE-CONTROLLED)
   * @param theirTieBreaker the tie-breaker in that attribute
   */
  public static Resolution onRequest(
      IceRole ours, long ourTieBreaker, IceRole claimed, long theirTieBreaker) {
    if (ours != claimed) {
      return Resolution.NONE;
    }
    boolean oursGreaterOrEqual = Long.compareUnsigned(ourTieBreaker, theirTieBreaker) >= 0;
    if (ours == IceRole.CONTROLLING) {
      return oursGreaterOrEqual ? Resolution.RESPOND_487 : Resolution.SWITCH_ROLE;
    }
    return oursGreaterOrEqual ? Resolution.SWITCH_ROLE : Resolution.RESPOND_487;
  }

  /**
   * RFC 8445 §7.2.5.1: the agent whose request got 487 switches to the role opposite the one it
   * claimed in that request (not its current one, which may have changed since).
   */
  public static IceRole afterResponse487(IceRole claimedInRequest) {
    return claimedInRequest.opposite();
  }
}

package org.rtcheck.stack.ice;

/** Candidate priority (RFC 8445 §5.1.2) and the TCP local preference (RFC 6544 §4.2). */
public final class CandidatePriority {

  /** RFC 8445 §5.1.2.2: a host with one address uses the largest local preference. */
  public static final int MAX_LOCAL_PREFERENCE = 65535;

  private CandidatePriority() {}

  /**
   * RFC 8445 §5.1.2.1: {@code priority = 2^24 * type-pref + 2^8 * local-pref + (256 - component)}.
   *
   * @param typePreference 0..126
   * @param localPreference 0..65535
   * @param componentId 1..256
   */
  public static long compute(int typePreference, int localPreference, int componentId) {
    if (typePreference < 0 || typePreference > 126) {
      throw new IllegalArgumentException(
          "type preference must be 0..126 (RFC 8445 §5.1.2.1): " + typePreference);
    }
    if (localPreference < 0 || localPreference > 65535) {
      throw new IllegalArgumentException(
          "local preference must be 0..65535 (RFC 8445 §5.1.2.1): " + localPreference);
    }
    if (componentId < 1 || componentId > 256) {
      throw new IllegalArgumentException(
          "component ID must be 1..256 (RFC 8445 §5.1.2.1): " + componentId);
    }
    long priority =
        ((long) typePreference << 24) + ((long) localPreference << 8) + (256 - componentId);
    if (priority < 1) {
      // Only type 0, local preference 0 and component 256 give 0.
      throw new IllegalArgumentException(
          "priority must be 1..2^31-1 (RFC 8445 §5.1.2): type 0, local 0, component 256 give 0");
    }
    return priority;
  }

  /** {@link #compute} with the recommended type preference of {@code type}. */
  public static long compute(CandidateType type, int localPreference, int componentId) {
    return compute(type.recommendedPreference(), localPreference, componentId);
  }

  /**
   * RFC 6544 §4.2: for TCP candidates {@code local-pref = 2^13 * direction-pref + other-pref},
   * direction-pref 0..7 and other-pref 0..8191.
   */
  public static int tcpLocalPreference(int directionPreference, int otherPreference) {
    if (directionPreference < 0 || directionPreference > 7) {
      throw new IllegalArgumentException(
          "direction-pref must be 0..7 (RFC 6544 §4.2): " + directionPreference);
    }
    if (otherPreference < 0 || otherPreference > 8191) {
      throw new IllegalArgumentException(
          "other-pref must be 0..8191 (RFC 6544 §4.2): " + otherPreference);
    }
    return (directionPreference << 13) + otherPreference;
  }

  /**
   * RFC 8445 §6.1.2.3: {@code 2^32 * MIN(G,D) + 2 * MAX(G,D) + (G > D ? 1 : 0)}, G the controlling
   * agent's candidate priority and D the controlled agent's. Fits in 63 bits.
   */
  public static long pair(long controlling, long controlled) {
    checkPriority(controlling, "controlling priority");
    checkPriority(controlled, "controlled priority");
    return (Math.min(controlling, controlled) << 32)
        + 2 * Math.max(controlling, controlled)
        + (controlling > controlled ? 1 : 0);
  }

  /**
   * The pair priority seen from an agent in {@code role} with its local and the remote priority.
   */
  public static long pair(IceRole role, long local, long remote) {
    return role == IceRole.CONTROLLING ? pair(local, remote) : pair(remote, local);
  }

  /** RFC 8445 §5.1.2: a candidate priority is 1..2^31-1. */
  public static final long MAX_PRIORITY = 0x7FFF_FFFFL;

  /** Whether {@code priority} is a valid candidate priority (RFC 8445 §5.1.2). */
  public static boolean isValid(long priority) {
    return priority >= 1 && priority <= MAX_PRIORITY;
  }

  private static void checkPriority(long v, String what) {
    if (!isValid(v)) {
      throw new IllegalArgumentException(what + " must be 1..2^31-1 (RFC 8445 §5.1.2): " + v);
    }
  }
}

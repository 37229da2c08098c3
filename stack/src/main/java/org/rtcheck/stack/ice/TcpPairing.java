package org.rtcheck.stack.ice;

import java.util.Objects;

/**
 * The TCP candidate pairing rules of RFC 6544 §6.2: a pair joins an active candidate with a passive
 * one (either way round) or two simultaneous-open ones; two actives or two passives can never
 * connect. A pair whose local candidate is passive is pruned from the ordinary checks (RFC 6544
 * §6.2): a passive candidate cannot open a connection, it only answers on one the peer opened and
 * then checks back over it (a triggered check, RFC 6544 §7.2).
 */
public final class TcpPairing {

  private TcpPairing() {}

  /**
   * Whether a local candidate of {@code local} type may pair with a remote one of {@code remote}.
   */
  public static boolean canPair(TcpType local, TcpType remote) {
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(remote, "remote");
    return switch (local) {
      case ACTIVE -> remote == TcpType.PASSIVE;
      case PASSIVE -> remote == TcpType.ACTIVE;
      case SIMULTANEOUS_OPEN -> remote == TcpType.SIMULTANEOUS_OPEN;
    };
  }

  /** Whether a pair with this local type gets ordinary checks (RFC 6544 §6.2 pruning). */
  public static boolean isOrdinarilyChecked(TcpType local) {
    return Objects.requireNonNull(local, "local") != TcpType.PASSIVE;
  }

  /**
   * The tcptype of a peer-reflexive remote candidate learned from a check that arrived on a local
   * candidate of {@code local} type (RFC 6544 §7.2): the peer connected to our passive candidate,
   * so its side is active, and the other way round; simultaneous-open stays simultaneous-open.
   */
  public static TcpType peerReflexiveRemote(TcpType local) {
    return switch (Objects.requireNonNull(local, "local")) {
      case ACTIVE -> TcpType.PASSIVE;
      case PASSIVE -> TcpType.ACTIVE;
      case SIMULTANEOUS_OPEN -> TcpType.SIMULTANEOUS_OPEN;
    };
  }
}

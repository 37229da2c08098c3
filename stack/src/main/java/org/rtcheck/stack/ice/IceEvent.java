package org.rtcheck.stack.ice;

/** What an {@link IceAgent} reports, in the order it happened ({@link IceAgent#pollEvent}). */
public sealed interface IceEvent {

  /** A local candidate to signal to the peer (trickle, RFC 8838 §8). */
  record LocalCandidate(Candidate candidate) implements IceEvent {}

  /** Gathering finished: signal end-of-candidates (RFC 8838 §8.2). */
  record LocalEndOfCandidates() implements IceEvent {}

  record GatheringStateChanged(IceGatheringState state) implements IceEvent {}

  record ConnectionStateChanged(IceConnectionState state) implements IceEvent {}

  /** The pair application data goes over changed ({@code selectedcandidatepairchange}). */
  record SelectedPairChanged(Candidate local, Candidate remote) implements IceEvent {}

  /** The agent switched role after a conflict (RFC 8445 §7.2.5.1, §7.3.1.1). */
  record RoleChanged(IceRole role) implements IceEvent {}

  /**
   * ICE restarted (RFC 8445 §9), by {@link IceAgent#restart} or because the peer's credentials
   * changed: signal these new local credentials and the candidates reported after this event.
   */
  record Restarted(IceCredentials localCredentials) implements IceEvent {}

  /** A remote candidate was learned from a check (RFC 8445 §7.3.1.3). */
  record RemotePeerReflexiveCandidate(Candidate candidate) implements IceEvent {}

  /** A remote candidate could not be used, and why (e.g. an mDNS name that did not resolve). */
  record RemoteCandidateIgnored(Candidate candidate, String reason) implements IceEvent {}
}

package org.rtcheck.stack.ice;

/** The states of a candidate pair in a check list (RFC 8445 §6.1.2.6). */
public enum CandidatePairState {
  FROZEN,
  WAITING,
  IN_PROGRESS,
  SUCCEEDED,
  FAILED
}

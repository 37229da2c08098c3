package org.rtcheck.stack.nat;

/** What the first Binding request (RFC 5780 §4.3 test I) showed about the path to the server. */
public enum NatPresence {
  /** No answer at all: UDP to the server is blocked (RFC 5780 §4.2, the connectivity test). */
  UDP_BLOCKED,
  /** Answered, but without a usable mapped address (an error response, say). */
  UNKNOWN,
  /** The mapped address equals the local address: nothing translates (RFC 5780 §4.3). */
  NO_NAT,
  /** The mapped address differs from the local address. */
  BEHIND_NAT
}

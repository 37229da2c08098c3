package org.rtcheck.stack.nat;

/**
 * The local UDP sockets discovery sends from; the driver opens one of each on the same local IP
 * address. Separate sockets keep one test's traffic from opening the NAT's filter for another.
 */
public enum NatSocket {
  /** Mapping tests (RFC 5780 §4.3) and hairpinning (§4.5). */
  MAPPING,
  /**
   * Filtering tests (RFC 5780 §4.4): a fresh mapping that has only ever sent to the primary
   * address, so the mapping tests' traffic to the alternate address cannot open its filter (RFC
   * 5780 §4.5 warns that tests are sensitive to the state earlier ones leave on the NAT).
   */
  FILTERING,
  /** The mapping whose lifetime is measured (RFC 5780 §4.6, the first socket). */
  LIFETIME_PROBE,
  /** Sends the RESPONSE-PORT request that tests whether the probe's mapping is still alive. */
  LIFETIME_TRIGGER
}

package org.rtcheck.stack.nat;

/**
 * How a NAT reuses an external mapping for packets from one internal address and port (RFC 4787
 * §4.1), as RFC 5780 §4.3 measures it.
 */
public enum MappingBehavior {
  /** Same mapping for every destination (RFC 4787 §4.1, REQ-1). */
  ENDPOINT_INDEPENDENT("endpoint-independent", "EIM"),
  /** Same mapping only while the destination IP address is the same. */
  ADDRESS_DEPENDENT("address-dependent", "ADM"),
  /** Same mapping only while the destination IP address and port are the same. */
  ADDRESS_AND_PORT_DEPENDENT("address-and-port-dependent", "APDM");

  private final String label;
  private final String abbreviation;

  MappingBehavior(String label, String abbreviation) {
    this.label = label;
    this.abbreviation = abbreviation;
  }

  /** The RFC 4787 term, e.g. {@code endpoint-independent}. */
  public String label() {
    return label;
  }

  /** The usual short form, e.g. {@code EIM}. */
  public String abbreviation() {
    return abbreviation;
  }
}

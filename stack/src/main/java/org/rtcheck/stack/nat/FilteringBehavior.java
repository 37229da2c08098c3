package org.rtcheck.stack.nat;

/**
 * Which external endpoints a NAT lets send to a mapping (RFC 4787 §5), as RFC 5780 §4.4 measures
 * it.
 */
public enum FilteringBehavior {
  /** Anyone may send to the mapping (RFC 4787 §5). */
  ENDPOINT_INDEPENDENT("endpoint-independent", "EIF"),
  /** Only IP addresses the internal endpoint has sent to. */
  ADDRESS_DEPENDENT("address-dependent", "ADF"),
  /** Only IP address and port pairs the internal endpoint has sent to. */
  ADDRESS_AND_PORT_DEPENDENT("address-and-port-dependent", "APDF");

  private final String label;
  private final String abbreviation;

  FilteringBehavior(String label, String abbreviation) {
    this.label = label;
    this.abbreviation = abbreviation;
  }

  /** The RFC 4787 term, e.g. {@code address-dependent}. */
  public String label() {
    return label;
  }

  /** The usual short form, e.g. {@code ADF}. */
  public String abbreviation() {
    return abbreviation;
  }
}

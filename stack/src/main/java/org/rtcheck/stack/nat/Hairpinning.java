package org.rtcheck.stack.nat;

/** Whether the NAT routes a packet sent to one of its own mappings back inside (RFC 4787 §6). */
public enum Hairpinning {
  /** The request sent to the own mapped address came back (RFC 5780 §4.5). */
  SUPPORTED("yes"),
  /** It did not come back within the retransmission timeout. */
  NOT_SUPPORTED("no"),
  /** Not tested: switched off, or no mapped address to send to. */
  NOT_TESTED("not tested");

  private final String label;

  Hairpinning(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}

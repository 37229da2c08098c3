package org.rtcheck.stack.nat;

/** The individual RFC 5780 tests, in the order discovery runs them. */
public enum NatTest {
  /** §4.3 test I (and §4.2): Binding to the primary address; learns OTHER-ADDRESS. */
  BINDING("RFC 5780 §4.3 test I"),
  /** §4.3 test II: Binding to the alternate IP address and the primary port. */
  MAPPING_ALTERNATE_IP("RFC 5780 §4.3 test II"),
  /** §4.3 test III: Binding to the alternate IP address and the alternate port. */
  MAPPING_ALTERNATE_ADDRESS("RFC 5780 §4.3 test III"),
  /** §4.5: a Binding request to the own mapped address. */
  HAIRPINNING("RFC 5780 §4.5"),
  /** §4.4 test II: CHANGE-REQUEST with change IP and change port. */
  FILTERING_CHANGE_IP_AND_PORT("RFC 5780 §4.4 test II"),
  /** §4.4 test III: CHANGE-REQUEST with change port only. */
  FILTERING_CHANGE_PORT("RFC 5780 §4.4 test III"),
  /** §4.6: the probe socket (re)creates the mapping whose lifetime is measured. */
  LIFETIME_OPEN("RFC 5780 §4.6 mapping"),
  /** §4.6: after a silent wait, a RESPONSE-PORT request aimed at the probe's mapping. */
  LIFETIME_CHECK("RFC 5780 §4.6 check");

  private final String reference;

  NatTest(String reference) {
    this.reference = reference;
  }

  /** Where the test is specified, e.g. {@code RFC 5780 §4.4 test II}. */
  public String reference() {
    return reference;
  }
}

package org.rtcheck.interop.netem;

import java.util.Objects;

/**
 * One NAT router to build and its LAN.
 *
 * @param nat the NAT behaviour
 * @param hosts how many hosts its LAN gets (1..50)
 * @param firewall what the router lets out of the LAN
 * @param impairment what the router does to traffic through it
 */
public record RouterSpec(
    NatSpec nat, int hosts, FirewallProfile firewall, LinkImpairment impairment) {
  public RouterSpec {
    Objects.requireNonNull(nat, "nat");
    Objects.requireNonNull(firewall, "firewall");
    Objects.requireNonNull(impairment, "impairment");
    if (hosts < 1 || hosts > 50) {
      throw new IllegalArgumentException("a LAN has 1..50 hosts, got " + hosts);
    }
  }

  public static RouterSpec of(NatSpec nat) {
    return new RouterSpec(nat, 1, FirewallProfile.OPEN, LinkImpairment.NONE);
  }
}

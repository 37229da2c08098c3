package org.rtcheck.interop.netem;

import org.rtcheck.stack.nat.FilteringBehavior;
import org.rtcheck.stack.nat.MappingBehavior;

/**
 * Whether two ICE agents behind two different NATs can connect without a relay, from RFC 4787
 * behaviours alone (the theory {@link IceNatMatrix} checks against the kernel NATs).
 *
 * <p>Each agent sends checks from its base to the other's server-reflexive candidate (its mapping
 * towards the STUN server). A check from X reaches Y when Y's filter lets in a datagram from X's
 * mapping towards Y to Y's STUN mapping:
 *
 * <ul>
 *   <li>EIF: always;
 *   <li>ADF: when Y has sent from that mapping to X's address, i.e. when Y's mapping is
 *       endpoint-independent (Y's own checks to X leave through it);
 *   <li>APDF: additionally X's mapping must be endpoint-independent, so that X's checks come from
 *       the very address Y sent to.
 * </ul>
 *
 * One direction is enough: the answer travels back through the same conntrack entry, and the other
 * side learns a peer-reflexive candidate (RFC 8445 §7.3.1.3) whose triggered check takes the same
 * path. Host candidates never work here: the LANs are not routed to each other.
 */
public final class IceReachability {
  private IceReachability() {}

  /** Whether a direct (host, server- or peer-reflexive) pair is expected to be selected. */
  public static boolean directPathExpected(NatSpec a, NatSpec b) {
    return reaches(a, b) || reaches(b, a);
  }

  /** Whether checks from behind {@code from} reach an agent behind {@code to}. */
  static boolean reaches(NatSpec from, NatSpec to) {
    boolean toEim = to.mapping() == MappingBehavior.ENDPOINT_INDEPENDENT;
    boolean fromEim = from.mapping() == MappingBehavior.ENDPOINT_INDEPENDENT;
    return to.filtering() == FilteringBehavior.ENDPOINT_INDEPENDENT
        || (to.filtering() == FilteringBehavior.ADDRESS_DEPENDENT && toEim)
        || (to.filtering() == FilteringBehavior.ADDRESS_AND_PORT_DEPENDENT && toEim && fromEim);
  }
}

/**
 * NAT behaviour discovery (RFC 5780) as a sans-IO core: the mapping, filtering, hairpinning and
 * mapping-lifetime tests of RFC 5780 §4.3-§4.6, and their classification into the RFC 4787
 * behaviours and the classic NAT names. {@link org.rtcheck.stack.nat.NatDiscovery} is the state
 * machine; {@code org.rtcheck.stack.net.NatBehaviorDiscovery} drives it over real UDP sockets.
 */
package org.rtcheck.stack.nat;

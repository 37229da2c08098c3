package org.rtcheck.interop.netem;

import java.net.Inet4Address;
import java.util.List;

/**
 * A built NAT router: its namespace, public address in the emulated internet, LAN and hosts.
 *
 * @param index 1-based number of the router in its topology
 * @param namespace the router's namespace
 * @param wanAddress its public address (in 198.18.0.0/15)
 * @param lanGateway its LAN address, the hosts' default gateway
 * @param lanPrefixLength the LAN's prefix length (24)
 * @param spec what it was built from
 * @param hosts the hosts of its LAN
 */
public record NatRouter(
    int index,
    String namespace,
    Inet4Address wanAddress,
    Inet4Address lanGateway,
    int lanPrefixLength,
    RouterSpec spec,
    List<LanHost> hosts) {
  public NatRouter {
    hosts = List.copyOf(hosts);
  }
}

package org.rtcheck.interop.netem;

import java.net.Inet4Address;

/**
 * A host in a NAT router's LAN: a namespace with one interface ({@code eth0}) and a default route
 * through the router. Run a program in it with {@code ip netns exec NAMESPACE ...}.
 */
public record LanHost(String namespace, Inet4Address address) {}

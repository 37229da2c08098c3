package org.rtcheck.interop.netem;

import java.net.Inet4Address;
import java.util.Objects;
import org.rtcheck.stack.nat.FilteringBehavior;

/**
 * The nftables ruleset of one NAT router namespace, as text for {@code nft -f -}. The router has
 * two interfaces: {@code wan} (its public address in the emulated internet) and {@code lan} (the
 * gateway of its hosts).
 *
 * <p>What each behaviour is built from (RFC 4787):
 *
 * <ul>
 *   <li>Mapping (§4.1). EIM: {@code masquerade}, which keeps the source port, so one internal
 *       endpoint gets one public port whatever it sends to. ADM: {@code snat} to a port computed by
 *       {@code jhash} of (destination address, source port): the same internal endpoint gets the
 *       same public port for every port of one remote address, another for another address. APDM:
 *       {@code masquerade fully-random}, a fresh random port per conntrack entry, i.e. per
 *       destination address and port.
 *   <li>Filtering (§5). APDF: nothing added; conntrack only lets replies of an existing flow in.
 *       EIF: the dynamic map {@code fc} (public port → internal address . port), filled from the
 *       outbound path after translation, sends any inbound datagram to a known public port to its
 *       internal endpoint. ADF: the same, but only when (public port . remote address) is in the
 *       dynamic set {@code adf}, filled on the same outbound path.
 *   <li>Hairpinning (§6): a LAN datagram to the router's public address is sent through {@code fc}
 *       back into the LAN, with its source rewritten to the public address.
 *   <li>Mapping timeout (§4.3): the elements of {@code fc} and {@code adf} expire after it and are
 *       refreshed by outbound traffic only; the namespace's conntrack UDP timeouts are set to the
 *       same value by {@link Topology}.
 * </ul>
 *
 * <p>Firewall profiles and random loss sit in the forward chain.
 */
public final class NatRuleset {
  /** The nftables table every rule of a router lives in. */
  public static final String TABLE = "rtcheck_nat";

  // jhash output is in host byte order while the port field is in network order, so on x86 the
  // public port comes out byte-swapped: deterministic, which is all ADM needs; 0x4000..0x7fff
  // keeps it non-zero.
  private static final int ADM_PORT_BASE = 0x4000;
  private static final int ADM_PORT_COUNT = 0x4000;

  private final NatSpec nat;
  private final Inet4Address wanAddress;
  private final FirewallProfile firewall;
  private final int lossPercent;

  public NatRuleset(
      NatSpec nat, Inet4Address wanAddress, FirewallProfile firewall, int lossPercent) {
    this.nat = Objects.requireNonNull(nat, "nat");
    this.wanAddress = Objects.requireNonNull(wanAddress, "wanAddress");
    this.firewall = Objects.requireNonNull(firewall, "firewall");
    if (lossPercent < 0 || lossPercent > 100) {
      throw new IllegalArgumentException("loss must be 0..100 %, got " + lossPercent);
    }
    this.lossPercent = lossPercent;
  }

  /** The script for {@code nft -f -}. */
  public String render() {
    String wan = wanAddress.getHostAddress();
    long timeout = nat.mappingTimeout().toSeconds();
    StringBuilder s = new StringBuilder();
    s.append("# ").append(nat).append(", firewall ").append(firewall.label());
    s.append(", loss ").append(lossPercent).append("%\n");
    s.append("table ip ").append(TABLE).append(" {\n");
    s.append("  map fc { type inet_service : ipv4_addr . inet_service; flags dynamic,timeout;")
        .append(" timeout ")
        .append(timeout)
        .append("s; }\n");
    s.append("  set adf { type inet_service . ipv4_addr; flags dynamic,timeout; timeout ")
        .append(timeout)
        .append("s; }\n");

    s.append("  chain prerouting_nat {\n");
    s.append("    type nat hook prerouting priority dstnat; policy accept;\n");
    if (nat.filtering() == FilteringBehavior.ENDPOINT_INDEPENDENT) {
      s.append("    iifname \"wan\" ip daddr ")
          .append(wan)
          .append(" ip protocol udp dnat ip to udp dport map @fc\n");
    } else if (nat.filtering() == FilteringBehavior.ADDRESS_DEPENDENT) {
      s.append("    iifname \"wan\" ip daddr ")
          .append(wan)
          .append(" udp dport . ip saddr @adf dnat ip to udp dport map @fc\n");
    }
    if (nat.hairpinning()) {
      s.append("    iifname \"lan\" ip daddr ")
          .append(wan)
          .append(" ip protocol udp dnat ip to udp dport map @fc\n");
    }
    s.append("  }\n");

    s.append("  chain postrouting_nat {\n");
    s.append("    type nat hook postrouting priority srcnat; policy accept;\n");
    switch (nat.mapping()) {
      case ENDPOINT_INDEPENDENT -> s.append("    oifname \"wan\" masquerade\n");
      case ADDRESS_DEPENDENT -> {
        s.append("    oifname \"wan\" ip protocol udp snat ip to ")
            .append(wan)
            .append(" : jhash ip daddr . udp sport mod ")
            .append(ADM_PORT_COUNT)
            .append(" offset ")
            .append(ADM_PORT_BASE)
            .append("\n");
        s.append("    oifname \"wan\" masquerade\n");
      }
      case ADDRESS_AND_PORT_DEPENDENT -> s.append("    oifname \"wan\" masquerade fully-random\n");
    }
    if (nat.hairpinning()) {
      s.append("    iifname \"lan\" oifname \"lan\" ct status dnat snat ip to ")
          .append(wan)
          .append("\n");
    }
    s.append("  }\n");

    // After translation (priority srcnat + 10): udp sport is the public port, ct original the
    // internal endpoint.
    s.append("  chain postrouting_track {\n");
    s.append("    type filter hook postrouting priority srcnat + 10; policy accept;\n");
    s.append("    oifname \"wan\" ip protocol udp update @fc { udp sport : ct original ip saddr .")
        .append(" ct original proto-src }\n");
    if (nat.filtering() == FilteringBehavior.ADDRESS_DEPENDENT) {
      s.append("    oifname \"wan\" ip protocol udp update @adf { udp sport . ip daddr }\n");
    }
    s.append("  }\n");

    s.append("  chain forward_filter {\n");
    s.append("    type filter hook forward priority filter; policy accept;\n");
    if (lossPercent > 0) {
      s.append("    numgen random mod 100 < ").append(lossPercent).append(" drop\n");
    }
    switch (firewall) {
      case OPEN -> {}
      case UDP_BLOCKED -> s.append("    iifname \"lan\" ip protocol udp drop\n");
      case TCP_443_ONLY -> {
        s.append("    ct state established,related accept\n");
        s.append("    iifname \"lan\" tcp dport 443 accept\n");
        s.append("    iifname \"lan\" drop\n");
      }
    }
    s.append("  }\n");

    // Nothing on the router itself answers the internet: no ICMP port unreachable tells a
    // sender that a mapping does not exist.
    s.append("  chain input_filter {\n");
    s.append("    type filter hook input priority filter; policy accept;\n");
    s.append("    iifname \"wan\" ct state established,related accept\n");
    s.append("    iifname \"wan\" drop\n");
    s.append("  }\n");
    s.append("}\n");
    return s.toString();
  }
}

/**
 * Network emulation: namespaces, veth pairs and nftables build an emulated internet (198.18.0.0/15)
 * with NAT routers of any RFC 4787 mapping × filtering behaviour in front of LANs ({@link
 * org.rtcheck.interop.netem.Topology}, {@link org.rtcheck.interop.netem.NatRuleset}); firewall
 * profiles and link impairment; an RFC 5780 self-check of every NAT ({@link
 * org.rtcheck.interop.netem.NatSelfCheck}); run records under {@code /run/rtcheck-netem} and the
 * {@link org.rtcheck.interop.netem.Reaper} that removes what crashed runs left. See {@code
 * interop/NETWORK-EMULATION.md}.
 */
package org.rtcheck.interop.netem;

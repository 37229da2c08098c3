/**
 * ICE (RFC 8445) as a sans-IO core: candidates, priorities, foundations, check lists and the {@link
 * org.rtcheck.stack.ice.IceAgent} state machine. Nothing here opens a socket, reads a clock or
 * starts a thread.
 *
 * <ul>
 *   <li>{@link org.rtcheck.stack.ice.Candidate} is the model of a candidate, local or remote, UDP
 *       or TCP (RFC 6544 types); {@link org.rtcheck.stack.ice.CandidateAttribute} maps it to and
 *       from the SDP {@code a=candidate} attribute through the SDP package's parser.
 *   <li>{@link org.rtcheck.stack.ice.CandidatePriority}, {@link org.rtcheck.stack.ice.Foundation}
 *       and {@link org.rtcheck.stack.ice.RoleConflict} are the pure rules (§5.1.2, §6.1.2.3,
 *       §5.1.1.3, §7.3.1.1) the vectors in {@code ice/rfc8445-*} check; {@link
 *       org.rtcheck.stack.ice.TcpPairing} the RFC 6544 §6.2 pairing rules of TCP candidates.
 *   <li>{@link org.rtcheck.stack.ice.IceAgent} takes candidates, credentials, datagrams and the
 *       time, and gives back datagrams to send ({@link org.rtcheck.stack.ice.IceTransmit}), events
 *       ({@link org.rtcheck.stack.ice.IceEvent}, with W3C state names) and its next deadline.
 * </ul>
 *
 * <p>Seams for the driver: {@link org.rtcheck.stack.ice.RelayTransport} (a TURN client sends for
 * relayed candidates; the agent knows no TURN) and {@link org.rtcheck.stack.ice.HostnameResolver}
 * (mDNS {@code .local} names). {@code org.rtcheck.stack.net.IceUdpTransport} is the UDP driver,
 * {@code org.rtcheck.stack.net.IceTcpTransport} the TCP one (RFC 6544, RFC 4571 framing).
 */
package org.rtcheck.stack.ice;

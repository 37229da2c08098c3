/**
 * SCTP as WebRTC runs it over DTLS (RFC 8261), user-land and sans-IO.
 *
 * <ul>
 *   <li>{@link org.rtcheck.stack.sctp.SctpPacketCodec} encodes and decodes packets (RFC 9260 §3)
 *       with every chunk WebRTC uses, plus I-DATA (RFC 8260), FORWARD TSN (RFC 3758) and RE-CONFIG
 *       (RFC 6525); refusals are {@link org.rtcheck.stack.sctp.SctpDecodeException}s naming the
 *       chunk and offset. {@link org.rtcheck.stack.sctp.SctpChecksum} is the CRC32c (Appendix A).
 *   <li>{@link org.rtcheck.stack.sctp.SctpAssociation} is the state machine: cookie handshake with
 *       an HMAC-signed State Cookie, DATA/SACK with gap blocks and duplicates, fragmentation,
 *       ordered and unordered delivery, RTO with backoff, fast retransmit, cwnd/ssthresh and the
 *       peer's rwnd, delayed SACK, heartbeats, partial reliability, stream reset, shutdown and
 *       abort. Datagrams and the time go in; packets, {@link org.rtcheck.stack.sctp.SctpEvent}s and
 *       the next deadline come out.
 *   <li>{@link org.rtcheck.stack.sctp.PlpmtudSearch} is path MTU discovery (RFC 8899 §5, §6.2):
 *       HEARTBEAT + PAD probes raise the packet size from BASE_PLPMTU ({@link
 *       org.rtcheck.stack.sctp.SctpConfig#mtu()}) toward {@link
 *       org.rtcheck.stack.sctp.SctpConfig#maxPlpmtu()}; a T3-rtx expiry starts probes of the
 *       current size and MAX_PROBES lost ones fall back to BASE (black hole).
 * </ul>
 *
 * <p>Not done: multi-homing, association restart, I-DATA interleaving in the association (the codec
 * has it), ECN, ICMP Packet Too Big (RFC 8899 §4.6: UDP under DTLS hides it), re-cutting DATA
 * chunks already cut for a PLPMTU that later falls (RFC 8899 §6.2: they are retransmitted at their
 * size).
 */
package org.rtcheck.stack.sctp;

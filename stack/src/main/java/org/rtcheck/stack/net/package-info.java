/**
 * The I/O edge of the stack: Netty sockets that drive the sans-IO cores (ICE over UDP and TCP, STUN
 * binding, TURN, RFC 5780 discovery, DTLS over UDP).
 *
 * <p>Transport: a {@link org.rtcheck.stack.net.NetLoop} is one event loop thread on the {@link
 * org.rtcheck.stack.net.NetTransport} chosen when it is made: native epoll where Netty's library
 * loads (Linux x86_64 and aarch64, both shipped), Java NIO otherwise; {@code
 * -Drtcheck.net.transport=nio|epoll} forces one (epoll where it cannot load is an error). A
 * connection's sockets (UDP, and ICE-TCP on the same loop) and its SCTP association share the loop.
 * What epoll buys is per datagram, the cost that dominates a data channel on loopback:
 *
 * <ul>
 *   <li>reads: {@code recvmmsg} fills up to 32 slots of {@link
 *       org.rtcheck.stack.net.IceUdpTransport#MAX_DATAGRAM} bytes in one system call (NIO: one
 *       {@code recvfrom} per datagram);
 *   <li>writes: {@link org.rtcheck.stack.net.IceUdpTransport} holds what the cores emit during one
 *       loop task (an SCTP drain writes a congestion window's worth of DTLS records) and flushes
 *       once, in the loop's next task, so epoll sends the burst with {@code sendmmsg};
 *   <li>to a loopback destination, {@link org.rtcheck.stack.net.UdpBurst} also sends each run of
 *       same-size datagrams as one UDP GSO send ({@code UDP_SEGMENT}); never elsewhere, where tc
 *       netem in the emulated networks would drop or delay the run as one packet.
 * </ul>
 *
 * <p>Measured with pairs alternating in one warm JVM (64 MiB in 16 KiB messages, loopback, a loaded
 * 2-core machine): NIO with a flush per datagram (before) 57 MB/s, NIO with one flush per burst 69,
 * epoll with sendmmsg 91; in a later run epoll without GSO 71, with GSO 88 (166 and 249 at lower
 * load). {@code rtcheck bench datachannel} compares against other stacks in the same run.
 *
 * <p>The STUN binding client and server, TURN connections and {@code DtlsUdpSession} keep NIO or
 * plain JDK sockets: a handful of datagrams each, where batching buys nothing.
 */
package org.rtcheck.stack.net;

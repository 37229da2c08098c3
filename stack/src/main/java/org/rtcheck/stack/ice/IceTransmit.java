package org.rtcheck.stack.ice;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A message the agent wants sent: a datagram over UDP, or one RFC 4571 frame over TCP.
 *
 * <p>Over TCP (RFC 6544) the message belongs on the connection between {@link #source()} and {@link
 * #destination()}. When the local candidate is active ({@link #opensConnection()}), the driver
 * opens that connection on demand if there is none yet (RFC 6544 §7.1); a passive local candidate
 * only sends on a connection the peer opened (the destination is then the peer's ephemeral address,
 * RFC 6544 §7.2). A connection that cannot be opened is reported back through {@link
 * IceAgent#handleTcpConnectionFailure}.
 *
 * @param local the local candidate to send from: a host candidate's socket, or for a relayed
 *     candidate its TURN allocation ({@link RelayTransport})
 * @param destination the remote transport address
 * @param data the bytes (a STUN message), owned by the receiver
 */
public record IceTransmit(Candidate local, InetSocketAddress destination, byte[] data) {
  public IceTransmit {
    Objects.requireNonNull(local);
    Objects.requireNonNull(destination);
    Objects.requireNonNull(data);
  }

  /** The address the datagram leaves from: the candidate's base (RFC 8445 §7.2.4). */
  public InetSocketAddress source() {
    return local.base();
  }

  /** UDP or TCP: the local candidate's transport. */
  public TransportProtocol transport() {
    return local.transport();
  }

  /**
   * Whether the driver may open a TCP connection to the destination to send this (an active or
   * simultaneous-open local candidate, RFC 6544 §7.1).
   */
  public boolean opensConnection() {
    return local.transport() == TransportProtocol.TCP && local.tcpType() != TcpType.PASSIVE;
  }

  /** Whether it goes through a TURN allocation rather than a plain socket. */
  public boolean isRelayed() {
    return local.type() == CandidateType.RELAYED;
  }
}

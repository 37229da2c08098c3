package org.rtcheck.stack.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.rtcheck.stack.ice.Candidate;
import org.rtcheck.stack.ice.RelayTransport;
import org.rtcheck.stack.turn.TurnException;

/**
 * ICE's {@link RelayTransport} over one TURN allocation ({@link TurnConnection}): allocates, hands
 * the relayed candidate to an {@link IceUdpTransport}, sends its datagrams through the relay and
 * delivers what peers send back.
 *
 * <p>Before the first datagram to a new peer IP address it installs a permission (RFC 8656 §9; RFC
 * 8445 §5.1.1.2 leaves this to the agent's TURN client) and holds that peer's datagrams until the
 * server answers; a failed permission drops them (ICE retransmits its checks).
 */
public final class TurnRelay implements RelayTransport, AutoCloseable {

  private record Datagram(InetSocketAddress peer, byte[] data) {}

  private final TurnConnection connection;
  private final Map<InetAddress, List<Datagram>> waiting = new HashMap<>();
  private final Map<InetAddress, Boolean> permitted = new HashMap<>();
  private volatile Candidate candidate;

  public TurnRelay(TurnConnection connection) {
    this.connection = Objects.requireNonNull(connection);
  }

  /** Allocates and returns the relayed candidate (component 1). */
  public Candidate allocate(Duration timeout) throws TurnException, InterruptedException {
    TurnConnection.Allocation a = connection.allocate(timeout);
    candidate = Candidate.relayed(a.relayed(), a.mapped(), connection.server(), 1, 65535);
    return candidate;
  }

  /**
   * Adds the relayed candidate to {@code transport} and routes data from peers to it; with {@code
   * endGathering} also ends its gathering (relay-only transports).
   */
  public void attach(IceUdpTransport transport, boolean endGathering) {
    Candidate c = candidate;
    if (c == null) {
      throw new IllegalStateException("allocate() first");
    }
    connection.onData((peer, data) -> transport.receiveRelayed(data, c.address(), peer));
    transport.addRelayedCandidate(c);
    if (endGathering) {
      transport.endOfLocalCandidates();
    }
  }

  public TurnConnection connection() {
    return connection;
  }

  @Override
  public void send(Candidate relayed, InetSocketAddress peer, byte[] data) {
    InetAddress ip = peer.getAddress();
    synchronized (this) {
      Boolean ok = permitted.get(ip);
      if (ok == null) {
        permitted.put(ip, Boolean.FALSE);
        List<Datagram> queue = new ArrayList<>();
        queue.add(new Datagram(peer, data));
        waiting.put(ip, queue);
        connection
            .createPermission(List.of(ip))
            .whenComplete((v, err) -> permissionAnswered(ip, err == null));
        return;
      }
      if (!ok) {
        waiting.get(ip).add(new Datagram(peer, data));
        return;
      }
    }
    connection.send(peer, data);
  }

  private void permissionAnswered(InetAddress ip, boolean ok) {
    List<Datagram> queue;
    synchronized (this) {
      queue = waiting.remove(ip);
      if (ok) {
        permitted.put(ip, Boolean.TRUE);
      } else {
        permitted.remove(ip); // try again on the next datagram
      }
    }
    if (ok && queue != null) {
      for (Datagram d : queue) {
        connection.send(d.peer(), d.data());
      }
    }
  }

  /** Deletes the allocation and closes the connection. */
  @Override
  public void close() {
    connection.close();
  }
}

package org.rtcheck.stack.ice;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * An in-memory network on virtual time for ICE scenarios: agents (and any other endpoint) attached
 * at addresses, per-path blocking, delay and random loss from a seed, endpoint-independent NATs,
 * and a signaling channel that trickles candidates between two peers. Nothing sleeps; {@link
 * #runFor} jumps from one deadline or delivery to the next.
 */
final class ScriptedNetwork {

  /** Something attached to the network that is not an {@link IceAgent} (e.g. a lite peer). */
  interface Endpoint {
    void receive(byte[] data, InetSocketAddress local, InetSocketAddress source, long now);

    /** Datagrams to send: (from, to, bytes). */
    List<Datagram> drain();
  }

  record Datagram(InetSocketAddress from, InetSocketAddress to, byte[] data) {}

  /** {@code tcp} non-null: a frame on a TCP connection, delivered by that action instead. */
  private record InFlight(
      long at, long seq, InetSocketAddress from, InetSocketAddress to, byte[] data, Runnable tcp)
      implements Comparable<InFlight> {
    @Override
    public int compareTo(InFlight o) {
      return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
    }
  }

  /** One agent with what it reported. */
  static final class Peer {
    final String name;
    final IceAgent agent;
    final List<IceEvent> events = new ArrayList<>();
    final List<IceConnectionState> states = new ArrayList<>();
    Peer other;
    boolean trickle = true;

    /** Candidates held back while {@link #trickle} is off. */
    final List<IceEvent> held = new ArrayList<>();

    /** Addresses behind this peer's NAT, private: unreachable from other peers. */
    final Set<InetSocketAddress> privateAddresses = new HashSet<>();

    Peer(String name, IceAgent agent) {
      this.name = name;
      this.agent = agent;
    }

    IceConnectionState state() {
      return agent.connectionState();
    }

    CandidatePair selected() {
      return agent.selectedPair().orElse(null);
    }

    <T extends IceEvent> List<T> events(Class<T> type) {
      return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private final PriorityQueue<InFlight> inFlight = new PriorityQueue<>();
  private final Map<InetSocketAddress, Peer> peersByAddress = new HashMap<>();
  private final Map<InetSocketAddress, Endpoint> endpoints = new HashMap<>();
  private final List<Peer> peers = new ArrayList<>();
  private final List<Endpoint> allEndpoints = new ArrayList<>();
  private final Map<InetSocketAddress, InetSocketAddress> natOut = new HashMap<>();
  private final Map<InetSocketAddress, InetSocketAddress> natIn = new HashMap<>();
  private final Set<String> blocked = new HashSet<>();

  /**
   * One modelled TCP connection (RFC 6544): the active end at its candidate address (port 9) with
   * its ephemeral port on the wire, and the passive end at its listening address.
   */
  private record TcpConnection(
      Peer activePeer,
      InetSocketAddress activeCandidate,
      InetSocketAddress ephemeral,
      Peer passivePeer,
      InetSocketAddress passive) {}

  private final Map<InetSocketAddress, Peer> tcpListeners = new HashMap<>();

  /** Connections by "local candidate base|remote address", one entry for each end. */
  private final Map<String, TcpConnection> tcpConnections = new HashMap<>();

  private int nextEphemeralPort = 40_000;
  private boolean tcpRefused;
  private int tcpSends;
  private int tcpConnects;
  private final SplittableRandom random;
  private long delayNanos = TimeUnit.MILLISECONDS.toNanos(10);
  private double loss;
  private boolean down;
  private long seq;
  private int relayedSends;
  private long now = TimeUnit.SECONDS.toNanos(1000);
  private final List<String> log = new ArrayList<>();
  private BiConsumer<Peer, IceEvent> listener = (p, e) -> {};

  ScriptedNetwork(long seed) {
    this.random = new SplittableRandom(seed);
  }

  long now() {
    return now;
  }

  Peer attach(String name, IceAgent agent) {
    Peer p = new Peer(name, agent);
    peers.add(p);
    return p;
  }

  /** Adds a host candidate at {@code address} (public unless put behind a NAT). */
  Candidate host(Peer peer, InetSocketAddress address) {
    return host(peer, address, 1);
  }

  /** A host candidate of {@code component}. */
  Candidate host(Peer peer, InetSocketAddress address, int component) {
    peersByAddress.put(address, peer);
    Candidate c = Candidate.host(address, component, 65535);
    peer.agent.addLocalCandidate(c, now);
    return c;
  }

  /**
   * Adds a relayed candidate: datagrams a peer sends from it appear at the peer as coming from
   * {@code relayed}, as a TURN server would relay them (the allocation itself is not modelled).
   */
  Candidate relayed(
      Peer peer, InetSocketAddress relayed, InetSocketAddress mapped, InetSocketAddress server) {
    peersByAddress.put(relayed, peer);
    Candidate c = Candidate.relayed(relayed, mapped, server, 1, 65535);
    peer.agent.addLocalCandidate(c, now);
    return c;
  }

  /**
   * Adds a TCP host candidate (RFC 6544 §4.1): a passive one listens at {@code address}; an active
   * one is given port 9 (RFC 6544 §4.5) and connects from an ephemeral port when it checks.
   */
  Candidate tcpHost(Peer peer, InetSocketAddress address, TcpType type) {
    InetSocketAddress at =
        type == TcpType.ACTIVE ? new InetSocketAddress(address.getAddress(), 9) : address;
    if (type == TcpType.PASSIVE) {
      tcpListeners.put(at, peer);
    }
    Candidate c = Candidate.tcpHost(at, type, 1, 8191);
    peer.agent.addLocalCandidate(c, now);
    return c;
  }

  /** While true, every TCP connection attempt is refused (a firewall that resets). */
  void refuseTcp(boolean refused) {
    this.tcpRefused = refused;
  }

  /** How many frames were sent over TCP connections. */
  int tcpSends() {
    return tcpSends;
  }

  /** How many TCP connections were opened. */
  int tcpConnects() {
    return tcpConnects;
  }

  /** How many datagrams left through a relayed candidate. */
  int relayedSends() {
    return relayedSends;
  }

  void attach(InetSocketAddress address, Endpoint endpoint) {
    endpoints.put(address, endpoint);
    allEndpoints.add(endpoint);
  }

  /** An endpoint-independent NAT mapping (RFC 4787 EIM + EIF) for a private address. */
  void nat(Peer peer, InetSocketAddress internal, InetSocketAddress external) {
    peer.privateAddresses.add(internal);
    natOut.put(internal, external);
    natIn.put(external, internal);
  }

  /** Connects two peers' signaling: credentials now, candidates as they trickle. */
  void signal(Peer a, Peer b) {
    a.other = b;
    b.other = a;
    a.agent.setRemoteCredentials(b.agent.localCredentials(), now);
    b.agent.setRemoteCredentials(a.agent.localCredentials(), now);
  }

  /** Drops everything between the two addresses, both ways (as seen on the wire). */
  void block(InetSocketAddress x, InetSocketAddress y) {
    blocked.add(x + "|" + y);
    blocked.add(y + "|" + x);
  }

  void unblock(InetSocketAddress x, InetSocketAddress y) {
    blocked.remove(x + "|" + y);
    blocked.remove(y + "|" + x);
  }

  /** Drops every datagram while true. */
  void down(boolean down) {
    this.down = down;
  }

  void delay(long millis) {
    this.delayNanos = TimeUnit.MILLISECONDS.toNanos(millis);
  }

  void loss(double probability) {
    this.loss = probability;
  }

  void onEvent(BiConsumer<Peer, IceEvent> listener) {
    this.listener = listener;
  }

  /** Releases candidates a peer held back while its trickle was off. */
  void flush(Peer p) {
    for (IceEvent e : p.held) {
      forward(p, e);
    }
    p.held.clear();
  }

  List<String> log() {
    return log;
  }

  /** Runs until virtual time {@code millis} later. */
  void runFor(long millis) {
    long end = now + TimeUnit.MILLISECONDS.toNanos(millis);
    int guard = 0;
    while (true) {
      pump();
      long next = Long.MAX_VALUE;
      if (!inFlight.isEmpty()) {
        next = inFlight.peek().at();
      }
      for (Peer p : peers) {
        OptionalLong t = p.agent.pollTimeout();
        if (t.isPresent()) {
          next = Math.min(next, Math.max(t.getAsLong(), now));
        }
      }
      if (next > end) {
        now = end;
        for (Peer p : peers) {
          p.agent.handleTimeout(now);
        }
        pump();
        return;
      }
      now = next;
      while (!inFlight.isEmpty() && inFlight.peek().at() <= now) {
        deliver(inFlight.poll());
      }
      for (Peer p : peers) {
        OptionalLong t = p.agent.pollTimeout();
        if (t.isPresent() && t.getAsLong() <= now) {
          p.agent.handleTimeout(now);
        }
      }
      if (++guard > 2_000_000) {
        throw new IllegalStateException("scenario does not settle");
      }
    }
  }

  /** Runs until {@code done} or {@code millis} pass; returns the elapsed virtual milliseconds. */
  long runUntil(java.util.function.BooleanSupplier done, long millis) {
    long start = now;
    for (long t = 0; t < millis && !done.getAsBoolean(); t += 10) {
      runFor(10);
    }
    return TimeUnit.NANOSECONDS.toMillis(now - start);
  }

  private void pump() {
    boolean more = true;
    while (more) {
      more = false;
      for (Peer p : peers) {
        Optional<IceTransmit> t;
        while ((t = p.agent.pollTransmit()).isPresent()) {
          more = true;
          if (t.get().isRelayed()) {
            relayedSends++; // a driver would hand these to its RelayTransport
          }
          if (t.get().transport() == TransportProtocol.TCP) {
            sendTcp(p, t.get());
            continue;
          }
          enqueue(t.get().source(), t.get().destination(), t.get().data());
        }
        Optional<IceEvent> e;
        while ((e = p.agent.pollEvent()).isPresent()) {
          more = true;
          IceEvent event = e.get();
          p.events.add(event);
          if (event instanceof IceEvent.ConnectionStateChanged s) {
            p.states.add(s.state());
          }
          listener.accept(p, event);
          if (event instanceof IceEvent.LocalCandidate
              || event instanceof IceEvent.LocalEndOfCandidates) {
            if (p.trickle) {
              forward(p, event);
            } else {
              p.held.add(event);
            }
          }
        }
      }
      for (Endpoint ep : allEndpoints) {
        for (Datagram d : ep.drain()) {
          more = true;
          enqueue(d.from(), d.to(), d.data());
        }
      }
    }
  }

  private void forward(Peer from, IceEvent event) {
    Peer to = from.other;
    if (to == null) {
      return;
    }
    if (event instanceof IceEvent.LocalCandidate c) {
      // Through the SDP form, as real signaling would carry it.
      to.agent.addRemoteCandidate(Candidate.parse(c.candidate().toSdp()), now);
    } else {
      to.agent.endOfRemoteCandidates(now);
    }
  }

  private void sendTcp(Peer sender, IceTransmit t) {
    String key = t.source() + "|" + t.destination();
    TcpConnection conn = tcpConnections.get(key);
    if (conn == null) {
      Peer listener = tcpListeners.get(t.destination());
      if (!t.opensConnection()
          || listener == null
          || tcpRefused
          || down
          || blocked.contains(t.source() + "|" + t.destination())) {
        log.add("tcp refused " + t.source() + " -> " + t.destination());
        sender.agent.handleTcpConnectionFailure(t.source(), t.destination(), now);
        return;
      }
      InetSocketAddress ephemeral =
          new InetSocketAddress(t.source().getAddress(), nextEphemeralPort++);
      conn = new TcpConnection(sender, t.source(), ephemeral, listener, t.destination());
      tcpConnections.put(key, conn);
      tcpConnections.put(conn.passive() + "|" + ephemeral, conn);
      tcpConnects++;
    }
    tcpSends++;
    TcpConnection c = conn;
    byte[] data = t.data();
    Runnable delivery =
        sender == c.activePeer() && t.source().equals(c.activeCandidate())
            ? () ->
                c.passivePeer()
                    .agent
                    .handleDatagram(data, TransportProtocol.TCP, c.passive(), c.ephemeral(), now)
            : () ->
                c.activePeer()
                    .agent
                    .handleDatagram(
                        data, TransportProtocol.TCP, c.activeCandidate(), c.passive(), now);
    // TCP is reliable and in order: no loss, same delay for every frame (seq keeps the order).
    inFlight.add(
        new InFlight(now + delayNanos, seq++, t.source(), t.destination(), data, delivery));
  }

  private void enqueue(InetSocketAddress from, InetSocketAddress to, byte[] data) {
    InetSocketAddress wireFrom = natOut.getOrDefault(from, from);
    if (down || blocked.contains(wireFrom + "|" + to) || random.nextDouble() < loss) {
      log.add("drop " + wireFrom + " -> " + to);
      return;
    }
    inFlight.add(new InFlight(now + delayNanos, seq++, wireFrom, to, data, null));
  }

  private void deliver(InFlight d) {
    if (d.tcp() != null) {
      d.tcp().run();
      return;
    }
    InetSocketAddress to = natIn.getOrDefault(d.to(), d.to());
    Peer peer = peersByAddress.get(to);
    if (peer != null) {
      if (peer.privateAddresses.contains(d.to())) {
        log.add("unroutable " + d.from() + " -> " + d.to());
        return; // a private address is not reachable from outside its NAT
      }
      peer.agent.handleDatagram(d.data(), to, d.from(), now);
      return;
    }
    Endpoint ep = endpoints.get(to);
    if (ep != null) {
      ep.receive(d.data(), to, d.from(), now);
    } else {
      log.add("nobody at " + to);
    }
  }
}

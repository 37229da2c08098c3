package org.rtcheck.interop.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.rtcheck.interop.relay.Impairment.Direction;
import org.rtcheck.stack.dtls.DtlsDatagramContents;

/**
 * A UDP relay the harness puts between a client and a server to lose, reorder or re-send chosen
 * datagrams of a live session: the client sends to {@link #address()}, the relay forwards to the
 * server from one port and returns the server's answers to the client's last address.
 *
 * <p>Datagrams are classified with {@link DtlsDatagramContents}, so rules can name handshake
 * messages instead of positions, which differ between implementations (openssl packs a flight in
 * one datagram, Bouncy Castle sends a record a datagram). Every datagram is written to {@link
 * #log()} with what happened to it, as evidence.
 */
public final class ImpairingUdpRelay implements AutoCloseable {

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final long HOLD_NANOS = 500_000_000L;

  private final InetSocketAddress server;
  private final List<Impairment> rules;
  private final int[] applied;
  private final DatagramChannel front;
  private final DatagramChannel back;
  private final DatagramChannel side;
  private final Selector selector;
  private final Thread thread;
  private final List<String> log = new ArrayList<>();
  private final Map<Direction, Integer> forwarded = new EnumMap<>(Direction.class);
  private final Map<Direction, byte[]> held = new EnumMap<>(Direction.class);
  private final Map<Direction, Long> heldSince = new EnumMap<>(Direction.class);
  private volatile SocketAddress client;
  private volatile boolean running = true;

  private ImpairingUdpRelay(
      InetSocketAddress bind, InetSocketAddress server, List<Impairment> rules) throws IOException {
    this.server = server;
    this.rules = List.copyOf(rules);
    this.applied = new int[rules.size()];
    selector = Selector.open();
    front = open(bind);
    back = open(new InetSocketAddress(bind.getAddress(), 0));
    side = open(new InetSocketAddress(bind.getAddress(), 0));
    front.register(selector, SelectionKey.OP_READ, Direction.TO_SERVER);
    back.register(selector, SelectionKey.OP_READ, Direction.TO_CLIENT);
    side.register(selector, SelectionKey.OP_READ, null);
    for (Direction d : Direction.values()) {
      forwarded.put(d, 0);
    }
    thread = new Thread(this::run, "rtcheck-relay-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
  }

  /**
   * Starts a relay.
   *
   * @param bind where clients send (port 0: any free port)
   * @param server where the relay forwards to
   * @param rules applied in order; the first rule that matches and is not used up decides
   */
  public static ImpairingUdpRelay start(
      InetSocketAddress bind, InetSocketAddress server, List<Impairment> rules) throws IOException {
    ImpairingUdpRelay relay = new ImpairingUdpRelay(bind, server, rules);
    relay.thread.start();
    return relay;
  }

  private static DatagramChannel open(InetSocketAddress bind) throws IOException {
    DatagramChannel c = DatagramChannel.open();
    c.configureBlocking(false);
    c.bind(bind);
    return c;
  }

  /** Where clients send. */
  public InetSocketAddress address() {
    try {
      return (InetSocketAddress) front.getLocalAddress();
    } catch (IOException e) {
      throw new IllegalStateException("relay closed", e);
    }
  }

  /** How many datagrams each rule has treated so far, in rule order. */
  public synchronized int[] applied() {
    return applied.clone();
  }

  /** Datagrams forwarded in a direction (dropped ones not counted). */
  public synchronized int forwarded(Direction direction) {
    return forwarded.get(direction);
  }

  /** One line per datagram: direction, contents, what happened. */
  public synchronized List<String> log() {
    return List.copyOf(log);
  }

  private void run() {
    ByteBuffer buf = ByteBuffer.allocate(65_535);
    try {
      while (running) {
        selector.select(50);
        for (SelectionKey key : selector.selectedKeys()) {
          DatagramChannel ch = (DatagramChannel) key.channel();
          buf.clear();
          SocketAddress from = ch.receive(buf);
          if (from == null) {
            continue;
          }
          byte[] datagram = Arrays.copyOf(buf.array(), buf.position());
          Direction d = (Direction) key.attachment();
          if (d == null) {
            continue; // nothing is expected on the side port
          }
          if (d == Direction.TO_SERVER) {
            client = from;
          }
          handle(d, datagram);
        }
        selector.selectedKeys().clear();
        releaseStaleHolds();
      }
    } catch (IOException e) {
      synchronized (this) {
        log.add("relay stopped: " + e);
      }
    }
  }

  private synchronized void handle(Direction d, byte[] datagram) throws IOException {
    List<String> contents = DtlsDatagramContents.of(datagram);
    for (int i = 0; i < rules.size(); i++) {
      Impairment rule = rules.get(i);
      if (applied[i] < rule.times() && rule.matches(d, contents)) {
        applied[i]++;
        log.add(name(d) + " " + contents + ": " + rule.action().name().toLowerCase());
        switch (rule.action()) {
          case DROP -> {}
          case HOLD -> {
            byte[] earlier = held.put(d, datagram);
            heldSince.put(d, System.nanoTime());
            if (earlier != null) {
              send(d, earlier);
            }
          }
          case COPY_FROM_OTHER_PORT -> {
            send(d, datagram);
            SocketAddress to = d == Direction.TO_SERVER ? server : client;
            if (to != null) {
              side.send(ByteBuffer.wrap(datagram), to);
            }
          }
        }
        return;
      }
    }
    log.add(name(d) + " " + contents);
    send(d, datagram);
    byte[] waiting = held.remove(d);
    if (waiting != null) {
      heldSince.remove(d);
      log.add(name(d) + " " + DtlsDatagramContents.of(waiting) + ": released after the next");
      send(d, waiting);
    }
  }

  private synchronized void releaseStaleHolds() throws IOException {
    long now = System.nanoTime();
    for (Direction d : Direction.values()) {
      Long since = heldSince.get(d);
      if (since != null && now - since > HOLD_NANOS) {
        heldSince.remove(d);
        byte[] waiting = held.remove(d);
        log.add(name(d) + " " + DtlsDatagramContents.of(waiting) + ": released after 500 ms");
        send(d, waiting);
      }
    }
  }

  private void send(Direction d, byte[] datagram) throws IOException {
    if (d == Direction.TO_SERVER) {
      back.send(ByteBuffer.wrap(datagram), server);
    } else if (client != null) {
      front.send(ByteBuffer.wrap(datagram), client);
    }
    forwarded.merge(d, 1, Integer::sum);
  }

  private static String name(Direction d) {
    return d == Direction.TO_SERVER ? "to-server" : "to-client";
  }

  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (AutoCloseable c : new AutoCloseable[] {front, back, side, selector}) {
      try {
        c.close();
      } catch (Exception e) {
        // closing; nothing else to do
      }
    }
  }
}

package org.rtcheck.stack.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.rtcheck.stack.nat.NatBehavior;
import org.rtcheck.stack.nat.NatDiscovery;
import org.rtcheck.stack.nat.NatDiscoveryConfig;
import org.rtcheck.stack.nat.NatSocket;
import org.rtcheck.stack.nat.Transmit;

/**
 * Runs RFC 5780 NAT behaviour discovery ({@link NatDiscovery}) over real UDP sockets and blocks
 * until it has a result. One call opens one socket per {@link NatSocket} on the same local IP
 * address, drives the sans-IO core from the calling thread with a {@link Selector}, and closes
 * everything before it returns. A discovery is a short one-shot conversation, so it needs neither
 * an event loop group nor a thread of its own; that also makes it easy to call from a process
 * started inside a network namespace.
 *
 * <p>The call never takes longer than the config's time limit (plus socket set-up): unanswered
 * tests are findings in the returned {@link NatBehavior}, never exceptions.
 */
public final class NatBehaviorDiscovery {
  private static final int MAX_DATAGRAM = 2048;

  private NatBehaviorDiscovery() {}

  /**
   * Discovers from the local IP address the kernel would use to reach the server.
   *
   * @throws IOException when the sockets cannot be opened or there is no route to the server
   * @throws InterruptedException when the calling thread is interrupted; the sockets are closed
   */
  public static NatBehavior discover(NatDiscoveryConfig config)
      throws IOException, InterruptedException {
    return discover(config, Optional.empty());
  }

  /**
   * Discovers from {@code localIp}, or from the routing choice when empty.
   *
   * @throws IOException when the sockets cannot be opened or there is no route to the server
   * @throws InterruptedException when the calling thread is interrupted; the sockets are closed
   */
  public static NatBehavior discover(NatDiscoveryConfig config, Optional<InetAddress> localIp)
      throws IOException, InterruptedException {
    Objects.requireNonNull(config);
    InetAddress ip = localIp.isPresent() ? localIp.get() : sourceAddressFor(config.server());
    if (ip.isAnyLocalAddress()) {
      throw new IllegalArgumentException("the local IP address must be concrete, not " + ip);
    }
    if (family(ip) != family(config.server().getAddress())) {
      throw new IllegalArgumentException(
          "local address "
              + ip.getHostAddress()
              + " and server "
              + config.server()
              + " are of different address families");
    }
    List<DatagramChannel> opened = new ArrayList<>();
    try (Selector selector = Selector.open()) {
      Map<NatSocket, DatagramChannel> channels = new EnumMap<>(NatSocket.class);
      Map<NatSocket, InetSocketAddress> locals = new EnumMap<>(NatSocket.class);
      for (NatSocket s : NatSocket.values()) {
        DatagramChannel ch = DatagramChannel.open(family(ip));
        opened.add(ch);
        ch.bind(new InetSocketAddress(ip, 0));
        ch.configureBlocking(false);
        ch.register(selector, SelectionKey.OP_READ, s);
        channels.put(s, ch);
        locals.put(s, (InetSocketAddress) ch.getLocalAddress());
      }
      return run(new NatDiscovery(config, locals), channels, selector);
    } finally {
      for (DatagramChannel ch : opened) {
        ch.close();
      }
    }
  }

  private static NatBehavior run(
      NatDiscovery discovery, Map<NatSocket, DatagramChannel> channels, Selector selector)
      throws IOException, InterruptedException {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
    discovery.start(System.nanoTime());
    while (true) {
      for (Optional<Transmit> t = discovery.pollTransmit();
          t.isPresent();
          t = discovery.pollTransmit()) {
        send(channels.get(t.get().from()), t.get());
      }
      if (discovery.isDone()) {
        return discovery.result();
      }
      long wait = discovery.pollTimeout().orElseThrow() - System.nanoTime();
      if (wait > 0) {
        // select(ms) with 0 would block forever: wait at least 1 ms.
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999)));
      } else {
        selector.selectNow();
      }
      if (Thread.interrupted()) {
        throw new InterruptedException("NAT behaviour discovery interrupted");
      }
      for (SelectionKey key : selector.selectedKeys()) {
        NatSocket socket = (NatSocket) key.attachment();
        DatagramChannel ch = (DatagramChannel) key.channel();
        SocketAddress from;
        while ((from = receive(ch, buffer)) != null) {
          byte[] data = new byte[buffer.remaining()];
          buffer.get(data);
          discovery.handleDatagram(socket, (InetSocketAddress) from, data, System.nanoTime());
        }
      }
      selector.selectedKeys().clear();
      discovery.handleTimeout(System.nanoTime());
    }
  }

  private static SocketAddress receive(DatagramChannel ch, ByteBuffer buffer) {
    buffer.clear();
    try {
      SocketAddress from = ch.receive(buffer);
      buffer.flip();
      return from;
    } catch (IOException e) {
      // An ICMP error surfacing on the socket: the datagram is lost, which the test will see.
      return null;
    }
  }

  private static void send(DatagramChannel ch, Transmit t) {
    try {
      ch.send(ByteBuffer.wrap(t.data()), t.to());
    } catch (IOException e) {
      // Unreachable network, a full buffer: the same as a drop on the path. The transaction
      // retransmits and, failing that, reports no answer, which is what such a path means.
    }
  }

  /**
   * The local address the kernel picks to reach {@code server} (connecting a UDP socket sends
   * nothing).
   */
  static InetAddress sourceAddressFor(InetSocketAddress server) throws IOException {
    try (DatagramChannel probe = DatagramChannel.open(family(server.getAddress()))) {
      probe.connect(server);
      return ((InetSocketAddress) probe.getLocalAddress()).getAddress();
    } catch (IOException e) {
      throw new IOException("no route to the STUN server " + server + ": " + e.getMessage(), e);
    }
  }

  private static StandardProtocolFamily family(InetAddress ip) {
    return ip instanceof java.net.Inet6Address
        ? StandardProtocolFamily.INET6
        : StandardProtocolFamily.INET;
  }
}

package org.rtcheck.stack.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.rtcheck.stack.dtls.DtlsConfig;
import org.rtcheck.stack.dtls.DtlsEndpoint;
import org.rtcheck.stack.dtls.DtlsException;
import org.rtcheck.stack.dtls.DtlsHandshakeResult;
import org.rtcheck.stack.dtls.DtlsRole;

/**
 * A {@link DtlsEndpoint} on a UDP socket, connected to one remote address.
 *
 * <p>A client sends to the address it is given. A server given no address answers the first peer
 * whose datagram is a ClientHello, and from then on ignores every other source: a ClientHello from
 * another address must not disturb the association (RFC 6347 §4.2.8; with ICE the 5-tuple is fixed,
 * RFC 8842 §4). Datagrams from other addresses, datagrams that are not DTLS (RFC 7983 §7: first
 * byte 20..63) and, before a peer is known, datagrams that are not a ClientHello are dropped and
 * counted ({@link #droppedDatagrams()}).
 *
 * <p>One daemon thread pumps both directions. {@link #close()} closes the endpoint (an established
 * connection sends close_notify), stops the thread and closes the socket.
 */
public final class DtlsUdpSession implements AutoCloseable {

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final int MAX_DATAGRAM = 65_535;
  private static final long IDLE_MILLIS = 5;

  private final DtlsEndpoint endpoint;
  private final DatagramChannel channel;
  private final Selector selector;
  private final Thread pump;
  private final AtomicLong dropped = new AtomicLong();
  private final InetSocketAddress localAddress;
  private volatile SocketAddress peer;
  private volatile boolean running = true;
  private volatile IOException failure;

  private DtlsUdpSession(
      DtlsEndpoint endpoint,
      DatagramChannel channel,
      Selector selector,
      InetSocketAddress localAddress,
      SocketAddress peer) {
    this.endpoint = endpoint;
    this.channel = channel;
    this.selector = selector;
    this.localAddress = localAddress;
    this.peer = peer;
    this.pump = new Thread(this::run, "rtcheck-dtls-udp-" + THREADS.incrementAndGet());
    pump.setDaemon(true);
  }

  /**
   * Binds {@code local} and starts the handshake.
   *
   * @param config the DTLS configuration (its role decides who sends the ClientHello)
   * @param local the address to bind (port 0: any free port)
   * @param remote the peer; required for a client, null for a server that answers the first
   *     ClientHello
   * @throws IOException the socket could not be bound
   */
  public static DtlsUdpSession start(
      DtlsConfig config, InetSocketAddress local, InetSocketAddress remote) throws IOException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(local, "local");
    if (remote == null && config.role() == DtlsRole.CLIENT) {
      throw new IllegalArgumentException("a DTLS client needs a remote address");
    }
    if (remote != null && remote.isUnresolved()) {
      throw new IllegalArgumentException("unresolved remote address " + remote);
    }
    DatagramChannel channel = DatagramChannel.open();
    Selector selector = null;
    try {
      channel.bind(local);
      channel.configureBlocking(false);
      selector = Selector.open();
      channel.register(selector, SelectionKey.OP_READ);
      InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
      DtlsUdpSession session =
          new DtlsUdpSession(DtlsEndpoint.start(config), channel, selector, bound, remote);
      session.pump.start();
      return session;
    } catch (IOException | RuntimeException e) {
      if (selector != null) {
        selector.close();
      }
      channel.close();
      throw e;
    }
  }

  /** Starts a client towards {@code remote}. */
  public static DtlsUdpSession connect(
      DtlsConfig config, InetSocketAddress local, InetSocketAddress remote) throws IOException {
    if (config.role() != DtlsRole.CLIENT) {
      throw new IllegalArgumentException("connect needs a CLIENT config");
    }
    return start(config, local, Objects.requireNonNull(remote, "remote"));
  }

  /** Starts a server on {@code local} that answers the first peer sending a ClientHello. */
  public static DtlsUdpSession listen(DtlsConfig config, InetSocketAddress local)
      throws IOException {
    if (config.role() != DtlsRole.SERVER) {
      throw new IllegalArgumentException("listen needs a SERVER config");
    }
    return start(config, local, null);
  }

  /** The bound address (with the actual port when port 0 was asked for). */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  /** The peer: the given address, the first ClientHello's source, or null while none came. */
  public SocketAddress peer() {
    return peer;
  }

  /** Datagrams dropped: from another address, not DTLS, or not a ClientHello before a peer. */
  public long droppedDatagrams() {
    return dropped.get();
  }

  /** The endpoint (application data, the handshake future). */
  public DtlsEndpoint endpoint() {
    return endpoint;
  }

  /** Completes with the result, or exceptionally with a {@link DtlsException}. */
  public CompletableFuture<DtlsHandshakeResult> handshake() {
    return endpoint.handshake();
  }

  /** Waits for the handshake; see {@link DtlsEndpoint#awaitHandshake(Duration)}. */
  public DtlsHandshakeResult awaitHandshake(Duration timeout)
      throws DtlsException, InterruptedException {
    return endpoint.awaitHandshake(timeout);
  }

  /** Whether the pump thread still runs. */
  public boolean isRunning() {
    return pump.isAlive();
  }

  private void run() {
    ByteBuffer in = ByteBuffer.allocate(MAX_DATAGRAM);
    try {
      while (running) {
        flushOutbound();
        if (selector.select(IDLE_MILLIS) > 0) {
          selector.selectedKeys().clear();
        }
        for (SocketAddress from = receive(in); from != null; from = receive(in)) {
          in.flip();
          byte[] datagram = new byte[in.remaining()];
          in.get(datagram);
          accept(from, datagram);
        }
      }
      flushOutbound(); // close_notify queued by close()
    } catch (IOException e) {
      if (running) {
        failure = e;
      }
    }
  }

  private SocketAddress receive(ByteBuffer in) throws IOException {
    in.clear();
    return channel.receive(in);
  }

  private void flushOutbound() throws IOException {
    SocketAddress to = peer;
    if (to == null) {
      return; // a server sends nothing before a ClientHello; the endpoint queues nothing either
    }
    for (byte[] d = endpoint.poll(); d != null; d = endpoint.poll()) {
      channel.send(ByteBuffer.wrap(d), to);
    }
  }

  private void accept(SocketAddress from, byte[] datagram) {
    if (!isDtls(datagram)) {
      dropped.incrementAndGet();
      return;
    }
    SocketAddress current = peer;
    if (current == null) {
      if (!isClientHello(datagram)) {
        dropped.incrementAndGet();
        return;
      }
      peer = from;
    } else if (!current.equals(from)) {
      dropped.incrementAndGet();
      return;
    }
    endpoint.receive(datagram);
  }

  /** RFC 7983 §7: a first byte in 20..63 is DTLS. */
  private static boolean isDtls(byte[] d) {
    return d.length > 0 && (d[0] & 0xff) >= 20 && (d[0] & 0xff) <= 63;
  }

  /** A handshake record (22) whose first message is a client_hello (1), RFC 6347 §4.1/§4.2.2. */
  static boolean isClientHello(byte[] d) {
    return d.length > 13 && d[0] == 22 && d[13] == 1;
  }

  /**
   * Closes the endpoint (sending close_notify when established), stops the pump thread and closes
   * the socket. Idempotent.
   */
  @Override
  public void close() {
    endpoint.close();
    running = false;
    selector.wakeup();
    if (pump != Thread.currentThread()) {
      try {
        pump.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      selector.close();
    } catch (IOException e) {
      // nothing more to release
    }
    try {
      channel.close();
    } catch (IOException e) {
      // the descriptor is released even when close reports an error
    }
  }

  /** The socket error that stopped the pump, or null. */
  public IOException failure() {
    return failure;
  }
}

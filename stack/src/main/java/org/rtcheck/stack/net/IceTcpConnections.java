package org.rtcheck.stack.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.rtcheck.stack.ice.Candidate;
import org.rtcheck.stack.ice.IceAgent;
import org.rtcheck.stack.ice.IceTransmit;
import org.rtcheck.stack.ice.TcpType;
import org.rtcheck.stack.ice.TransportProtocol;

/**
 * The TCP half of an ICE driver (RFC 6544): listening sockets for passive candidates, one RFC 4571
 * framed connection per candidate pair, on an event loop and agent owned by the driver that created
 * it ({@link IceTcpTransport} alone, or {@link IceUdpTransport} with UDP beside it).
 *
 * <p>Everything but {@link #listen} runs on that event loop. After every agent call it makes it
 * runs the driver's {@code afterAgentCall}, so the driver flushes the agent's output and dispatches
 * every transmit by transport.
 */
final class IceTcpConnections {

  /** RFC 4571 §2: the LENGTH field is 16 bits. */
  static final int MAX_FRAME = 65_535;

  /** One connection: its channel, the local candidate address and the peer's end. */
  private static final class Connection {
    final InetSocketAddress local;
    final InetSocketAddress remote;
    Channel channel;
    boolean open;
    final List<byte[]> pending = new ArrayList<>();

    Connection(InetSocketAddress local, InetSocketAddress remote) {
      this.local = local;
      this.remote = remote;
    }

    String key() {
      return IceTcpConnections.key(local, remote);
    }
  }

  private final EventLoop loop;
  private final NetTransport transport;
  private final IceAgent agent;
  private final Predicate<InetSocketAddress> connectFilter;
  private final Duration connectTimeout;
  private final Runnable afterAgentCall;
  private final BiConsumer<InetSocketAddress, byte[]> dataListener;
  private final List<Channel> listeners = new ArrayList<>();
  private final Map<String, Connection> connections = new LinkedHashMap<>();
  private volatile long dropped;
  private volatile int connectionsOpened;
  private volatile int connectionsAccepted;

  /**
   * @param loop the driver's event loop, which owns {@code agent}
   * @param connectFilter remote addresses connections may be opened or written to
   * @param afterAgentCall what the driver does after each agent call (flush, events, timer)
   * @param dataListener frames that are not STUN, with the peer's end of their connection
   */
  IceTcpConnections(
      EventLoop loop,
      NetTransport transport,
      IceAgent agent,
      Predicate<InetSocketAddress> connectFilter,
      Duration connectTimeout,
      Runnable afterAgentCall,
      BiConsumer<InetSocketAddress, byte[]> dataListener) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.agent = Objects.requireNonNull(agent, "agent");
    this.connectFilter = Objects.requireNonNull(connectFilter, "connectFilter");
    this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
    this.afterAgentCall = Objects.requireNonNull(afterAgentCall, "afterAgentCall");
    this.dataListener = Objects.requireNonNull(dataListener, "dataListener");
  }

  /**
   * Binds a listening socket on {@code address}; waits for the event loop, so call it from the
   * caller's thread, then {@link #candidates} on the loop.
   */
  Channel listen(InetAddress address) {
    try {
      return new ServerBootstrap()
          .group(loop)
          .channel(transport.serverSocketChannel())
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(
              new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                  InetSocketAddress listening = ch.parent().localAddress();
                  Connection c = new Connection(listening, ch.remoteAddress());
                  c.channel = ch;
                  c.open = true;
                  Connection old = connections.put(c.key(), c);
                  if (old != null && old.channel != null) {
                    old.channel.close();
                  }
                  connectionsAccepted++;
                  initFraming(ch, c);
                }
              })
          .bind(new InetSocketAddress(address, 0))
          .syncUninterruptibly()
          .channel();
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot listen on TCP at " + address, e);
    }
  }

  /**
   * On the loop: keeps the listening sockets and returns a passive and an active host candidate for
   * each, in order (RFC 6544 §4.1); the caller adds them to the agent.
   */
  List<Candidate> candidates(List<Channel> bound) {
    List<Candidate> gathered = new ArrayList<>();
    for (int i = 0; i < bound.size(); i++) {
      Channel server = bound.get(i);
      listeners.add(server);
      InetSocketAddress listening = (InetSocketAddress) server.localAddress();
      // RFC 6544 §4.2: other-pref orders the addresses, the first preferred.
      int otherPref = Math.max(0, 8191 - i);
      gathered.add(Candidate.tcpHost(listening, TcpType.PASSIVE, 1, otherPref));
      // RFC 6544 §4.5: an active candidate's port is 9 (discard).
      gathered.add(
          Candidate.tcpHost(
              new InetSocketAddress(listening.getAddress(), 9), TcpType.ACTIVE, 1, otherPref));
    }
    return gathered;
  }

  long dropped() {
    return dropped;
  }

  int connectionsOpened() {
    return connectionsOpened;
  }

  int connectionsAccepted() {
    return connectionsAccepted;
  }

  /** On the loop: connections currently open or opening. */
  int openConnections() {
    return connections.size();
  }

  private static String key(InetSocketAddress local, InetSocketAddress remote) {
    return local + "|" + remote;
  }

  /** RFC 4571 framing both ways, then the frames to the agent or the data listener. */
  private void initFraming(Channel ch, Connection c) {
    ch.pipeline()
        .addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME + 2, 0, 2, 0, 2))
        .addLast(new LengthFieldPrepender(2))
        .addLast(
            new SimpleChannelInboundHandler<ByteBuf>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                receive(ByteBufUtil.getBytes(frame), c);
              }

              @Override
              public void channelInactive(ChannelHandlerContext ctx) {
                lost(c);
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close(); // a reset or a broken frame: the connection is gone
              }
            });
  }

  private void receive(byte[] data, Connection c) {
    if (!agent.handleDatagram(data, TransportProtocol.TCP, c.local, c.remote, System.nanoTime())) {
      dataListener.accept(c.remote, data);
    }
    afterAgentCall.run();
  }

  private void lost(Connection c) {
    if (connections.get(c.key()) == c) {
      connections.remove(c.key());
    }
    if (!loop.isShuttingDown()) {
      agent.handleTcpConnectionFailure(c.local, c.remote, System.nanoTime());
      afterAgentCall.run();
    }
  }

  /** On the loop: one TCP transmit of the agent, as one frame on its pair's connection. */
  void transmit(IceTransmit t) {
    if (t.transport() != TransportProtocol.TCP || !connectFilter.test(t.destination())) {
      dropped++;
      return;
    }
    if (t.data().length > MAX_FRAME) {
      dropped++; // RFC 4571 §2: cannot be framed
      return;
    }
    String key = key(t.source(), t.destination());
    Connection c = connections.get(key);
    if (c == null) {
      if (!t.opensConnection()) {
        dropped++; // a passive candidate only answers on a connection the peer opened
        return;
      }
      c = connect(t.source(), t.destination());
    }
    if (!c.open) {
      c.pending.add(t.data());
      return;
    }
    c.channel.writeAndFlush(Unpooled.wrappedBuffer(t.data()));
  }

  /** RFC 6544 §7.1: the active side opens the connection from an ephemeral port. */
  private Connection connect(InetSocketAddress local, InetSocketAddress remote) {
    Connection c = new Connection(local, remote);
    connections.put(c.key(), c);
    connectionsOpened++;
    ChannelFuture f =
        new Bootstrap()
            .group(loop)
            .channel(transport.socketChannel())
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    initFraming(ch, c);
                  }
                })
            .localAddress(new InetSocketAddress(local.getAddress(), 0))
            .connect(remote);
    c.channel = f.channel();
    f.addListener(
        done -> {
          if (!done.isSuccess()) {
            c.pending.clear();
            lost(c);
            return;
          }
          c.open = true;
          for (byte[] frame : c.pending) {
            c.channel.write(Unpooled.wrappedBuffer(frame));
          }
          c.pending.clear();
          c.channel.flush();
        });
    return c;
  }

  /** On the loop: closes every connection and listening socket. */
  void close() {
    List<Connection> all = new ArrayList<>(connections.values());
    connections.clear();
    for (Connection c : all) {
      if (c.channel != null) {
        c.channel.close();
      }
    }
    for (Channel ch : listeners) {
      ch.close();
    }
  }
}

package org.rtcheck.stack.net;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One Netty event loop (one thread, started on first use) that a connection's sockets and the
 * protocol cores above them share, so a received datagram is decrypted, handled by SCTP and
 * answered without leaving the thread. Whoever creates it closes it.
 *
 * <p>Its {@link NetTransport} (epoll or NIO, {@link NetTransport#selected()}) decides which channel
 * classes may register on it: those sockets ask the loop with {@link #transport()}.
 */
public final class NetLoop implements AutoCloseable {

  private final EventLoopGroup group;
  private final EventLoop loop;
  private final NetTransport transport;

  /** A loop on {@link NetTransport#selected()}. */
  public NetLoop() {
    this(NetTransport.selected());
  }

  public NetLoop(NetTransport transport) {
    this.transport = transport;
    // Daemon, as the SCTP thread it replaces: a connection left open must not keep the JVM alive.
    this.group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("rtcheck-net", true), transport.ioHandlerFactory());
    this.loop = group.next();
  }

  /** The transport of this loop's sockets. */
  public NetTransport transport() {
    return transport;
  }

  EventLoop eventLoop() {
    return loop;
  }

  /** The loop as an executor for tasks and timers; tasks must not block. */
  public ScheduledExecutorService executor() {
    return loop;
  }

  public boolean inLoop() {
    return loop.inEventLoop();
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}

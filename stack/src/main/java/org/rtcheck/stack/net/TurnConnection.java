package org.rtcheck.stack.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.rtcheck.stack.turn.TurnClient;
import org.rtcheck.stack.turn.TurnConfig;
import org.rtcheck.stack.turn.TurnError;
import org.rtcheck.stack.turn.TurnEvent;
import org.rtcheck.stack.turn.TurnException;
import org.rtcheck.stack.turn.TurnFramingException;
import org.rtcheck.stack.turn.TurnStreamFramer;
import org.rtcheck.stack.turn.TurnTransport;

/**
 * Drives a {@link TurnClient} against a real server with Netty: UDP datagrams, or a TCP or TLS
 * stream carrying STUN messages and padded ChannelData (RFC 8656 §12.5, plain TURN over TCP, not
 * RFC 6062). One event loop thread owns the client; every wait has a timeout.
 *
 * <p>Each operation returns a future that completes with the server's answer or fails with a {@link
 * TurnException} carrying a typed {@link TurnError}.
 */
public final class TurnConnection implements AutoCloseable {

  /** What an Allocate produced. */
  public record Allocation(
      InetSocketAddress relayed, InetSocketAddress mapped, Duration lifetime) {}

  private final EventLoopGroup group;
  private final EventLoop loop;
  private final TurnClient client;
  private final InetSocketAddress server;
  private final TurnStreamFramer framer = new TurnStreamFramer();
  private Channel channel;
  private ScheduledFuture<?> timer;
  private long timerAt;
  private final CompletableFuture<Allocation> allocation = new CompletableFuture<>();
  private final ArrayDeque<CompletableFuture<Duration>> refreshes = new ArrayDeque<>();
  private final ArrayDeque<CompletableFuture<Void>> permissions = new ArrayDeque<>();
  private final Map<Integer, CompletableFuture<Integer>> bindings = new HashMap<>();
  private final CompletableFuture<Void> deleted = new CompletableFuture<>();
  private final List<Consumer<TurnEvent>> listeners = new CopyOnWriteArrayList<>();
  private volatile BiConsumer<InetSocketAddress, byte[]> dataListener = (p, d) -> {};
  private volatile InetSocketAddress localAddress;

  private TurnConnection(InetSocketAddress server, TurnConfig config) {
    this.server = Objects.requireNonNull(server, "server");
    this.client = new TurnClient(config);
    this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    this.loop = group.next();
  }

  /**
   * Connects to {@code server} (for TLS: completes the handshake) within {@code timeout}.
   *
   * @param trust for TLS only; null means the JDK's default trust store
   * @throws TurnException reason {@code CONNECTION} when the socket or the TLS handshake fails
   */
  public static TurnConnection open(
      InetSocketAddress server, TurnConfig config, TurnTlsTrust trust, Duration timeout)
      throws TurnException {
    TurnConnection c = new TurnConnection(server, config);
    try {
      c.connect(config.transport(), trust, timeout);
      return c;
    } catch (TurnException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private void connect(TurnTransport transport, TurnTlsTrust trust, Duration timeout)
      throws TurnException {
    ChannelFuture f;
    if (transport == TurnTransport.UDP) {
      f =
          new Bootstrap()
              .group(loop)
              .channel(NioDatagramChannel.class)
              .handler(
                  new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                      if (p.sender().equals(server)) {
                        input(ByteBufUtil.getBytes(p.content()));
                      }
                    }
                  })
              .bind(
                  new InetSocketAddress(
                      server.getAddress().isLoopbackAddress() ? server.getAddress() : null, 0));
    } else {
      SslContext ssl = transport == TurnTransport.TLS ? sslContext(trust) : null;
      f =
          new Bootstrap()
              .group(loop)
              .channel(NioSocketChannel.class)
              .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
              .option(ChannelOption.TCP_NODELAY, true)
              .handler(
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      if (ssl != null) {
                        ch.pipeline()
                            .addLast(
                                ssl.newHandler(
                                    ch.alloc(),
                                    server.getAddress().getHostAddress(),
                                    server.getPort()));
                      }
                      ch.pipeline().addLast(new StreamReader());
                    }
                  })
              .connect(server);
    }
    if (!f.awaitUninterruptibly(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw connectionError(
          "no connection to " + server + " within " + timeout.toMillis() + " ms", null);
    }
    if (!f.isSuccess()) {
      throw connectionError(
          "cannot reach " + server + " over " + transport.lowerCase() + ": " + f.cause(),
          f.cause());
    }
    channel = f.channel();
    localAddress = (InetSocketAddress) channel.localAddress();
    if (transport == TurnTransport.TLS) {
      SslHandler h = channel.pipeline().get(SslHandler.class);
      var hs = h.handshakeFuture();
      if (!hs.awaitUninterruptibly(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw connectionError(
            "TLS handshake with " + server + " did not finish within " + timeout.toMillis() + " ms",
            null);
      }
      if (!hs.isSuccess()) {
        throw connectionError(
            "TLS handshake with " + server + " failed: " + rootMessage(hs.cause()), hs.cause());
      }
    }
    channel
        .closeFuture()
        .addListener(
            x ->
                onLoop(
                    () ->
                        failAll(
                            new TurnError(
                                TurnError.Reason.CONNECTION,
                                0,
                                "connection to " + server + " closed"))));
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + ": " + c.getMessage();
  }

  private static SslContext sslContext(TurnTlsTrust trust) throws TurnException {
    try {
      SslContextBuilder b = SslContextBuilder.forClient();
      if (trust instanceof TurnTlsTrust.Insecure) {
        b.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
      } else if (trust instanceof TurnTlsTrust.Certificates c) {
        // A pinned certificate is the identity; fixtures' self-signed ones name no host or IP.
        b.trustManager(c.pem().toFile()).endpointIdentificationAlgorithm(null);
      }
      return b.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw connectionError("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static TurnException connectionError(String what, Throwable cause) {
    return new TurnException(new TurnError(TurnError.Reason.CONNECTION, 0, what), cause);
  }

  private final class StreamReader extends SimpleChannelInboundHandler<ByteBuf> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf buf) {
      try {
        for (byte[] message : framer.feed(ByteBufUtil.getBytes(buf))) {
          input(message);
        }
      } catch (TurnFramingException e) {
        // The stream cannot be resynchronised: RFC 8656 §12.5 framing is lost.
        failAll(
            new TurnError(
                TurnError.Reason.CONNECTION, 0, "server stream is not TURN: " + e.getMessage()));
        ctx.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  // ------------------------------------------------------------------------------------------
  // Public operations (any thread)

  public InetSocketAddress server() {
    return server;
  }

  /** The local end of the connection (the client side of the 5-tuple). */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  public TurnTransport transport() {
    return client.config().transport();
  }

  /** Listeners run on the event loop, in order; do not block in them. */
  public void onEvent(Consumer<TurnEvent> listener) {
    listeners.add(listener);
  }

  /** Data from peers through the allocation; called on the event loop. */
  public void onData(BiConsumer<InetSocketAddress, byte[]> listener) {
    this.dataListener = Objects.requireNonNull(listener);
  }

  /** Allocates (RFC 8656 §7); the allocation is refreshed until {@link #close()}. */
  public CompletableFuture<Allocation> allocate() {
    onLoop(
        () -> {
          if (client.state() == TurnClient.State.IDLE) {
            client.allocate(System.nanoTime());
          }
        });
    return allocation;
  }

  /** The allocation, waited for; throws the typed failure. */
  public Allocation allocate(Duration timeout) throws TurnException, InterruptedException {
    return await(allocate(), timeout, "Allocate");
  }

  public CompletableFuture<Void> createPermission(List<InetAddress> peers) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    onLoop(
        () -> {
          client.createPermission(peers, System.nanoTime());
          permissions.add(f);
        },
        f);
    return f;
  }

  /** Binds a channel to {@code peer}; completes with its number. */
  public CompletableFuture<Integer> bindChannel(InetSocketAddress peer) {
    CompletableFuture<Integer> f = new CompletableFuture<>();
    onLoop(
        () -> {
          int ch = client.bindChannel(peer, System.nanoTime());
          bindings.put(ch, f);
        },
        f);
    return f;
  }

  /** A Refresh asking for {@code lifetime} (null: the configured one); completes with the grant. */
  public CompletableFuture<Duration> refresh(Duration lifetime) {
    CompletableFuture<Duration> f = new CompletableFuture<>();
    onLoop(
        () -> {
          client.refresh(lifetime, System.nanoTime());
          refreshes.add(f);
        },
        f);
    return f;
  }

  /** Sends through the relay (ChannelData if a channel is bound, else a Send indication). */
  public void send(InetSocketAddress peer, byte[] data) {
    onLoop(() -> client.send(peer, data, System.nanoTime()));
  }

  /** Deletes the allocation (Refresh with lifetime 0) and completes when the server answered. */
  public CompletableFuture<Void> deleteAllocation() {
    onLoop(
        () -> {
          if (client.state() == TurnClient.State.ALLOCATED) {
            client.close(System.nanoTime());
          } else if (client.state() != TurnClient.State.DELETING) {
            deleted.complete(null);
          }
        });
    return deleted;
  }

  public TurnClient.State state() {
    return client.state();
  }

  /** Waits for {@code f}; unwraps a {@link TurnException}, turns a timeout into one. */
  public static <T> T await(CompletableFuture<T> f, Duration timeout, String what)
      throws TurnException, InterruptedException {
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TurnException t) {
        throw new TurnException(t.error(), t);
      }
      throw new TurnException(
          new TurnError(TurnError.Reason.INVALID_STATE, 0, what + ": " + e.getCause().getMessage()),
          e.getCause());
    } catch (TimeoutException e) {
      throw new TurnException(
          new TurnError(
              TurnError.Reason.TIMEOUT,
              0,
              what + ": no answer within " + timeout.toMillis() + " ms"));
    }
  }

  // ------------------------------------------------------------------------------------------
  // Event loop side

  private void input(byte[] data) {
    client.handleInput(data, System.nanoTime());
    afterClientCall();
  }

  private void afterClientCall() {
    Optional<byte[]> t;
    while ((t = client.pollTransmit()).isPresent()) {
      write(t.get());
    }
    Optional<TurnEvent> e;
    while ((e = client.pollEvent()).isPresent()) {
      dispatch(e.get());
    }
    rearm();
  }

  private void write(byte[] data) {
    if (channel == null || !channel.isActive()) {
      return;
    }
    if (transport() == TurnTransport.UDP) {
      channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(data), server));
    } else {
      channel.writeAndFlush(Unpooled.wrappedBuffer(data));
    }
  }

  private void dispatch(TurnEvent event) {
    if (event instanceof TurnEvent.Allocated a) {
      allocation.complete(new Allocation(a.relayed(), a.mapped(), a.lifetime()));
    } else if (event instanceof TurnEvent.AllocationFailed f) {
      allocation.completeExceptionally(new TurnException(f.error()));
    } else if (event instanceof TurnEvent.Refreshed r) {
      Optional.ofNullable(refreshes.poll()).ifPresent(x -> x.complete(r.lifetime()));
    } else if (event instanceof TurnEvent.RefreshFailed r) {
      Optional.ofNullable(refreshes.poll())
          .ifPresent(x -> x.completeExceptionally(new TurnException(r.error())));
    } else if (event instanceof TurnEvent.Deleted) {
      deleted.complete(null);
    } else if (event instanceof TurnEvent.PermissionCreated) {
      Optional.ofNullable(permissions.poll()).ifPresent(x -> x.complete(null));
    } else if (event instanceof TurnEvent.PermissionFailed p) {
      Optional.ofNullable(permissions.poll())
          .ifPresent(x -> x.completeExceptionally(new TurnException(p.error())));
    } else if (event instanceof TurnEvent.ChannelBound b) {
      Optional.ofNullable(bindings.remove(b.channel())).ifPresent(x -> x.complete(b.channel()));
    } else if (event instanceof TurnEvent.ChannelBindFailed b) {
      Optional.ofNullable(bindings.remove(b.channel()))
          .ifPresent(x -> x.completeExceptionally(new TurnException(b.error())));
    } else if (event instanceof TurnEvent.DataReceived d) {
      dataListener.accept(d.peer(), d.data());
    }
    for (Consumer<TurnEvent> l : listeners) {
      l.accept(event);
    }
  }

  private void failAll(TurnError error) {
    TurnException ex = new TurnException(error);
    allocation.completeExceptionally(ex);
    refreshes.forEach(f -> f.completeExceptionally(ex));
    refreshes.clear();
    permissions.forEach(f -> f.completeExceptionally(ex));
    permissions.clear();
    bindings.values().forEach(f -> f.completeExceptionally(ex));
    bindings.clear();
    deleted.completeExceptionally(ex);
  }

  private void rearm() {
    OptionalLong next = client.pollTimeout();
    long at = next.orElse(Long.MAX_VALUE);
    if (timer != null && timerAt == at && !timer.isDone()) {
      return;
    }
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    if (at == Long.MAX_VALUE || loop.isShuttingDown()) {
      return;
    }
    timerAt = at;
    timer =
        loop.schedule(
            () -> {
              client.handleTimeout(System.nanoTime());
              afterClientCall();
            },
            Math.max(0, at - System.nanoTime()),
            TimeUnit.NANOSECONDS);
  }

  private void onLoop(Runnable r) {
    onLoop(r, null);
  }

  private void onLoop(Runnable r, CompletableFuture<?> failOn) {
    if (loop.isShuttingDown()) {
      if (failOn != null) {
        failOn.completeExceptionally(
            new TurnException(
                new TurnError(TurnError.Reason.INVALID_STATE, 0, "connection closed")));
      }
      return;
    }
    loop.execute(
        () -> {
          if (failOn != null && (channel == null || !channel.isActive())) {
            failOn.completeExceptionally(
                new TurnException(
                    new TurnError(
                        TurnError.Reason.CONNECTION, 0, "connection to " + server + " is closed")));
            return;
          }
          try {
            r.run();
            afterClientCall();
          } catch (IllegalStateException | IllegalArgumentException e) {
            TurnException t =
                new TurnException(new TurnError(TurnError.Reason.INVALID_STATE, 0, e.getMessage()));
            if (failOn != null) {
              failOn.completeExceptionally(t);
            }
          }
        });
  }

  /**
   * Deletes the allocation if there is one (waiting up to 2 s for the answer), then closes the
   * socket and stops the event loop.
   */
  @Override
  public void close() {
    try {
      if (channel != null && channel.isActive()) {
        deleteAllocation().get(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // best effort: the server lets it expire
    } finally {
      try {
        loop.submit(
                () -> {
                  if (timer != null) {
                    timer.cancel(false);
                  }
                  if (channel != null) {
                    channel.close();
                  }
                })
            .await(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }
}

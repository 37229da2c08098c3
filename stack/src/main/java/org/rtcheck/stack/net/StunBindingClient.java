package org.rtcheck.stack.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.rtcheck.stack.stun.RetransmissionPolicy;
import org.rtcheck.stack.stun.StunAttribute.Software;
import org.rtcheck.stack.stun.StunAttribute.XorMappedAddress;
import org.rtcheck.stack.stun.StunClass;
import org.rtcheck.stack.stun.StunClientTransaction;
import org.rtcheck.stack.stun.StunMessage;
import org.rtcheck.stack.stun.StunParseException;
import org.rtcheck.stack.stun.TransactionId;

/**
 * Sends STUN Binding requests over one UDP socket. Each request is a sans-IO {@link
 * StunClientTransaction} driven by the channel's event loop timer, so there is no thread per
 * request; all transaction state is touched only on that event loop. Futures complete on the event
 * loop: do not block in their callbacks.
 */
public final class StunBindingClient implements AutoCloseable {
  private final EventLoopGroup group;
  private final Channel channel;
  private final RetransmissionPolicy policy;
  private final Map<TransactionId, Pending> pending = new HashMap<>();

  private final class Pending {
    final StunClientTransaction transaction;
    final InetSocketAddress server;
    final CompletableFuture<BindingResult> future = new CompletableFuture<>();
    final long giveUpAt;
    ScheduledFuture<?> timer;

    Pending(StunClientTransaction transaction, InetSocketAddress server, long giveUpAt) {
      this.transaction = transaction;
      this.server = server;
      this.giveUpAt = giveUpAt;
    }
  }

  private StunBindingClient(EventLoopGroup group, Channel channel, RetransmissionPolicy policy) {
    this.group = group;
    this.channel = channel;
    this.policy = policy;
  }

  /** A client on an ephemeral port of the wildcard address with the default RTO. */
  public static StunBindingClient open() {
    return open(new InetSocketAddress(0), RetransmissionPolicy.DEFAULT);
  }

  public static StunBindingClient open(InetSocketAddress local, RetransmissionPolicy policy) {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    StunBindingClient[] self = new StunBindingClient[1];
    try {
      Channel channel =
          new Bootstrap()
              .group(group)
              .channel(NioDatagramChannel.class)
              .handler(
                  new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                      self[0].onDatagram(ByteBufUtil.getBytes(packet.content()), packet.sender());
                    }
                  })
              .bind(local)
              .syncUninterruptibly()
              .channel();
      self[0] = new StunBindingClient(group, channel, policy);
      return self[0];
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
      throw e;
    }
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  /**
   * Runs one Binding transaction against {@code server}. Fails with {@link TimeoutException} when
   * {@code timeout} elapses or the RFC 8489 §6.2.1 retransmissions run out, with {@link
   * StunBindingException} on an error response.
   */
  public CompletableFuture<BindingResult> bind(InetSocketAddress server, Duration timeout) {
    TransactionId tx = TransactionId.random();
    byte[] request = StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING, tx).encode();
    StunClientTransaction transaction = new StunClientTransaction(request, tx, policy);
    long now = System.nanoTime();
    Pending p = new Pending(transaction, server, now + timeout.toNanos());
    EventLoop loop = channel.eventLoop();
    if (!channel.isActive()) {
      p.future.completeExceptionally(new IllegalStateException("client is closed"));
      return p.future;
    }
    try {
      loop.execute(
          () -> {
            pending.put(tx, p);
            send(server, transaction.start(System.nanoTime()));
            schedule(p);
          });
    } catch (RejectedExecutionException e) {
      p.future.completeExceptionally(new IllegalStateException("client is closed", e));
    }
    return p.future;
  }

  private void send(InetSocketAddress to, byte[] bytes) {
    channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), to));
  }

  private void schedule(Pending p) {
    long deadline = Math.min(p.transaction.nextDeadline().orElse(p.giveUpAt), p.giveUpAt);
    long delay = Math.max(0, deadline - System.nanoTime());
    p.timer = channel.eventLoop().schedule(() -> onTimer(p), delay, TimeUnit.NANOSECONDS);
  }

  private void onTimer(Pending p) {
    if (p.future.isDone()) {
      return;
    }
    long now = System.nanoTime();
    if (now - p.giveUpAt >= 0) {
      finish(p);
      p.future.completeExceptionally(new TimeoutException("no Binding response within timeout"));
      return;
    }
    p.transaction.handleTimeout(now);
    p.transaction.pollTransmit().ifPresent(bytes -> send(p.server, bytes));
    if (p.transaction.outcome() == StunClientTransaction.Outcome.TIMEOUT) {
      finish(p);
      p.future.completeExceptionally(
          new TimeoutException(
              "no Binding response after " + p.transaction.sendCount() + " transmissions"));
      return;
    }
    schedule(p);
  }

  private void onDatagram(byte[] data, InetSocketAddress sender) {
    if (!StunMessage.looksLikeStun(data)) {
      return;
    }
    StunMessage message;
    try {
      message = StunMessage.decode(data);
    } catch (StunParseException e) {
      return; // RFC 8489 §6.3: malformed responses are discarded; retransmissions continue.
    }
    Pending p = pending.get(message.transactionId());
    if (p == null || !p.server.equals(sender) || !p.transaction.handleResponse(message)) {
      return;
    }
    long now = System.nanoTime();
    finish(p);
    if (message.stunClass() == StunClass.ERROR_RESPONSE) {
      p.future.completeExceptionally(
          new StunBindingException("Binding error response: " + message, message));
      return;
    }
    var mapped = message.first(XorMappedAddress.class);
    if (mapped.isEmpty()) {
      p.future.completeExceptionally(
          new StunBindingException("success response without XOR-MAPPED-ADDRESS", message));
      return;
    }
    p.future.complete(
        new BindingResult(
            mapped.get().address(),
            message.first(Software.class).map(Software::value),
            Duration.ofNanos(now - p.transaction.lastSendAt()),
            message));
  }

  private void finish(Pending p) {
    pending.remove(p.transaction.transactionId());
    if (p.timer != null) {
      p.timer.cancel(false);
    }
  }

  /** Closes the socket, fails outstanding requests and stops the event loop. */
  @Override
  public void close() {
    if (!group.isShuttingDown()) {
      channel
          .eventLoop()
          .submit(
              () -> {
                for (Pending p : new ArrayList<>(pending.values())) {
                  finish(p);
                  p.future.completeExceptionally(new IllegalStateException("client closed"));
                }
              })
          .syncUninterruptibly();
    }
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}

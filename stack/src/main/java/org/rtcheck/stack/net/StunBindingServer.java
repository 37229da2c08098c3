package org.rtcheck.stack.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.rtcheck.stack.stun.StunAttribute;
import org.rtcheck.stack.stun.StunAttribute.ErrorCode;
import org.rtcheck.stack.stun.StunAttribute.Software;
import org.rtcheck.stack.stun.StunAttribute.UnknownAttributes;
import org.rtcheck.stack.stun.StunAttribute.XorMappedAddress;
import org.rtcheck.stack.stun.StunAttributeType;
import org.rtcheck.stack.stun.StunClass;
import org.rtcheck.stack.stun.StunMessage;
import org.rtcheck.stack.stun.StunMessageBuilder;
import org.rtcheck.stack.stun.StunMessageType;
import org.rtcheck.stack.stun.StunParseException;
import org.rtcheck.stack.stun.TransactionId;

/**
 * A UDP STUN server that answers Binding requests (RFC 8489 §6.3): success with XOR-MAPPED-ADDRESS
 * and SOFTWARE, 400 for malformed requests, 420 with UNKNOWN-ATTRIBUTES for unknown
 * comprehension-required attributes. Non-STUN datagrams, indications and responses are dropped
 * silently. One event loop thread, owned by this server.
 */
public final class StunBindingServer implements AutoCloseable {
  /** SOFTWARE value of every response. */
  public static final String SOFTWARE = "rtcheck";

  /** Comprehension-required attributes the codec decodes but this server does not act on. */
  private static final List<Integer> NOT_IMPLEMENTED =
      List.of(
          StunAttributeType.CHANGE_REQUEST,
          StunAttributeType.RESPONSE_PORT,
          StunAttributeType.PADDING);

  private final EventLoopGroup group;
  private final Channel channel;

  private StunBindingServer(EventLoopGroup group, Channel channel) {
    this.group = group;
    this.channel = channel;
  }

  /** Binds to {@code address}; port 0 picks an ephemeral port, see {@link #localAddress()}. */
  public static StunBindingServer start(InetSocketAddress address) {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Channel channel =
          new Bootstrap()
              .group(group)
              .channel(NioDatagramChannel.class)
              .handler(new Handler())
              .bind(address)
              .syncUninterruptibly()
              .channel();
      return new StunBindingServer(group, channel);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
      throw e;
    }
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Decides the answer to one datagram; null means stay silent. Visible for the harness. */
  static byte[] respond(byte[] data, InetSocketAddress sender) {
    if (!StunMessage.looksLikeStun(data)) {
      return null;
    }
    StunMessage request;
    try {
      request = StunMessage.decode(data);
    } catch (StunParseException e) {
      // The header is intact (looksLikeStun), so the class and transaction ID can be read.
      int type = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
      if (StunMessageType.classOf(type) != StunClass.REQUEST) {
        return null; // RFC 8489 §6.3: malformed indications and responses are discarded.
      }
      TransactionId tx = TransactionId.of(Arrays.copyOfRange(data, 8, 20));
      return error(StunMessageType.methodOf(type), tx, ErrorCode.BAD_REQUEST, e.getMessage())
          .encode();
    }
    if (request.stunClass() != StunClass.REQUEST) {
      return null;
    }
    List<Integer> unknown = new ArrayList<>(request.unknownComprehensionRequired());
    for (StunAttribute a : request.attributes()) {
      // The codec knows the RFC 5780 attributes, but this server does not implement them: a
      // client must learn that from a 420 rather than from answers that ignore them.
      if (NOT_IMPLEMENTED.contains(a.type()) && !unknown.contains(a.type())) {
        unknown.add(a.type());
      }
    }
    if (!unknown.isEmpty()) {
      // RFC 8489 §6.3.1.1: 420 listing the attributes not understood.
      return error(
              request.method(),
              request.transactionId(),
              ErrorCode.UNKNOWN_ATTRIBUTE,
              "Unknown Attribute")
          .add(new UnknownAttributes(unknown))
          .encode();
    }
    if (request.method() != StunMessage.BINDING) {
      return error(
              request.method(),
              request.transactionId(),
              ErrorCode.BAD_REQUEST,
              "Only Binding is supported")
          .encode();
    }
    StunMessageBuilder response =
        StunMessage.builder(
                StunClass.SUCCESS_RESPONSE, StunMessage.BINDING, request.transactionId())
            .add(new XorMappedAddress(sender))
            .add(new Software(SOFTWARE));
    // RFC 8489 §7.3: echo the request's use of FINGERPRINT (ICE peers rely on it).
    if (request.indexOf(StunAttributeType.FINGERPRINT) >= 0) {
      response.addFingerprint();
    }
    return response.encode();
  }

  private static StunMessageBuilder error(int method, TransactionId tx, int code, String reason) {
    // RFC 8489 §14.8: the reason phrase is fewer than 128 characters.
    String phrase = reason.length() > 127 ? reason.substring(0, 127) : reason;
    return StunMessage.builder(StunClass.ERROR_RESPONSE, method, tx)
        .add(new ErrorCode(code, phrase))
        .add(new Software(SOFTWARE));
  }

  private static final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      byte[] answer = respond(ByteBufUtil.getBytes(packet.content()), packet.sender());
      if (answer != null) {
        ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(answer), packet.sender()));
      }
    }
  }
}

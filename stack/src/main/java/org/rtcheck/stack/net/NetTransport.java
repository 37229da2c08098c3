package org.rtcheck.stack.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.Locale;

/**
 * The Netty transport a {@link NetLoop} and the channels registered on it use: native epoll where
 * Netty's native library loads (Linux x86_64 and aarch64), Java NIO otherwise. The system property
 * {@value #PROPERTY} ({@code nio} or {@code epoll}) forces one, so a bench or a test can compare
 * them; forcing epoll where it is unavailable is an error, not a silent fallback.
 *
 * <p>What epoll buys is per datagram: {@code recvmmsg} reads a batch of datagrams in one system
 * call ({@link #configureDatagramReads}), and a burst written before one flush leaves in one {@code
 * sendmmsg} (Netty uses it whenever more than one datagram is waiting).
 */
public enum NetTransport {
  NIO {
    @Override
    IoHandlerFactory ioHandlerFactory() {
      return NioIoHandler.newFactory();
    }

    @Override
    Class<? extends DatagramChannel> datagramChannel() {
      return NioDatagramChannel.class;
    }

    @Override
    Class<? extends SocketChannel> socketChannel() {
      return NioSocketChannel.class;
    }

    @Override
    Class<? extends ServerChannel> serverSocketChannel() {
      return NioServerSocketChannel.class;
    }

    @Override
    void configureDatagramReads(Bootstrap bootstrap, int maxDatagram) {
      // One datagram per read system call, 16 per wake-up (Netty's default for datagram channels,
      // which an allocator set here must repeat); the buffer bounds the datagram.
      bootstrap.option(
          ChannelOption.RECVBUF_ALLOCATOR,
          new FixedRecvByteBufAllocator(maxDatagram).maxMessagesPerRead(16));
    }
  },

  EPOLL {
    @Override
    IoHandlerFactory ioHandlerFactory() {
      return EpollIoHandler.newFactory();
    }

    @Override
    Class<? extends DatagramChannel> datagramChannel() {
      return EpollDatagramChannel.class;
    }

    @Override
    Class<? extends SocketChannel> socketChannel() {
      return EpollSocketChannel.class;
    }

    @Override
    Class<? extends ServerChannel> serverSocketChannel() {
      return EpollServerSocketChannel.class;
    }

    @Override
    void configureDatagramReads(Bootstrap bootstrap, int maxDatagram) {
      // recvmmsg: Netty splits the read buffer into slots of MAX_DATAGRAM_PAYLOAD_SIZE and fills
      // as many as are waiting in one call. A read counts one message per datagram, so two full
      // batches per wake-up before the loop turns to its tasks.
      bootstrap
          .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, maxDatagram)
          .option(
              ChannelOption.RECVBUF_ALLOCATOR,
              new FixedRecvByteBufAllocator(maxDatagram * READ_BATCH)
                  .maxMessagesPerRead(2 * READ_BATCH));
    }
  };

  /** The system property that forces a transport: {@code nio} or {@code epoll}. */
  public static final String PROPERTY = "rtcheck.net.transport";

  /** Datagrams one {@code recvmmsg} call may return. */
  static final int READ_BATCH = 32;

  /** The transport {@value #PROPERTY} asks for, else epoll when available, else NIO. */
  public static NetTransport selected() {
    return select(System.getProperty(PROPERTY), Epoll.isAvailable());
  }

  /**
   * @param requested the property's value, or null or blank for automatic
   * @param epollAvailable whether Netty's native epoll library loaded here
   */
  static NetTransport select(String requested, boolean epollAvailable) {
    if (requested == null || requested.isBlank()) {
      return epollAvailable ? EPOLL : NIO;
    }
    NetTransport t =
        switch (requested.trim().toLowerCase(Locale.ROOT)) {
          case "nio" -> NIO;
          case "epoll" -> EPOLL;
          default ->
              throw new IllegalArgumentException(
                  PROPERTY
                      + " must be nio or epoll (or unset for automatic), got '"
                      + requested
                      + "'");
        };
    if (t == EPOLL && !epollAvailable) {
      throw new IllegalStateException(
          PROPERTY + "=epoll, but native epoll is not available here", Epoll.unavailabilityCause());
    }
    return t;
  }

  abstract IoHandlerFactory ioHandlerFactory();

  abstract Class<? extends DatagramChannel> datagramChannel();

  abstract Class<? extends SocketChannel> socketChannel();

  abstract Class<? extends ServerChannel> serverSocketChannel();

  /** Read options for a UDP socket that takes datagrams of up to {@code maxDatagram} bytes. */
  abstract void configureDatagramReads(Bootstrap bootstrap, int maxDatagram);
}

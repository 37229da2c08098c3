package org.rtcheck.stack.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The datagrams one UDP socket is asked to send during one event loop task, sent together at {@link
 * #flush()}: Netty's epoll transport sends what is waiting with one {@code sendmmsg}.
 *
 * <p>To a loopback destination, a run of datagrams to one address with one size (the last may be
 * shorter) also leaves as one UDP GSO send ({@code UDP_SEGMENT}, Linux 4.18+): the kernel walks its
 * send path once for the run and cuts it into the same datagrams. Only to loopback: on any other
 * path a queueing discipline (tc netem in the emulated networks) would see the run as one packet
 * and drop or delay it whole, which no other stack's traffic does. A socket that refuses a
 * segmented send stops segmenting; the datagrams of that send are lost as on the path, and DTLS or
 * SCTP resend them.
 *
 * <p>Event loop only: no locks.
 */
final class UdpBurst {

  /** RFC 768's 16-bit length, less the UDP header and an IPv6 header: one GSO send's payload. */
  private static final int MAX_SEGMENTED = 65_535 - 8 - 40;

  /** The kernel's limit on segments per send (UDP_MAX_SEGMENTS). */
  private static final int MAX_SEGMENTS = 64;

  private record Datagram(InetSocketAddress to, byte[] data) {}

  private final Channel channel;
  private final List<Datagram> held = new ArrayList<>();
  private boolean segment;
  private long segmentedSends;

  UdpBurst(Channel channel) {
    this.channel = channel;
    this.segment =
        channel instanceof EpollDatagramChannel
            && EpollDatagramChannel.isSegmentedDatagramPacketSupported();
  }

  boolean isEmpty() {
    return held.isEmpty();
  }

  void add(InetSocketAddress to, byte[] data) {
    if (segment) {
      held.add(new Datagram(to, data));
    } else {
      write(to, data);
    }
  }

  /** Writes what is held and flushes the socket. */
  void flush() {
    int n = held.size();
    int i = 0;
    while (i < n) {
      Datagram first = held.get(i);
      int end = runEnd(i);
      if (end - i == 1) {
        write(first.to(), first.data());
      } else {
        writeSegmented(i, end);
      }
      i = end;
    }
    held.clear();
    channel.flush();
  }

  /** GSO sends so far (a run of datagrams each), for tests. */
  long segmentedSends() {
    return segmentedSends;
  }

  /** The end (exclusive) of the run of datagrams that can leave with {@code held[start]}. */
  private int runEnd(int start) {
    Datagram first = held.get(start);
    int size = first.data().length;
    if (!first.to().getAddress().isLoopbackAddress()) {
      return start + 1;
    }
    int total = size;
    int end = start + 1;
    while (end < held.size() && end - start < MAX_SEGMENTS) {
      Datagram d = held.get(end);
      int length = d.data().length;
      if (!d.to().equals(first.to()) || length > size || total + length > MAX_SEGMENTED) {
        break;
      }
      total += length;
      end++;
      if (length < size) {
        break; // only the last segment may be shorter
      }
    }
    return end;
  }

  private void writeSegmented(int start, int end) {
    int size = held.get(start).data().length;
    int total = 0;
    for (int k = start; k < end; k++) {
      total += held.get(k).data().length;
    }
    ByteBuf buf = channel.alloc().directBuffer(total);
    for (int k = start; k < end; k++) {
      buf.writeBytes(held.get(k).data());
    }
    segmentedSends++;
    ChannelFuture f = channel.write(new SegmentedDatagramPacket(buf, size, held.get(start).to()));
    f.addListener(
        r -> {
          if (!r.isSuccess()) {
            segment = false;
          }
        });
  }

  private void write(InetSocketAddress to, byte[] data) {
    channel.write(new DatagramPacket(Unpooled.wrappedBuffer(data), to), channel.voidPromise());
  }
}

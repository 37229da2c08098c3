package org.rtcheck.stack.datachannel;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.rtcheck.stack.sctp.SctpAssociation;
import org.rtcheck.stack.sctp.SctpConfig;

/**
 * Two data channel transports (DTLS client and server) over a lossless 10 ms link, virtual time.
 */
final class TransportPair {

  private record InFlight(long at, long seq, boolean toServer, byte[] packet) {}

  final DataChannelTransport client;
  final DataChannelTransport server;
  final List<DataChannelEvent> clientEvents = new ArrayList<>();
  final List<DataChannelEvent> serverEvents = new ArrayList<>();
  long now;
  private long seq;
  private final PriorityQueue<InFlight> wire =
      new PriorityQueue<>(
          (x, y) -> x.at != y.at ? Long.compare(x.at, y.at) : Long.compare(x.seq, y.seq));

  TransportPair(long seed) {
    client =
        new DataChannelTransport(
            new SctpAssociation(SctpConfig.defaults(new SplittableRandom(seed))), true);
    server =
        new DataChannelTransport(
            new SctpAssociation(SctpConfig.defaults(new SplittableRandom(seed + 1))), false);
  }

  TransportPair connect() {
    client.connect(now);
    server.connect(now);
    runUntil(
        () ->
            client.association().state() == SctpAssociation.State.ESTABLISHED
                && server.association().state() == SctpAssociation.State.ESTABLISHED,
        5_000);
    return this;
  }

  void runUntil(BooleanSupplier done, long limit) {
    long end = now + limit;
    while (true) {
      pump();
      if (done.getAsBoolean()) {
        return;
      }
      long next = wire.isEmpty() ? Long.MAX_VALUE : wire.peek().at;
      OptionalLong tc = client.pollTimeout();
      OptionalLong ts = server.pollTimeout();
      if (tc.isPresent()) {
        next = Math.min(next, tc.getAsLong());
      }
      if (ts.isPresent()) {
        next = Math.min(next, ts.getAsLong());
      }
      if (next == Long.MAX_VALUE || next > end) {
        throw new AssertionError("not done after " + limit + " ms of virtual time");
      }
      now = Math.max(now, next);
      while (!wire.isEmpty() && wire.peek().at <= now) {
        InFlight f = wire.poll();
        (f.toServer ? server : client).handlePacket(f.packet, now);
      }
      if (tc.isPresent() && tc.getAsLong() <= now) {
        client.handleTimeout(now);
      }
      if (ts.isPresent() && ts.getAsLong() <= now) {
        server.handleTimeout(now);
      }
    }
  }

  void pump() {
    boolean moved = true;
    while (moved) {
      moved = false;
      byte[] p;
      while ((p = client.pollTransmit()) != null) {
        wire.add(new InFlight(now + 10, seq++, true, p));
        moved = true;
      }
      while ((p = server.pollTransmit()) != null) {
        wire.add(new InFlight(now + 10, seq++, false, p));
        moved = true;
      }
      DataChannelEvent e;
      while ((e = client.pollEvent()) != null) {
        clientEvents.add(e);
        moved = true;
      }
      while ((e = server.pollEvent()) != null) {
        serverEvents.add(e);
        moved = true;
      }
    }
  }

  static <T extends DataChannelEvent> List<T> of(List<DataChannelEvent> events, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (DataChannelEvent e : events) {
      if (type.isInstance(e)) {
        out.add(type.cast(e));
      }
    }
    return out;
  }
}

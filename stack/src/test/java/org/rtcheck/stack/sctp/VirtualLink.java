package org.rtcheck.stack.sctp;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Two associations wired through a scripted in-memory link on virtual time. Each direction has a
 * one-way delay and a {@link Script} that may drop, duplicate or delay (and so reorder) each
 * packet.
 */
final class VirtualLink {

  /** Decides the fate of the n-th packet sent in one direction. */
  interface Script {
    /** Extra delays (ms) for each copy to deliver; empty means drop. */
    long[] fate(int index, byte[] packet);

    Script PASS = (i, p) -> new long[] {0};
  }

  private record InFlight(long at, long seq, boolean toB, byte[] packet) {}

  final SctpAssociation a;
  final SctpAssociation b;
  long now;
  long oneWayDelay = 10;
  Script aToB = Script.PASS;
  Script bToA = Script.PASS;
  int sentAtoB;
  int sentBtoA;
  final List<SctpEvent> eventsA = new ArrayList<>();
  final List<SctpEvent> eventsB = new ArrayList<>();
  boolean pollA = true;
  boolean pollB = true;
  private long seq;
  private final PriorityQueue<InFlight> wire =
      new PriorityQueue<>(
          (x, y) -> x.at != y.at ? Long.compare(x.at, y.at) : Long.compare(x.seq, y.seq));

  VirtualLink(SctpConfig ca, SctpConfig cb) {
    a = new SctpAssociation(ca);
    b = new SctpAssociation(cb);
  }

  VirtualLink(long seed) {
    this(
        SctpConfig.defaults(new SplittableRandom(seed)),
        SctpConfig.defaults(new SplittableRandom(seed + 1)));
  }

  /** Both sides connect at once, as WebRTC endpoints do, and the link runs until both are up. */
  VirtualLink connectBoth() {
    a.connect(now);
    b.connect(now);
    runUntil(
        () ->
            a.state() == SctpAssociation.State.ESTABLISHED
                && b.state() == SctpAssociation.State.ESTABLISHED,
        10_000);
    return this;
  }

  /** Runs until {@code done} holds; fails when {@code limit} ms of virtual time pass first. */
  void runUntil(BooleanSupplier done, long limit) {
    long end = now + limit;
    while (true) {
      pump();
      if (done.getAsBoolean()) {
        return;
      }
      long next = Long.MAX_VALUE;
      if (!wire.isEmpty()) {
        next = wire.peek().at;
      }
      OptionalLong ta = a.pollTimeout();
      OptionalLong tb = b.pollTimeout();
      if (ta.isPresent()) {
        next = Math.min(next, ta.getAsLong());
      }
      if (tb.isPresent()) {
        next = Math.min(next, tb.getAsLong());
      }
      if (next == Long.MAX_VALUE || next > end) {
        throw new AssertionError(
            "not done after "
                + limit
                + " ms of virtual time (now "
                + now
                + ", a "
                + a.state()
                + ", b "
                + b.state()
                + ")");
      }
      now = Math.max(now, next);
      while (!wire.isEmpty() && wire.peek().at <= now) {
        InFlight f = wire.poll();
        (f.toB ? b : a).handlePacket(f.packet, now);
      }
      if (ta.isPresent() && ta.getAsLong() <= now) {
        a.handleTimeout(now);
      }
      if (tb.isPresent() && tb.getAsLong() <= now) {
        b.handleTimeout(now);
      }
    }
  }

  /** Moves packets onto the wire and events into the lists until nothing more comes out. */
  void pump() {
    boolean moved = true;
    while (moved) {
      moved = false;
      byte[] p;
      while ((p = a.pollTransmit()) != null) {
        put(true, p, aToB.fate(sentAtoB++, p));
        moved = true;
      }
      while ((p = b.pollTransmit()) != null) {
        put(false, p, bToA.fate(sentBtoA++, p));
        moved = true;
      }
      SctpEvent e;
      while (pollA && (e = a.pollEvent()) != null) {
        eventsA.add(e);
        moved = true;
      }
      while (pollB && (e = b.pollEvent()) != null) {
        eventsB.add(e);
        moved = true;
      }
    }
  }

  private void put(boolean toB, byte[] p, long[] delays) {
    for (long d : delays) {
      wire.add(new InFlight(now + oneWayDelay + d, seq++, toB, p));
    }
  }

  <T extends SctpEvent> List<T> of(List<SctpEvent> events, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (SctpEvent e : events) {
      if (type.isInstance(e)) {
        out.add(type.cast(e));
      }
    }
    return out;
  }

  List<SctpEvent.Message> messagesB() {
    return of(eventsB, SctpEvent.Message.class);
  }

  List<SctpEvent.Message> messagesA() {
    return of(eventsA, SctpEvent.Message.class);
  }

  /** True when the packet carries a DATA chunk (type 0 at the first chunk). */
  static boolean hasData(byte[] packet) {
    try {
      for (SctpChunk c : SctpPacketCodec.decode(packet).chunks()) {
        if (c instanceof SctpChunk.Data) {
          return true;
        }
      }
    } catch (SctpDecodeException e) {
      throw new AssertionError(e);
    }
    return false;
  }
}

package org.rtcheck.bench.sctp;

import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.rtcheck.stack.sctp.SctpAssociation;
import org.rtcheck.stack.sctp.SctpConfig;
import org.rtcheck.stack.sctp.SctpEvent;
import org.rtcheck.stack.sctp.SendOptions;

/**
 * Reliable ordered throughput of the own SCTP association: two associations wired back to back in
 * memory (no loss, no delay, 1 ms of virtual time per round) move 64 MiB in 16 KiB messages. One
 * invocation is the whole 64 MiB and counts as 64 operations, so the ops/s BenchRunner prints are
 * MiB/s. Packets are encoded, checksummed and decoded, as over DTLS; only the DTLS layer is left
 * out.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SctpThroughputBenchmark {

  static final int MESSAGE = 16 * 1024;
  static final int MIB = 64;
  static final long TOTAL = (long) MIB * 1024 * 1024;

  /**
   * Keep at most this much queued in the sender, as a data channel user watching bufferedAmount.
   */
  static final long HIGH_WATER = 1024 * 1024;

  private final byte[] message = new byte[MESSAGE];
  private long seed;

  @Setup
  public void setUp() {
    new SplittableRandom(1).nextBytes(message);
  }

  /** Moves 64 MiB from one association to the other; returns the bytes delivered. */
  @Benchmark
  @OperationsPerInvocation(MIB)
  public long own() throws Exception {
    return transfer(message, ++seed);
  }

  static long transfer(byte[] message, long seed) throws Exception {
    SctpAssociation a = new SctpAssociation(SctpConfig.defaults(new SplittableRandom(seed)));
    SctpAssociation b = new SctpAssociation(SctpConfig.defaults(new SplittableRandom(~seed)));
    long now = 0;
    a.connect(now);
    b.connect(now);
    long sent = 0;
    long delivered = 0;
    int idle = 0;
    while (delivered < TOTAL) {
      if (a.state() == SctpAssociation.State.ESTABLISHED) {
        while (sent < TOTAL && a.bufferedAmount(1) < HIGH_WATER) {
          a.send(1, 53, message, SendOptions.RELIABLE, now);
          sent += message.length;
        }
      }
      boolean moved = false;
      byte[] p;
      while ((p = a.pollTransmit()) != null) {
        b.handlePacket(p, now);
        moved = true;
      }
      while ((p = b.pollTransmit()) != null) {
        a.handlePacket(p, now);
        moved = true;
      }
      SctpEvent e;
      while ((e = b.pollEvent()) != null) {
        if (e instanceof SctpEvent.Message m) {
          delivered += m.data().length;
        }
      }
      while (a.pollEvent() != null) {
        // Connected and the like: nothing to do
      }
      now++;
      for (SctpAssociation x : new SctpAssociation[] {a, b}) {
        OptionalLong t = x.pollTimeout();
        if (t.isPresent() && t.getAsLong() <= now) {
          x.handleTimeout(now);
        }
      }
      idle = moved ? 0 : idle + 1;
      if (idle > 10_000) {
        throw new IllegalStateException("transfer stalled at " + delivered + " bytes");
      }
    }
    return delivered;
  }
}

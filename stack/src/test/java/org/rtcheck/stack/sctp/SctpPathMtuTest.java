package org.rtcheck.stack.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Path MTU discovery (RFC 8899 §6.2) between two associations on virtual time, through a link that
 * drops every packet above a path MTU: HEARTBEAT + PAD probes, the search up the size table,
 * black-hole fallback to BASE_PLPMTU and a peer that never answers probes.
 */
class SctpPathMtuTest {

  private static final long PPID_BINARY = 53;
  private static final int MAX = 16_384;

  /** Drops packets larger than {@code mtu} bytes; records the size of everything sent. */
  private static final class SizeLimit implements VirtualLink.Script {
    int mtu;
    int dropped;
    final List<Integer> sizes = new ArrayList<>();

    SizeLimit(int mtu) {
      this.mtu = mtu;
    }

    @Override
    public long[] fate(int index, byte[] packet) {
      sizes.add(packet.length);
      if (packet.length > mtu) {
        dropped++;
        return new long[0];
      }
      return new long[] {0};
    }
  }

  private static VirtualLink link(long seed, int maxA, int maxB) {
    return new VirtualLink(
        SctpConfig.defaults(new SplittableRandom(seed)).withMaxPlpmtu(maxA),
        SctpConfig.defaults(new SplittableRandom(seed + 1)).withMaxPlpmtu(maxB));
  }

  @ParameterizedTest(name = "path MTU {0} -> PLPMTU {1}")
  @CsvSource({
    "65536, 16384",
    "16384, 16384",
    "9000, 8932",
    "8931, 8912",
    "1500, 1432",
    "1420, 1412",
    "1300, 1200",
  })
  void convergesToTheLargestProbeSizeThePathCarries(int pathMtu, int expected) throws Exception {
    VirtualLink l = link(7, MAX, MAX);
    SizeLimit ab = new SizeLimit(pathMtu);
    SizeLimit ba = new SizeLimit(pathMtu);
    l.aToB = ab;
    l.bToA = ba;
    l.connectBoth();
    l.runUntil(
        () ->
            l.a.plpmtu() == expected
                && l.b.plpmtu() == expected
                && searchOver(l.a)
                && searchOver(l.b),
        60_000);
    assertThat(l.a.plpmtu()).isEqualTo(expected);
    // RFC 8899 §5.1.1: PROBE_TIMER >= 1 s, so three lost probes of a size cost at least 3 s.
    if (expected < MAX) {
      assertThat(ab.dropped).isGreaterThanOrEqualTo(PlpmtudSearch.MAX_PROBES);
    }

    // Data now goes in packets of the PLPMTU: none is lost to the path MTU.
    int droppedBefore = ab.dropped;
    int count = 64;
    for (int i = 0; i < count; i++) {
      l.a.send(1, PPID_BINARY, new byte[16 * 1024], SendOptions.RELIABLE, l.now);
    }
    int sizesBefore = ab.sizes.size();
    l.runUntil(() -> l.messagesB().size() == count, 60_000);
    assertThat(ab.dropped).isEqualTo(droppedBefore);
    List<Integer> sent = ab.sizes.subList(sizesBefore, ab.sizes.size());
    assertThat(sent.stream().mapToInt(Integer::intValue).max().orElse(0)).isEqualTo(expected);
    assertThat(l.a.t3Expirations()).isZero();
  }

  @Test
  void probesAreHeartbeatPlusPadOfExactlyTheProbedSize() throws Exception {
    VirtualLink l = link(3, MAX, 0);
    List<byte[]> probes = new ArrayList<>();
    l.aToB =
        (i, p) -> {
          if (hasPad(p)) {
            probes.add(p);
          }
          return new long[] {0};
        };
    l.connectBoth();
    l.runUntil(() -> l.a.plpmtu() == MAX, 10_000);
    assertThat(probes).extracting(p -> p.length).containsExactly(1200, 1412, 1432, 8912, 8932, MAX);
    for (byte[] p : probes) {
      List<SctpChunk> chunks = SctpPacketCodec.decode(p).chunks();
      assertThat(chunks).hasSize(2);
      assertThat(chunks.get(0)).isInstanceOf(SctpChunk.Heartbeat.class);
      assertThat(((SctpChunk.Heartbeat) chunks.get(0)).ack()).isFalse();
      assertThat(chunks.get(1)).isInstanceOf(SctpChunk.Pad.class);
    }
    // B has discovery off and still answers: PAD is only skipped (RFC 4820 §3), and the answer
    // echoes the Heartbeat Info, never the padding (RFC 9260 §8.3).
    assertThat(l.b.plpmtu()).isEqualTo(1200);
    assertThat(l.b.plpmtuProbesSent()).isZero();
  }

  @Test
  void heartbeatAckOfAProbeCarriesNoPadding() throws Exception {
    VirtualLink l = link(5, MAX, MAX);
    List<Integer> acks = new ArrayList<>();
    l.bToA =
        (i, p) -> {
          for (SctpChunk c : decode(p)) {
            if (c instanceof SctpChunk.Heartbeat h && h.ack()) {
              acks.add(p.length);
            }
          }
          return new long[] {0};
        };
    l.connectBoth();
    l.runUntil(() -> l.a.plpmtu() == MAX, 10_000);
    assertThat(acks).isNotEmpty().allMatch(n -> n <= 64);
  }

  @Test
  void blackHoleAfterConvergenceFallsBackToBaseAndRecovers() throws Exception {
    VirtualLink l = link(11, MAX, MAX);
    SizeLimit ab = new SizeLimit(65_536);
    l.aToB = ab;
    l.connectBoth();
    l.runUntil(() -> l.a.plpmtu() == MAX, 10_000);

    // The path shrinks under a transfer: packets above 1300 bytes vanish, no ICMP (a black hole).
    ab.mtu = 1300;
    long shrunk = l.now;
    int count = 32;
    for (int i = 0; i < count; i++) {
      l.a.send(1, PPID_BINARY, message(i), SendOptions.RELIABLE, l.now);
    }
    l.runUntil(() -> l.a.plpmtu() == 1200, 60_000);
    assertThat(l.a.plpmtuBlackHoles()).isEqualTo(1);
    // T3 (RTO >= 1 s) then MAX_PROBES probes of the PLPMTU, each PROBE_TIMER (>= 1 s) apart.
    assertThat(l.now - shrunk).isBetween(4_000L, 30_000L);

    // RFC 8899 §6.2: chunks already cut for 16 KiB packets cannot be cut again (RFC 9260 §6.9
    // leaves them to IP fragmentation); the path heals and everything arrives in order.
    ab.mtu = 65_536;
    l.runUntil(() -> l.messagesB().size() == count, 120_000);
    for (int i = 0; i < count; i++) {
      assertThat(number(l.messagesB().get(i).data())).isEqualTo(i);
    }
    assertThat(l.a.state()).isEqualTo(SctpAssociation.State.ESTABLISHED);
    // BASE confirmed again, the search runs back up the table at the latest when the
    // PMTU_RAISE_TIMER (600 s, RFC 8899 §5.1.1) expires.
    l.runUntil(() -> l.a.plpmtu() == MAX, PlpmtudSearch.RAISE_INTERVAL + 60_000);
  }

  @Test
  void peerThatNeverAnswersProbesKeepsBaseAndLosesNothing() throws Exception {
    VirtualLink l = link(17, MAX, MAX);
    // A peer (or middlebox) that drops every packet with a PAD chunk: no probe is ever answered.
    l.aToB = (i, p) -> hasPad(p) ? new long[0] : new long[] {0};
    l.bToA = (i, p) -> hasPad(p) ? new long[0] : new long[] {0};
    l.connectBoth();
    int count = 64;
    for (int i = 0; i < count; i++) {
      l.a.send(1, PPID_BINARY, message(i), SendOptions.RELIABLE, l.now);
    }
    l.runUntil(() -> l.messagesB().size() == count, 60_000);
    // Run past BASE's MAX_PROBES lost probes and a heartbeat: the association stays up.
    long end = l.now + 120_000;
    l.runUntil(() -> l.now >= end, 200_000);
    assertThat(l.a.state()).isEqualTo(SctpAssociation.State.ESTABLISHED);
    assertThat(l.a.plpmtu()).isEqualTo(1200);
    assertThat(l.a.plpmtuProbesSent()).isEqualTo(PlpmtudSearch.MAX_PROBES);
    assertThat(l.of(l.eventsA, SctpEvent.Aborted.class)).isEmpty();
  }

  @Test
  void offByDefault() throws Exception {
    VirtualLink l = new VirtualLink(19).connectBoth();
    List<byte[]> pads = new ArrayList<>();
    l.aToB =
        (i, p) -> {
          if (hasPad(p)) {
            pads.add(p);
          }
          return new long[] {0};
        };
    l.a.send(1, PPID_BINARY, new byte[50_000], SendOptions.RELIABLE, l.now);
    l.runUntil(() -> l.messagesB().size() == 1, 10_000);
    assertThat(pads).isEmpty();
    assertThat(l.a.plpmtu()).isEqualTo(1200);
  }

  private static boolean searchOver(SctpAssociation a) {
    return a.plpmtudState() == PlpmtudSearch.State.SEARCH_COMPLETE;
  }

  private static List<SctpChunk> decode(byte[] p) {
    try {
      return SctpPacketCodec.decode(p).chunks();
    } catch (SctpDecodeException e) {
      throw new AssertionError(e);
    }
  }

  private static boolean hasPad(byte[] p) {
    return decode(p).stream().anyMatch(c -> c instanceof SctpChunk.Pad);
  }

  private static byte[] message(int n) {
    byte[] b = new byte[16 * 1024];
    b[0] = (byte) (n >>> 24);
    b[1] = (byte) (n >>> 16);
    b[2] = (byte) (n >>> 8);
    b[3] = (byte) n;
    return b;
  }

  private static int number(byte[] b) {
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }
}

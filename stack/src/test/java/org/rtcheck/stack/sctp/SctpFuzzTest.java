package org.rtcheck.stack.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hostile input: the codec only ever refuses with its typed error; the association never throws.
 */
class SctpFuzzTest {

  @Test
  void mutatedPacketsDecodeOrFailTyped() {
    SplittableRandom r = new SplittableRandom(42);
    List<SctpChunk> samples =
        List.of(
            new SctpChunk.Data(false, false, true, true, 5, 1, 0, 51, new byte[40]),
            new SctpChunk.Sack(5, 1000, List.of(new SctpChunk.GapBlock(2, 4)), List.of(3L)),
            new SctpChunk.Init(
                false, 7, 1000, 10, 10, 1, List.of(new SctpParameter.ForwardTsnSupported())),
            new SctpChunk.ReConfig(
                List.of(new SctpParameter.OutgoingSsnResetRequest(1, 2, 3, List.of(1)))),
            new SctpChunk.ForwardTsn(9, List.of(new SctpChunk.SkippedStream(1, 1))));
    for (int i = 0; i < 20_000; i++) {
      byte[] p =
          SctpPacketCodec.encode(
              new SctpPacket(1, 2, 3, List.of(samples.get(r.nextInt(samples.size())))));
      int flips = 1 + r.nextInt(4);
      for (int f = 0; f < flips; f++) {
        p[12 + r.nextInt(p.length - 12)] = (byte) r.nextInt(256);
      }
      if (r.nextBoolean()) {
        p = java.util.Arrays.copyOf(p, 12 + r.nextInt(p.length - 11));
      }
      SctpChecksum.stamp(p, 0, p.length);
      try {
        SctpPacketCodec.decode(p);
      } catch (SctpDecodeException e) {
        assertThat(e.offset()).isBetween(0, p.length);
      }
    }
  }

  @Test
  void anEstablishedAssociationSurvivesRandomChunks() {
    long seed = 77;
    VirtualLink l = new VirtualLink(seed).connectBoth();
    SplittableRandom r = new SplittableRandom(9);
    long tag = peerTagOf(l);
    int associations = 1;
    for (int i = 0; i < 5_000; i++) {
      if (l.b.state() != SctpAssociation.State.ESTABLISHED) {
        // A protocol violation closed it (e.g. a SACK for a TSN never sent): start another.
        l = new VirtualLink(++seed).connectBoth();
        tag = peerTagOf(l);
        associations++;
      }
      SctpChunk c =
          switch (r.nextInt(5)) {
            case 0 ->
                new SctpChunk.Data(
                    r.nextBoolean(),
                    r.nextBoolean(),
                    r.nextBoolean(),
                    r.nextBoolean(),
                    r.nextLong(1L << 32),
                    r.nextInt(2048),
                    r.nextInt(65536),
                    r.nextInt(60),
                    new byte[1 + r.nextInt(50)]);
            case 1 ->
                new SctpChunk.Sack(
                    r.nextLong(1L << 32), r.nextLong(1L << 32),
                    List.of(new SctpChunk.GapBlock(r.nextInt(65536), r.nextInt(65536))), List.of());
            case 2 ->
                new SctpChunk.ForwardTsn(
                    r.nextLong(1L << 32),
                    List.of(new SctpChunk.SkippedStream(r.nextInt(65536), r.nextInt(65536))));
            case 3 ->
                new SctpChunk.ReConfig(
                    List.of(
                        new SctpParameter.OutgoingSsnResetRequest(
                            r.nextLong(1L << 32),
                            r.nextLong(1L << 32),
                            r.nextLong(1L << 32),
                            List.of(r.nextInt(65536)))));
            default ->
                new SctpChunk.Unknown(r.nextInt(256), r.nextInt(256), new byte[r.nextInt(9)]);
          };
      l.b.handlePacket(SctpPacketCodec.encode(new SctpPacket(5000, 5000, tag, List.of(c))), l.now);
      l.b.handleTimeout(++l.now);
      while (l.b.pollTransmit() != null) {
        // dropped
      }
      while (l.b.pollEvent() != null) {
        // dropped
      }
    }
    assertThat(associations).isLessThan(5_000);
  }

  /** The verification tag B expects: the one A's packets carry. */
  private static long peerTagOf(VirtualLink l) {
    l.a.handleTimeout(l.now);
    try {
      l.a.send(0, 51, new byte[] {1}, SendOptions.RELIABLE, l.now);
    } catch (SctpSendException e) {
      throw new AssertionError(e);
    }
    byte[] p = l.a.pollTransmit();
    try {
      return SctpPacketCodec.decode(p).verificationTag();
    } catch (SctpDecodeException e) {
      throw new AssertionError(e);
    }
  }
}

package org.rtcheck.stack.sctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SctpPacketCodecTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void crc32cMatchesRfc3720AppendixB4() {
    byte[] zeros = new byte[32];
    byte[] ones = new byte[32];
    byte[] up = new byte[32];
    byte[] down = new byte[32];
    for (int i = 0; i < 32; i++) {
      ones[i] = (byte) 0xff;
      up[i] = (byte) i;
      down[i] = (byte) (31 - i);
    }
    // B.4 lists the CRC bytes in wire order, least significant first.
    assertThat(wire(SctpChecksum.crc32c(zeros, 0, 32))).isEqualTo("aa36918a");
    assertThat(wire(SctpChecksum.crc32c(ones, 0, 32))).isEqualTo("43aba862");
    assertThat(wire(SctpChecksum.crc32c(up, 0, 32))).isEqualTo("4e79dd46");
    assertThat(wire(SctpChecksum.crc32c(down, 0, 32))).isEqualTo("5cdb3f11");
  }

  private static String wire(int crc) {
    return HEX.formatHex(
        new byte[] {(byte) crc, (byte) (crc >>> 8), (byte) (crc >>> 16), (byte) (crc >>> 24)});
  }

  @Test
  void everyChunkRoundTrips() throws Exception {
    List<SctpChunk> chunks =
        List.of(
            new SctpChunk.Data(
                true, true, true, false, 0xfffffffeL, 3, 9, 51, new byte[] {1, 2, 3}),
            new SctpChunk.IData(false, false, true, true, 7, 1, 2, 53, new byte[] {9}),
            new SctpChunk.Init(
                false,
                0x12345678L,
                1 << 20,
                1024,
                1024,
                42,
                List.of(
                    new SctpParameter.ForwardTsnSupported(),
                    new SctpParameter.SupportedExtensions(List.of(192, 130)))),
            new SctpChunk.Init(
                true,
                1,
                2,
                3,
                4,
                5,
                List.of(new SctpParameter.StateCookie(new byte[] {1, 2, 3, 4, 5}))),
            new SctpChunk.Sack(
                100,
                5000,
                List.of(new SctpChunk.GapBlock(2, 3), new SctpChunk.GapBlock(5, 5)),
                List.of(99L)),
            new SctpChunk.Heartbeat(
                false, List.of(new SctpParameter.HeartbeatInfo(new byte[] {7}))),
            new SctpChunk.Heartbeat(true, List.of(new SctpParameter.HeartbeatInfo(new byte[] {7}))),
            new SctpChunk.Abort(true, List.of(ErrorCause.userInitiatedAbort("bye"))),
            new SctpChunk.Shutdown(77),
            new SctpChunk.ShutdownAck(),
            new SctpChunk.OperationError(
                List.of(new ErrorCause(ErrorCause.STALE_COOKIE, new byte[4]))),
            new SctpChunk.CookieEcho(new byte[] {1, 2, 3}),
            new SctpChunk.CookieAck(),
            new SctpChunk.ShutdownComplete(true),
            new SctpChunk.ForwardTsn(1000, List.of(new SctpChunk.SkippedStream(1, 2))),
            new SctpChunk.ReConfig(
                List.of(
                    new SctpParameter.OutgoingSsnResetRequest(1, 2, 3, List.of(4, 5)),
                    new SctpParameter.ReconfigurationResponse(9, 1))));
    byte[] wire = SctpPacketCodec.encode(new SctpPacket(5000, 5000, 0xdeadbeefL, chunks));
    SctpPacket back = SctpPacketCodec.decode(wire);
    assertThat(back.chunks()).hasSize(chunks.size());
    assertThat(SctpPacketCodec.encode(back)).isEqualTo(wire);
    assertThat(back.verificationTag()).isEqualTo(0xdeadbeefL);
    SctpChunk.Data d = (SctpChunk.Data) back.chunks().get(0);
    assertThat(d.tsn()).isEqualTo(0xfffffffeL);
    assertThat(d.unordered()).isTrue();
    assertThat(d.immediate()).isTrue();
    assertThat(d.ending()).isFalse();
  }

  @Test
  void negativeDecodesNameTheChunkAndOffset() {
    byte[] ok =
        SctpPacketCodec.encode(
            new SctpPacket(1, 2, 3, List.of(new SctpChunk.Shutdown(5), new SctpChunk.CookieAck())));
    byte[] flipped = ok.clone();
    flipped[13] ^= 1;
    assertError(flipped, SctpDecodeException.Reason.BAD_CHECKSUM, "header", 8);
    assertError(new byte[5], SctpDecodeException.Reason.TRUNCATED, "header", 0);
    byte[] badLen = ok.clone();
    badLen[15] = 12; // SHUTDOWN length 12 instead of 8
    SctpChecksum.stamp(badLen, 0, badLen.length);
    assertError(badLen, SctpDecodeException.Reason.BAD_LENGTH, "SHUTDOWN", 14);
    byte[] zeroTag =
        SctpPacketCodec.encode(
            new SctpPacket(1, 2, 0, List.of(new SctpChunk.Init(false, 1, 1, 1, 1, 1, List.of()))));
    zeroTag[16] = zeroTag[17] = zeroTag[18] = zeroTag[19] = 0;
    SctpChecksum.stamp(zeroTag, 0, zeroTag.length);
    assertError(zeroTag, SctpDecodeException.Reason.MALFORMED, "INIT", 16);
  }

  private static void assertError(
      byte[] p, SctpDecodeException.Reason r, String chunk, int offset) {
    assertThatThrownBy(() -> SctpPacketCodec.decode(p))
        .isInstanceOfSatisfying(
            SctpDecodeException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(r);
              assertThat(e.chunk()).isEqualTo(chunk);
              assertThat(e.offset()).isEqualTo(offset);
            });
  }
}

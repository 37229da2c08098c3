package org.rtcheck.stack.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RtpPacketTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  @Test
  void fixedHeaderAndPayload() throws Exception {
    RtpPacket p = RtpPacket.parse(hex("80e0 1234 00000064 deadbeef 01020304"));
    assertThat(p.marker()).isTrue();
    assertThat(p.payloadType()).isEqualTo(96);
    assertThat(p.sequenceNumber()).isEqualTo(0x1234);
    assertThat(p.timestamp()).isEqualTo(100);
    assertThat(p.ssrc()).isEqualTo(0xdeadbeefL);
    assertThat(p.payloadOffset()).isEqualTo(12);
    assertThat(p.payloadLength()).isEqualTo(4);
    assertThat(p.extensionProfile()).isEqualTo(-1);
  }

  @Test
  void csrcsOneByteExtensionsAndPadding() throws Exception {
    // CC=1, X=1, P=1; one-byte block: id 1 len 1 (2 bytes), a padding byte, id 2 len 0 (1 byte)
    RtpPacket p =
        RtpPacket.parse(
            hex("b1 6f 0001 00000000 00000001 00000002 bede 0002 11aabb00 2099 0000 ff 02"));
    assertThat(p.csrcs()).containsExactly(2L);
    assertThat(p.extensionProfile()).isEqualTo(RtpPacket.ONE_BYTE_PROFILE);
    assertThat(p.extensions()).hasSize(2);
    assertThat(p.extensions().get(0).id()).isEqualTo(1);
    assertThat(p.extensions().get(0).data()).containsExactly(0xaa, 0xbb);
    assertThat(p.extensions().get(1).id()).isEqualTo(2);
    assertThat(p.extensions().get(1).data()).containsExactly(0x99);
    assertThat(p.paddingLength()).isEqualTo(2);
    assertThat(p.payloadLength()).isZero();
  }

  @Test
  void twoByteExtensions() throws Exception {
    RtpPacket p = RtpPacket.parse(hex("906f 0001 00000000 00000001 1000 0002 0503 010203 00 0000"));
    assertThat(p.extensions())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.id()).isEqualTo(5);
              assertThat(e.data()).containsExactly(1, 2, 3);
            });
  }

  @Test
  void malformedPacketsNameTheRuleAndTheOffset() {
    assertThatThrownBy(() -> RtpPacket.parse(hex("8060 0001")))
        .hasMessageContaining("12-byte fixed header");
    assertThatThrownBy(() -> RtpPacket.parse(hex("4060 0001 00000000 00000001")))
        .hasMessageContaining("version 1");
    assertThatThrownBy(() -> RtpPacket.parse(hex("8360 0001 00000000 00000001 00000002")))
        .hasMessageContaining("3 CSRCs");
    assertThatThrownBy(() -> RtpPacket.parse(hex("9060 0001 00000000 00000001 bede 0009 00000000")))
        .isInstanceOfSatisfying(RtpFormatException.class, e -> assertThat(e.offset()).isEqualTo(14))
        .hasMessageContaining("runs past");
    assertThatThrownBy(() -> RtpPacket.parse(hex("a060 0001 00000000 00000001 aa00")))
        .hasMessageContaining("padding count 0");
    assertThatThrownBy(() -> RtpPacket.parse(hex("a060 0001 00000000 00000001 aa09")))
        .hasMessageContaining("padding count 9");
    assertThatThrownBy(() -> RtpPacket.parse(hex("80c8 0001 00000000 00000001")))
        .hasMessageContaining("collides with RTCP");
    assertThatThrownBy(() -> RtpPacket.parse(hex("906f 0001 00000000 00000001 bede 0001 1faa0000")))
        .hasMessageContaining("one-byte extension element 1");
  }

  @Test
  void rtcpCompoundsAreSplitAndChecked() throws Exception {
    byte[] rrSdes = hex("80c9 0001 00000001  81ca 0003 00000001 0103 616263 000000");
    assertThat(RtcpCompound.parse(rrSdes, 0, rrSdes.length, false))
        .extracting(RtcpCompound.Packet::type)
        .containsExactly(RtcpCompound.RR, RtcpCompound.SDES);
    byte[] pli = hex("81ce 0002 00000001 00000002");
    assertThatThrownBy(() -> RtcpCompound.parse(pli, 0, pli.length, false))
        .hasMessageContaining("starts with SR or RR");
    assertThat(RtcpCompound.parse(pli, 0, pli.length, true))
        .singleElement()
        .satisfies(p -> assertThat(p.senderSsrc()).isEqualTo(1));
    byte[] paddedFirst = hex("a0c9 0001 00000001  81ca 0003 00000001 0103 616263 000000");
    assertThatThrownBy(() -> RtcpCompound.parse(paddedFirst, 0, paddedFirst.length, false))
        .hasMessageContaining("padding on a packet that is not the last");
    byte[] tooLong = hex("80c9 0009 00000001");
    assertThatThrownBy(() -> RtcpCompound.parse(tooLong, 0, tooLong.length, false))
        .hasMessageContaining("length field says 40 bytes");
  }
}

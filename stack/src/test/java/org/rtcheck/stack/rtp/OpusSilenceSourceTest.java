package org.rtcheck.stack.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpusSilenceSourceTest {

  @Test
  void packetsAreValidRtpWithTheSilenceFrameAndAdvanceBy960() throws Exception {
    OpusSilenceSource src = new OpusSilenceSource(111, 0xCAFEBABEL, 0xFFFF, 0xFFFFFD00L, 0, "0");
    RtpPacket p1 = RtpPacket.parse(src.next());
    byte[] raw = src.next();
    RtpPacket p2 = RtpPacket.parse(raw);
    assertThat(p1.payloadType()).isEqualTo(111);
    assertThat(p1.ssrc()).isEqualTo(0xCAFEBABEL);
    assertThat(p1.extensionProfile()).isEqualTo(-1);
    // RFC 3550 §5.1: sequence and timestamp wrap modulo 2^16 and 2^32.
    assertThat(p1.sequenceNumber()).isEqualTo(0xFFFF);
    assertThat(p2.sequenceNumber()).isZero();
    assertThat(p2.timestamp()).isEqualTo((0xFFFFFD00L + 960) & 0xFFFFFFFFL);
    assertThat(p2.payloadLength()).isEqualTo(3);
    assertThat(raw[p2.payloadOffset()] & 0xff).isEqualTo(0xF8); // RFC 6716 §3.1 TOC, config 31
  }

  @Test
  void theMidExtensionIsAOneByteElement() throws Exception {
    OpusSilenceSource src = new OpusSilenceSource(109, 1, 0, 0, 4, "audio1");
    RtpPacket p = RtpPacket.parse(src.next());
    assertThat(p.extensionProfile()).isEqualTo(RtpPacket.ONE_BYTE_PROFILE);
    assertThat(p.extensions())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.id()).isEqualTo(4);
              assertThat(new String(e.data(), StandardCharsets.US_ASCII)).isEqualTo("audio1");
            });
    assertThat(p.payloadLength()).isEqualTo(3);
  }

  @Test
  void badParametersAreRefused() {
    assertThatThrownBy(() -> new OpusSilenceSource(128, 1, 0, 0, 0, "0"))
        .hasMessageContaining("payload type 128");
    assertThatThrownBy(() -> new OpusSilenceSource(111, 1, 0, 0, 15, "0"))
        .hasMessageContaining("RFC 8285 §4.2");
    assertThatThrownBy(() -> new OpusSilenceSource(111, 1, 0, 0, 3, "x".repeat(17)))
        .hasMessageContaining("not 1..16 bytes");
  }
}

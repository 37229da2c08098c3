package org.rtcheck.stack.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** BYE written and read back, with and without a reason (RFC 3550 §6.6). */
class RtcpByeTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  private static RtcpBye parse(byte[] b) throws RtpFormatException {
    List<RtcpCompound.Packet> packets = RtcpCompound.parse(b, 0, b.length, true);
    return RtcpBye.parse(b, 0, packets.get(packets.size() - 1));
  }

  @Test
  void writtenByeReadsBack() throws Exception {
    byte[] b = new byte[RtcpBye.size(2)];
    RtcpBye.write(b, 0, List.of(0x01020304L, 0xfffffffeL));
    assertThat(HexFormat.of().formatHex(b)).isEqualTo("82cb000201020304fffffffe");
    assertThat(parse(b))
        .isEqualTo(new RtcpBye(List.of(0x01020304L, 0xfffffffeL), Optional.empty()));
  }

  @Test
  void reasonIsReadAndPaddingIsNotAReason() throws Exception {
    // SC 1, reason "bye" (length 3) then one null octet to the word boundary.
    assertThat(parse(hex("81cb 0002 00000001 03 627965")))
        .extracting(r -> r.reason().orElseThrow())
        .isEqualTo("bye");
    // The same packet with its last word as RTP padding (count 4): no reason.
    assertThat(parse(hex("a1cb 0002 00000001 00000004")).reason()).isEmpty();
  }

  @Test
  void sourcesOrReasonPastThePacketAreRefusedWithTheRuleAndOffset() {
    assertThatThrownBy(() -> parse(hex("82cb 0001 00000001")))
        .isInstanceOfSatisfying(
            RtpFormatException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(RtpFormatException.Rule.BYE_PAST_PACKET);
              assertThat(e.offset()).isEqualTo(2);
            });
    assertThatThrownBy(() -> parse(hex("81cb 0002 00000001 09 627965")))
        .isInstanceOfSatisfying(
            RtpFormatException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(RtpFormatException.Rule.BYE_PAST_PACKET);
              assertThat(e.offset()).isEqualTo(8);
            });
  }
}

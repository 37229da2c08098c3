package org.rtcheck.stack.datachannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DcepCodecTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void openEncodesPerRfc8832Section5_1() throws Exception {
    DcepMessage.Open o =
        new DcepMessage.Open(ChannelType.PARTIAL_RELIABLE_REXMIT_UNORDERED, 256, 3, "chat", "p");
    byte[] b = DcepCodec.encode(o);
    assertThat(HEX.formatHex(b)).isEqualTo("03810100000000030004000163686174" + "70");
    assertThat(DcepCodec.decode(b)).isEqualTo(o);
  }

  @Test
  void ackIsOneByte() throws Exception {
    assertThat(DcepCodec.encode(new DcepMessage.Ack())).containsExactly(2);
    assertThat(DcepCodec.decode(new byte[] {2})).isInstanceOf(DcepMessage.Ack.class);
  }

  @Test
  void negativesAreTyped() {
    assertReason("", DcepDecodeException.Reason.TRUNCATED);
    assertReason("04", DcepDecodeException.Reason.UNKNOWN_MESSAGE_TYPE);
    assertReason("030000", DcepDecodeException.Reason.TRUNCATED);
    assertReason("03030100000000000000000", DcepDecodeException.Reason.UNKNOWN_CHANNEL_TYPE);
    assertReason("030001000000000000050000616263", DcepDecodeException.Reason.BAD_LENGTH);
    assertReason("03000100000000000002" + "0000" + "c328", DcepDecodeException.Reason.BAD_UTF8);
  }

  private static void assertReason(String hex, DcepDecodeException.Reason reason) {
    byte[] b = HEX.parseHex(hex.length() % 2 == 0 ? hex : hex + "0");
    assertThatThrownBy(() -> DcepCodec.decode(b))
        .isInstanceOfSatisfying(
            DcepDecodeException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}

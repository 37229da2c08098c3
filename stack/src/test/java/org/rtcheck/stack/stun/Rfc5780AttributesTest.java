package org.rtcheck.stack.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.stun.StunAttribute.ChangeRequest;
import org.rtcheck.stack.stun.StunAttribute.OtherAddress;
import org.rtcheck.stack.stun.StunAttribute.Padding;
import org.rtcheck.stack.stun.StunAttribute.ResponseOrigin;
import org.rtcheck.stack.stun.StunAttribute.ResponsePort;

/** The RFC 5780 §7 attributes on the wire. */
class Rfc5780AttributesTest {
  private static final TransactionId TX = TransactionId.fromHex("0102030405060708090a0b0c");

  private static String hexOf(StunAttribute a) {
    byte[] m = StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING, TX).add(a).encode();
    return HexFormat.of().formatHex(m, StunMessage.HEADER_LENGTH, m.length);
  }

  private static StunAttribute decode(String attributeHex) throws StunParseException {
    byte[] attr = HexFormat.of().parseHex(attributeHex);
    byte[] m =
        StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING, TX)
            .add(new StunAttribute.Unknown(0x7FFF, new byte[0]))
            .encode();
    byte[] all = new byte[StunMessage.HEADER_LENGTH + attr.length];
    System.arraycopy(m, 0, all, 0, StunMessage.HEADER_LENGTH);
    System.arraycopy(attr, 0, all, StunMessage.HEADER_LENGTH, attr.length);
    all[2] = (byte) (attr.length >> 8);
    all[3] = (byte) attr.length;
    return StunMessage.decode(all).attributes().get(0);
  }

  @Test
  void changeRequestFlagsAreBitsAAndB() throws Exception {
    // RFC 5780 §7.2: A (change IP) is 0x04, B (change port) is 0x02.
    assertThat(hexOf(new ChangeRequest(true, true))).isEqualTo("0003000400000006");
    assertThat(hexOf(new ChangeRequest(false, true))).isEqualTo("0003000400000002");
    assertThat(hexOf(new ChangeRequest(true, false))).isEqualTo("0003000400000004");
    assertThat(decode("00030004000000ff")).isEqualTo(new ChangeRequest(true, true));
    assertThat(decode("0003000400000000")).isEqualTo(new ChangeRequest(false, false));
    assertThat(StunAttributeType.name(StunAttributeType.CHANGE_REQUEST))
        .isEqualTo("CHANGE-REQUEST");
  }

  @Test
  void responsePortIsAPortAndTwoBytesOfPadding() throws Exception {
    assertThat(hexOf(new ResponsePort(0xBEEF))).isEqualTo("00270004beef0000");
    assertThat(decode("00270004beef0000")).isEqualTo(new ResponsePort(0xBEEF));
    assertThatThrownBy(() -> decode("00270002beef0000"))
        .isInstanceOf(StunParseException.class)
        .hasMessageContaining("RESPONSE-PORT");
    assertThatThrownBy(() -> new ResponsePort(65536)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void otherAddressAndResponseOriginUseTheMappedAddressEncoding() throws Exception {
    InetSocketAddress a = new InetSocketAddress("192.0.2.1", 3479);
    // RFC 5780 §7.3/§7.4: not XOR'ed.
    assertThat(hexOf(new OtherAddress(a))).isEqualTo("802c000800010d97c0000201");
    assertThat(hexOf(new ResponseOrigin(a))).isEqualTo("802b000800010d97c0000201");
    assertThat(decode("802c000800010d97c0000201")).isEqualTo(new OtherAddress(a));
    assertThat(decode("802b000800010d97c0000201")).isEqualTo(new ResponseOrigin(a));
  }

  @Test
  void paddingKeepsItsBytes() throws Exception {
    assertThat(hexOf(new Padding(new byte[3]))).isEqualTo("0026000300000000");
    assertThat(decode("0026000300000000")).isEqualTo(new Padding(new byte[3]));
    assertThat(new Padding(new byte[300]).toString()).contains("300 bytes");
  }
}

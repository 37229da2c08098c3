package org.rtcheck.interop.subject.own;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rtcheck.stack.stun.StunAttribute;

class StunMessageJsonTest {

  @ParameterizedTest
  @CsvSource({
    "2001:0db8:0:0:0:0:0:1, 2001:db8::1",
    "0:0:0:0:0:0:0:1, ::1",
    "0:0:0:0:0:0:0:0, ::",
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "fe80:0:0:0:0:0:0:0, fe80::",
    "2001:db8:1:0:1:0:0:0, 2001:db8:1:0:1::",
    "2001:DB8:1234:5678:11:2233:4455:6677, 2001:db8:1234:5678:11:2233:4455:6677",
    "192.0.2.1, 192.0.2.1"
  })
  void addressesAreWrittenAsRfc5952Says(String in, String expected) throws Exception {
    assertThat(StunMessageJson.text(InetAddress.getByName(in))).isEqualTo(expected);
  }

  @Test
  void turnAttributesGoBothWays() {
    InetSocketAddress a = new InetSocketAddress("192.0.2.1", 3479);
    List<StunAttribute> all =
        List.of(
            new StunAttribute.ChannelNumber(0x4001),
            new StunAttribute.Lifetime(600),
            new StunAttribute.XorPeerAddress(a),
            new StunAttribute.XorRelayedAddress(a),
            new StunAttribute.Data(new byte[] {1, 2, 3}),
            new StunAttribute.RequestedAddressFamily(1),
            new StunAttribute.EvenPort(true),
            new StunAttribute.RequestedTransport(17),
            new StunAttribute.DontFragment(),
            new StunAttribute.ReservationToken(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
    for (StunAttribute attr : all) {
      assertThat(StunMessageJson.parse(StunMessageJson.describe(attr))).isEqualTo(attr);
    }
  }

  @Test
  void rfc5780AttributesGoBothWays() {
    InetSocketAddress a = new InetSocketAddress("192.0.2.1", 3479);
    List<StunAttribute> all =
        List.of(
            new StunAttribute.OtherAddress(a),
            new StunAttribute.ResponseOrigin(a),
            new StunAttribute.ChangeRequest(true, false),
            new StunAttribute.ResponsePort(40000),
            new StunAttribute.Padding(new byte[] {1, 2, 3}));
    for (StunAttribute attr : all) {
      assertThat(StunMessageJson.parse(StunMessageJson.describe(attr))).isEqualTo(attr);
    }
    assertThat(StunMessageJson.describe(all.get(2)).toString())
        .isEqualTo("{\"type\":\"CHANGE-REQUEST\",\"changeIp\":true,\"changePort\":false}");
    assertThat(StunMessageJson.describe(all.get(0)).path("port").asInt()).isEqualTo(3479);
  }
}

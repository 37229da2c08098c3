package org.rtcheck.stack.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.stun.StunAttribute;
import org.rtcheck.stack.stun.StunAttributeType;
import org.rtcheck.stack.stun.StunClass;
import org.rtcheck.stack.stun.StunMessage;
import org.rtcheck.stack.stun.StunParseException;
import org.rtcheck.stack.stun.TransactionId;

/** The RFC 8656 §18 attributes in the STUN codec. */
class TurnAttributesTest {
  private static final TransactionId TX = TransactionId.fromHex("b7e7a701bc34d686fa87dfae");

  @Test
  void everyTurnAttributeRoundTrips() throws Exception {
    InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853);
    InetSocketAddress v6 =
        new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
    List<StunAttribute> attrs =
        List.of(
            new StunAttribute.ChannelNumber(0x4001),
            new StunAttribute.Lifetime(0xFFFF_FFFFL),
            new StunAttribute.XorPeerAddress(v4),
            new StunAttribute.XorPeerAddress(v6),
            new StunAttribute.Data(new byte[] {1, 2, 3}),
            new StunAttribute.XorRelayedAddress(v6),
            new StunAttribute.RequestedAddressFamily(2),
            new StunAttribute.EvenPort(true),
            new StunAttribute.RequestedTransport(17),
            new StunAttribute.DontFragment(),
            new StunAttribute.ReservationToken(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
    var b = StunMessage.builder(StunClass.REQUEST, TurnMethod.ALLOCATE, TX);
    attrs.forEach(b::add);
    StunMessage m = StunMessage.decode(b.encode());
    assertThat(m.attributes()).containsExactlyElementsOf(attrs);
    assertThat(m.unknownComprehensionRequired()).isEmpty();
    assertThat(attrs).allSatisfy(a -> assertThat(StunAttributeType.isKnown(a.type())).isTrue());
  }

  @Test
  void wireFormsFollowRfc8656Section18() {
    byte[] msg =
        StunMessage.builder(StunClass.REQUEST, TurnMethod.ALLOCATE, TX)
            .add(new StunAttribute.RequestedTransport(17))
            .add(new StunAttribute.ChannelNumber(0x4000))
            .add(new StunAttribute.EvenPort(true))
            .add(new StunAttribute.Lifetime(600))
            .encode();
    String attrs = HexFormat.of().formatHex(Arrays.copyOfRange(msg, 20, msg.length));
    assertThat(attrs)
        .isEqualTo(
            "0019000411000000" // REQUESTED-TRANSPORT: protocol 17, 24 RFFU bits
                + "000c000440000000" // CHANNEL-NUMBER: 0x4000, 16 RFFU bits
                + "0018000180000000" // EVEN-PORT: R bit, padded to 4
                + "000d000400000258"); // LIFETIME: 600 s
  }

  @Test
  void xorPeerAddressUsesTheXorMappedAddressEncoding() throws Exception {
    InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853);
    byte[] peer =
        StunMessage.builder(StunClass.INDICATION, TurnMethod.SEND, TX)
            .add(new StunAttribute.XorPeerAddress(a))
            .encode();
    byte[] mapped =
        StunMessage.builder(StunClass.INDICATION, TurnMethod.SEND, TX)
            .add(new StunAttribute.XorMappedAddress(a))
            .encode();
    assertThat(Arrays.copyOfRange(peer, 24, peer.length))
        .isEqualTo(Arrays.copyOfRange(mapped, 24, mapped.length));
  }

  @Test
  void wrongLengthsAreTypedErrors() {
    byte[] msg =
        StunMessage.builder(StunClass.REQUEST, TurnMethod.ALLOCATE, TX)
            .add(new StunAttribute.Unknown(StunAttributeType.LIFETIME, new byte[] {0, 0}))
            .encode();
    assertThatThrownBy(() -> StunMessage.decode(msg))
        .isInstanceOf(StunParseException.class)
        .hasMessageContaining("LIFETIME")
        .hasMessageContaining("expected 4");
  }
}

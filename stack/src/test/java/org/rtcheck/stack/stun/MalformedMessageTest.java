package org.rtcheck.stack.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.stun.StunAttribute.Unknown;
import org.rtcheck.stack.stun.StunParseException.Reason;

class MalformedMessageTest {
  private static final String HEADER = "21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae";

  private static void assertReason(byte[] bytes, Reason reason, int offset) {
    assertThatThrownBy(() -> StunMessage.decode(bytes))
        .isInstanceOfSatisfying(
            StunParseException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.offset()).isEqualTo(offset);
            });
  }

  @Test
  void headerErrors() {
    assertReason(new byte[19], Reason.TOO_SHORT, 0);
    assertReason(Hex.parse("40 01 00 00" + HEADER), Reason.NOT_STUN_FIRST_BITS, 0);
    assertReason(
        Hex.parse("00 01 00 00 21 12 a4 43 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae"),
        Reason.BAD_MAGIC_COOKIE,
        4);
    assertReason(
        Hex.parse("00 01 00 06" + HEADER + "00 00 00 00 00 00"),
        Reason.LENGTH_NOT_MULTIPLE_OF_4,
        2);
    assertReason(Hex.parse("00 01 00 08" + HEADER + "80 22 00 00"), Reason.TRUNCATED, 2);
    assertReason(Hex.parse("00 01 00 00" + HEADER + "80 22 00 00"), Reason.LENGTH_MISMATCH, 2);
  }

  @Test
  void attributeErrors() {
    // Value length 8 but only 4 bytes remain after the header at offset 24.
    assertReason(
        Hex.parse("00 01 00 0c" + HEADER + "80 22 00 00 80 22 00 08 41 41 41 41"),
        Reason.ATTRIBUTE_TRUNCATED,
        24);
    // Length 5 pads to 8, only 4 left.
    assertReason(
        Hex.parse("00 01 00 08" + HEADER + "80 22 00 05 41 41 41 41"),
        Reason.ATTRIBUTE_TRUNCATED,
        20);
    // XOR-MAPPED-ADDRESS with family 0x03.
    assertReason(
        Hex.parse("01 01 00 0c" + HEADER + "00 20 00 08 00 03 a1 47 e1 12 a6 43"),
        Reason.BAD_ATTRIBUTE_VALUE,
        20);
    // PRIORITY of 3 bytes.
    assertReason(
        Hex.parse("00 01 00 08" + HEADER + "00 24 00 03 00 00 01 00"),
        Reason.BAD_ATTRIBUTE_VALUE,
        20);
    // MESSAGE-INTEGRITY-SHA256 of 12 bytes (§14.6: at least 16).
    assertReason(
        Hex.parse("00 01 00 10" + HEADER + "00 1c 00 0c 00 00 00 00 00 00 00 00 00 00 00 00"),
        Reason.BAD_ATTRIBUTE_VALUE,
        20);
    // ERROR-CODE class 7.
    assertReason(
        Hex.parse("01 11 00 08" + HEADER + "00 09 00 04 00 00 07 00"),
        Reason.BAD_ATTRIBUTE_VALUE,
        20);
    // USERNAME that is not UTF-8.
    assertReason(
        Hex.parse("00 01 00 08" + HEADER + "00 06 00 02 c3 28 00 00"),
        Reason.BAD_ATTRIBUTE_VALUE,
        20);
    // SOFTWARE after FINGERPRINT.
    assertReason(
        Hex.parse("00 01 00 0c" + HEADER + "80 28 00 04 00 00 00 00 80 22 00 00"),
        Reason.ATTRIBUTE_AFTER_FINGERPRINT,
        28);
  }

  @Test
  void unknownAttributesAreKeptAndComprehensionRequiredOnesListed() throws Exception {
    StunMessage m =
        StunMessage.decode(
            Hex.parse(
                "00 01 00 14"
                    + HEADER
                    + "7f 01 00 01 aa ff ff ff c0 01 00 00 7f 01 00 00 00 02 00 00"));
    assertThat(m.attributes())
        .containsExactly(
            new Unknown(0x7f01, new byte[] {(byte) 0xaa}),
            new Unknown(0xc001, new byte[0]),
            new Unknown(0x7f01, new byte[0]),
            new Unknown(0x0002, new byte[0]));
    assertThat(m.unknownComprehensionRequired()).containsExactly(0x7f01, 0x0002);
    assertThat(m.attributeOffset(1)).isEqualTo(28);
  }

  @Test
  void looksLikeStun() {
    assertThat(StunMessage.looksLikeStun(Rfc5769VectorsTest.REQUEST)).isTrue();
    assertThat(StunMessage.looksLikeStun(new byte[20])).isFalse();
    byte[] dtls = Rfc5769VectorsTest.REQUEST.clone();
    dtls[0] = 22;
    assertThat(StunMessage.looksLikeStun(dtls)).isFalse();
  }

  /** Whatever the bytes, decode returns or throws StunParseException, nothing else. */
  @Test
  void fuzzedInputOnlyEverThrowsStunParseException() {
    SplittableRandom random = new SplittableRandom(5769);
    byte[][] seeds = {
      Rfc5769VectorsTest.REQUEST,
      Rfc5769VectorsTest.IPV4_RESPONSE,
      Rfc5769VectorsTest.IPV6_RESPONSE,
      Rfc5769VectorsTest.LONG_TERM_REQUEST,
      Rfc8489VectorsTest.CORRECTED
    };
    int decoded = 0;
    for (int i = 0; i < 50_000; i++) {
      byte[] input;
      byte[] seed = seeds[random.nextInt(seeds.length)];
      switch (random.nextInt(4)) {
        case 0 -> {
          input = new byte[random.nextInt(64)];
          random.nextBytes(input);
        }
        case 1 -> input = Arrays.copyOf(seed, random.nextInt(seed.length + 1));
        case 2 -> {
          input = seed.clone();
          for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
            input[random.nextInt(input.length)] = (byte) random.nextInt(256);
          }
        }
        default -> {
          // Keep the header valid and randomise the body so attribute parsing is exercised.
          input = seed.clone();
          for (int p = 20 + random.nextInt(input.length - 20); p < input.length; p++) {
            if (random.nextInt(3) == 0) {
              input[p] = (byte) random.nextInt(256);
            }
          }
        }
      }
      try {
        StunMessage m = StunMessage.decode(input);
        decoded++;
        // The checks must cope with anything that decodes.
        StunIntegrityCheck.messageIntegrity(m, new byte[] {1});
        StunIntegrityCheck.messageIntegritySha256(m, new byte[] {1});
        StunFingerprintCheck.verify(m);
        m.unknownComprehensionRequired();
        m.toString();
      } catch (StunParseException expected) {
        assertThat(expected.offset()).isBetween(0, input.length);
      }
    }
    assertThat(decoded).isPositive();
  }
}

package org.rtcheck.stack.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.rtcheck.stack.stun.StunAttribute.Nonce;
import org.rtcheck.stack.stun.StunAttribute.Realm;
import org.rtcheck.stack.stun.StunAttribute.Userhash;
import org.rtcheck.stack.stun.StunCheckResult.Status;
import org.rtcheck.stack.stun.StunParseException.Reason;

/**
 * RFC 8489 Appendix B.1. The published vector is wrong (erratum 6268): its header length 0x009c
 * (156) is the length of the whole message, header included; the attributes are 0x88 bytes. The
 * published HMAC was computed over the header with that wrong length, and the vector has no
 * PASSWORD-ALGORITHM although it uses SHA-256. We pin the erratum's corrected message: length
 * 0x0090 with PASSWORD-ALGORITHM SHA-256, whose HMAC we verified independently.
 */
class Rfc8489VectorsTest {
  static final String NONCE = "obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA";

  static final String COMMON =
      """
      21 12 a4 42 78 ad 34 33 c6 ad 72 c0 29 da 41 2e
      00 1e 00 20 4a 3c f3 8f ef 69 92 bd a9 52 c6 78 04 17 da 0f
                  24 81 94 15 56 9e 60 b2 05 c4 6e 41 40 7f 17 04
      00 15 00 29 6f 62 4d 61 74 4a 6f 73 32 41 41 41 43 66 2f 2f 34 39 39 6b
                  39 35 34 64 36 4f 4c 33 34 6f 4c 39 46 53 54 76 79 36 34 73 41 00 00 00
      00 14 00 0b 65 78 61 6d 70 6c 65 2e 6f 72 67 00
      """;

  /** As published in RFC 8489. */
  static final byte[] PUBLISHED =
      Hex.parse(
          "00 01 00 9c"
              + COMMON
              + """
              00 1c 00 20 e4 68 6c 8f 0e de b5 90 13 e0 70 90 01 0a 93 ef
                          cc bc cc 54 4c 0a 45 d9 f8 30 aa 6d 6f 73 5a 01
              """);

  /** As corrected by erratum 6268. */
  static final byte[] CORRECTED =
      Hex.parse(
          "00 01 00 90"
              + COMMON
              + """
              00 1d 00 04 00 02 00 00
              00 1c 00 20 b5 c7 bf 00 5b 6c 52 a2 1c 51 c5 e8 92 f8 19 24
                          13 62 96 cb 92 7c 43 14 93 09 27 8c c6 51 8e 65
              """);

  static StunCredentials.LongTerm credentials() {
    // The vector's HMAC only verifies with the SASLprep'd password "TheMatrIX": OpaqueString
    // keeps U+00AA and U+2168 and rejects U+00AD (default-ignorable).
    return new StunCredentials.LongTerm(
        Rfc5769VectorsTest.MATRIX_USER,
        "example.org",
        Rfc5769VectorsTest.MATRIX_PASSWORD,
        PasswordAlgorithm.SHA256,
        StunCredentials.Profile.SASLPREP);
  }

  @Test
  void publishedVectorHasAWrongHeaderLength() {
    assertThat(PUBLISHED.length).isEqualTo(0x9c);
    assertThatThrownBy(() -> StunMessage.decode(PUBLISHED))
        .isInstanceOfSatisfying(
            StunParseException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.TRUNCATED);
              assertThat(e.offset()).isEqualTo(2);
            });
  }

  @Test
  void correctedVectorDecodesAndVerifies() throws Exception {
    StunMessage m = StunMessage.decode(CORRECTED);
    var c = credentials();
    assertThat(m.first(Userhash.class)).contains(new Userhash(c.userhash()));
    assertThat(m.first(Nonce.class)).contains(new Nonce(NONCE));
    assertThat(m.first(Realm.class)).contains(new Realm("example.org"));
    assertThat(m.first(StunAttribute.PasswordAlgorithm.class))
        .contains(new StunAttribute.PasswordAlgorithm(PasswordAlgorithm.SHA256));
    assertThat(StunIntegrityCheck.messageIntegritySha256(m, c).status()).isEqualTo(Status.PASS);
    assertThat(StunIntegrityCheck.messageIntegrity(m, c).status()).isEqualTo(Status.ABSENT);

    byte[] encoded =
        StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING, m.transactionId())
            .add(new Userhash(c.userhash()))
            .add(new Nonce(NONCE))
            .add(new Realm("example.org"))
            .add(new StunAttribute.PasswordAlgorithm(PasswordAlgorithm.SHA256))
            .addMessageIntegritySha256(c.key())
            .encode();
    assertThat(encoded).isEqualTo(CORRECTED);
  }

  @Test
  void truncatedSha256IntegrityVerifies() throws Exception {
    byte[] key = credentials().key();
    StunMessage m =
        StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING, TransactionId.random())
            .add(new Realm("example.org"))
            .addMessageIntegritySha256(key, 16)
            .addFingerprint()
            .build();
    assertThat(m.first(StunAttribute.MessageIntegritySha256.class).orElseThrow().hmac())
        .hasSize(16);
    assertThat(StunIntegrityCheck.messageIntegritySha256(m, key).passed()).isTrue();
    assertThat(StunFingerprintCheck.verify(m).passed()).isTrue();
  }
}

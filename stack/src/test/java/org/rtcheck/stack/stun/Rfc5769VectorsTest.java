package org.rtcheck.stack.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.stun.StunAttribute.IceControlled;
import org.rtcheck.stack.stun.StunAttribute.MessageIntegrity;
import org.rtcheck.stack.stun.StunAttribute.Nonce;
import org.rtcheck.stack.stun.StunAttribute.Priority;
import org.rtcheck.stack.stun.StunAttribute.Realm;
import org.rtcheck.stack.stun.StunAttribute.Software;
import org.rtcheck.stack.stun.StunAttribute.Username;
import org.rtcheck.stack.stun.StunAttribute.XorMappedAddress;
import org.rtcheck.stack.stun.StunCheckResult.Status;

/** RFC 5769 §2.1-§2.4: decode, verify, and re-encode byte for byte. */
class Rfc5769VectorsTest {
  static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";
  static final TransactionId TX = TransactionId.fromHex("b7e7a701bc34d686fa87dfae");

  static final byte[] REQUEST =
      Hex.parse(
          """
          00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
          80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
          00 24 00 04 6e 00 01 ff
          80 29 00 08 93 2f f9 b1 51 26 3b 36
          00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
          00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
          80 28 00 04 e5 7a 3b cf
          """);

  static final byte[] IPV4_RESPONSE =
      Hex.parse(
          """
          01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
          80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
          00 20 00 08 00 01 a1 47 e1 12 a6 43
          00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
          80 28 00 04 c0 7d 4c 96
          """);

  static final byte[] IPV6_RESPONSE =
      Hex.parse(
          """
          01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
          80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
          00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9
          00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41
          80 28 00 04 c8 fb 0b 4c
          """);

  static final byte[] LONG_TERM_REQUEST =
      Hex.parse(
          """
          00 01 00 60 21 12 a4 42 78 ad 34 33 c6 ad 72 c0 29 da 41 2e
          00 06 00 12 e3 83 9e e3 83 88 e3 83 aa e3 83 83 e3 82 af e3 82 b9 00 00
          00 15 00 1c 66 2f 2f 34 39 39 6b 39 35 34 64 36 4f 4c 33 34 6f 4c 39 46
          53 54 76 79 36 34 73 41
          00 14 00 0b 65 78 61 6d 70 6c 65 2e 6f 72 67 00
          00 08 00 14 f6 70 24 65 6d d6 4a 3e 02 b8 e0 71 2e 85 c9 a2 8c a8 96 66
          """);

  static final String MATRIX_USER = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
  static final String MATRIX_PASSWORD = "The\u00ADM\u00AAtr\u2168";

  @Test
  void sampleRequest() throws Exception {
    StunMessage m = StunMessage.decode(REQUEST);
    assertThat(m.stunClass()).isEqualTo(StunClass.REQUEST);
    assertThat(m.method()).isEqualTo(StunMessage.BINDING);
    assertThat(m.transactionId()).isEqualTo(TX);
    assertThat(m.transactionId().toString()).isEqualTo("b7e7a701bc34d686fa87dfae");
    assertThat(m.first(Software.class)).contains(new Software("STUN test client"));
    assertThat(m.first(Priority.class)).contains(new Priority(0x6e0001ffL));
    assertThat(m.first(IceControlled.class)).contains(new IceControlled(0x932ff9b151263b36L));
    assertThat(m.first(Username.class)).contains(new Username("evtj:h6vY"));
    assertThat(m.attributeOffset(0)).isEqualTo(20);
    assertThat(m.attributeOffset(3)).isEqualTo(60);

    var key = StunCredentials.shortTerm(PASSWORD).key();
    assertThat(StunIntegrityCheck.messageIntegrity(m, key).status()).isEqualTo(Status.PASS);
    assertThat(StunFingerprintCheck.verify(m).status()).isEqualTo(Status.PASS);
    assertThat(StunIntegrityCheck.messageIntegritySha256(m, key).status()).isEqualTo(Status.ABSENT);

    byte[] encoded =
        StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING, TX)
            .paddingByte((byte) 0x20)
            .add(new Software("STUN test client"))
            .add(new Priority(0x6e0001ffL))
            .add(new IceControlled(0x932ff9b151263b36L))
            .add(new Username("evtj:h6vY"))
            .addMessageIntegrity(key)
            .addFingerprint()
            .encode();
    assertThat(encoded).isEqualTo(REQUEST);
  }

  @Test
  void sampleIpv4Response() throws Exception {
    StunMessage m = StunMessage.decode(IPV4_RESPONSE);
    InetSocketAddress mapped = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853);
    assertThat(m.stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
    assertThat(m.first(XorMappedAddress.class)).contains(new XorMappedAddress(mapped));
    assertThat(m.first(Software.class)).contains(new Software("test vector"));
    verifyAndReencode(m, IPV4_RESPONSE, mapped);
  }

  @Test
  void sampleIpv6Response() throws Exception {
    StunMessage m = StunMessage.decode(IPV6_RESPONSE);
    InetSocketAddress mapped =
        new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
    assertThat(m.first(XorMappedAddress.class)).contains(new XorMappedAddress(mapped));
    verifyAndReencode(m, IPV6_RESPONSE, mapped);
  }

  private static void verifyAndReencode(StunMessage m, byte[] vector, InetSocketAddress mapped) {
    var key = StunCredentials.shortTerm(PASSWORD).key();
    assertThat(StunIntegrityCheck.messageIntegrity(m, key).passed()).isTrue();
    assertThat(StunFingerprintCheck.verify(m).passed()).isTrue();
    byte[] encoded =
        StunMessage.builder(StunClass.SUCCESS_RESPONSE, StunMessage.BINDING, TX)
            .paddingByte((byte) 0x20)
            .add(new Software("test vector"))
            .add(new XorMappedAddress(mapped))
            .addMessageIntegrity(key)
            .addFingerprint()
            .encode();
    assertThat(encoded).isEqualTo(vector);
  }

  @Test
  void sampleRequestWithLongTermAuthentication() throws Exception {
    StunMessage m = StunMessage.decode(LONG_TERM_REQUEST);
    assertThat(m.first(Username.class)).contains(new Username(MATRIX_USER));
    assertThat(m.first(Nonce.class)).contains(new Nonce("f//499k954d6OL34oL9FSTvy64sA"));
    assertThat(m.first(Realm.class)).contains(new Realm("example.org"));
    assertThat(StunFingerprintCheck.verify(m).status()).isEqualTo(Status.ABSENT);

    // RFC 5769 §2.4 derives the key with SASLprep (RFC 5389 §15.4): "TheMatrIX".
    var credentials =
        new StunCredentials.LongTerm(
            MATRIX_USER,
            "example.org",
            MATRIX_PASSWORD,
            PasswordAlgorithm.MD5,
            StunCredentials.Profile.SASLPREP);
    assertThat(StunIntegrityCheck.messageIntegrity(m, credentials).passed()).isTrue();

    byte[] encoded =
        StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING, m.transactionId())
            .add(new Username(MATRIX_USER))
            .add(new Nonce("f//499k954d6OL34oL9FSTvy64sA"))
            .add(new Realm("example.org"))
            .addMessageIntegrity(credentials.key())
            .encode();
    assertThat(encoded).isEqualTo(LONG_TERM_REQUEST);
  }

  @Test
  void wrongPasswordFailsWithBothValuesInTheReason() throws Exception {
    StunMessage m = StunMessage.decode(REQUEST);
    StunCheckResult r =
        StunIntegrityCheck.messageIntegrity(m, StunCredentials.shortTerm("wrong").key());
    assertThat(r.status()).isEqualTo(Status.FAIL);
    assertThat(r.detail())
        .startsWith("MESSAGE-INTEGRITY HMAC mismatch: expected ")
        .endsWith("got 9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2");
  }

  @Test
  void corruptedFingerprintFails() throws Exception {
    byte[] bytes = REQUEST.clone();
    bytes[bytes.length - 1] ^= 1;
    StunCheckResult r = StunFingerprintCheck.verify(StunMessage.decode(bytes));
    assertThat(r.status()).isEqualTo(Status.FAIL);
    assertThat(r.detail()).startsWith("FINGERPRINT CRC mismatch");
    // Flipping a bit under MESSAGE-INTEGRITY breaks both.
    bytes = REQUEST.clone();
    bytes[24] ^= 1;
    StunMessage m = StunMessage.decode(bytes);
    assertThat(StunFingerprintCheck.verify(m).status()).isEqualTo(Status.FAIL);
    assertThat(
            StunIntegrityCheck.messageIntegrity(m, StunCredentials.shortTerm(PASSWORD).key())
                .status())
        .isEqualTo(Status.FAIL);
  }

  @Test
  void attributeAfterIntegrityOtherThanFingerprintFails() throws Exception {
    byte[] key = StunCredentials.shortTerm(PASSWORD).key();
    StunMessage m =
        StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING, TX)
            .add(new Username("a:b"))
            .addMessageIntegrity(key)
            .add(new Software("late"))
            .addFingerprint()
            .build();
    StunCheckResult r = StunIntegrityCheck.messageIntegrity(m, key);
    assertThat(r.status()).isEqualTo(Status.FAIL);
    assertThat(r.detail()).contains("attribute after MESSAGE-INTEGRITY").contains("SOFTWARE");
    assertThat(m.first(MessageIntegrity.class)).isPresent();
  }
}

package org.rtcheck.stack.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The per-thread {@link Mac} cache: re-keyed exactly when the key bytes change, never shared. */
class CryptoCacheTest {
  private static final byte[] RIGHT = StunCredentials.shortTerm(Rfc5769VectorsTest.PASSWORD).key();
  private static final byte[] WRONG = "not the password".getBytes(StandardCharsets.UTF_8);

  @Test
  void keyChangesBetweenCallsOnOneThreadAreHonoured() throws Exception {
    StunMessage sample = StunMessage.decode(Rfc5769VectorsTest.REQUEST);
    for (int i = 0; i < 3; i++) {
      assertThat(StunIntegrityCheck.messageIntegrity(sample, RIGHT).passed()).isTrue();
      assertThat(StunIntegrityCheck.messageIntegrity(sample, WRONG).passed()).isFalse();
    }
    // The same array changed in place is a different key, not a cache hit.
    byte[] key = RIGHT.clone();
    assertThat(StunIntegrityCheck.messageIntegrity(sample, key).passed()).isTrue();
    key[key.length - 1] ^= 1;
    assertThat(StunIntegrityCheck.messageIntegrity(sample, key).passed()).isFalse();
    key[key.length - 1] ^= 1;
    assertThat(StunIntegrityCheck.messageIntegrity(sample, key).passed()).isTrue();
    // A key that is a prefix of the cached one.
    byte[] prefix = Arrays.copyOf(RIGHT, RIGHT.length - 1);
    assertThat(StunIntegrityCheck.messageIntegrity(sample, prefix).passed()).isFalse();
    assertThat(StunIntegrityCheck.messageIntegrity(sample, RIGHT).passed()).isTrue();
  }

  @Test
  void cachedMacsMatchFreshOnes() throws Exception {
    Random random = new Random(5769);
    for (int i = 0; i < 200; i++) {
      // Few distinct keys, so both cache hits and re-keying happen, interleaving algorithms.
      byte[] key = new byte[1 + random.nextInt(3) * 20];
      random.nextBytes(key);
      if (random.nextInt(4) == 0) {
        key[0] = 0;
      }
      byte[] data = new byte[random.nextInt(200)];
      random.nextBytes(data);
      String algorithm = random.nextBoolean() ? Crypto.HMAC_SHA1 : Crypto.HMAC_SHA256;
      byte[] got =
          algorithm.equals(Crypto.HMAC_SHA1)
              ? Crypto.hmacSha1(key, data, data.length)
              : Crypto.hmacSha256(key, data, data.length);
      assertThat(got).as("%s #%d", algorithm, i).isEqualTo(fresh(algorithm, key, data));
    }
  }

  @Test
  void emptyKeyIsTheRfc2104EmptyKey() throws Exception {
    byte[] empty = new byte[0];
    // Well-known HMAC values for an empty key and an empty message.
    assertThat(hex(Crypto.hmacSha1(empty, empty, 0)))
        .isEqualTo("fbdb1d1b18aa6c08324b7d64b71fb76370690e1d");
    assertThat(hex(Crypto.hmacSha256(empty, empty, 0)))
        .isEqualTo("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
    // Switching between the empty key and {0} (the same HMAC key) and back.
    assertThat(hex(Crypto.hmacSha1(new byte[1], empty, 0)))
        .isEqualTo("fbdb1d1b18aa6c08324b7d64b71fb76370690e1d");
    assertThat(Crypto.hmacSha1(RIGHT, empty, 0)).isEqualTo(fresh(Crypto.HMAC_SHA1, RIGHT, empty));
  }

  @Test
  void lengthPatchedMacEqualsMacOfPatchedCopy() throws Exception {
    byte[] msg = Rfc5769VectorsTest.REQUEST;
    int end = msg.length - 32; // before MESSAGE-INTEGRITY
    byte[] copy = Arrays.copyOf(msg, end);
    copy[2] = 0x12;
    copy[3] = 0x34;
    byte[] out = new byte[Crypto.MAX_MAC_LENGTH];
    Mac mac = Crypto.perThread().hmacSha256(RIGHT);
    assertThat(Crypto.hmacWithLength(mac, msg, end, 0x1234, out)).isEqualTo(32);
    assertThat(out).isEqualTo(fresh(Crypto.HMAC_SHA256, RIGHT, copy));
  }

  @Test
  void threadsVerifyConcurrentlyWithTheirOwnKeys() throws Exception {
    StunMessage sample = StunMessage.decode(Rfc5769VectorsTest.REQUEST);
    byte[] otherKey = "another key".getBytes(StandardCharsets.UTF_8);
    StunMessage other =
        StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING, TransactionId.random())
            .addMessageIntegrity(otherKey)
            .addMessageIntegritySha256(otherKey)
            .addFingerprint()
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        results.add(
            pool.submit(
                () -> {
                  boolean ok = true;
                  for (int i = 0; i < 2_000; i++) {
                    boolean sampleTurn = (i + seed) % 2 == 0;
                    ok &=
                        sampleTurn
                            ? StunIntegrityCheck.messageIntegrity(sample, RIGHT).passed()
                                && !StunIntegrityCheck.messageIntegrity(sample, otherKey).passed()
                                && StunFingerprintCheck.verify(sample).passed()
                            : StunIntegrityCheck.messageIntegrity(other, otherKey).passed()
                                && StunIntegrityCheck.messageIntegritySha256(other, otherKey)
                                    .passed()
                                && !StunIntegrityCheck.messageIntegritySha256(other, RIGHT).passed()
                                && StunFingerprintCheck.verify(other).passed();
                  }
                  return ok;
                }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get(60, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static byte[] fresh(String algorithm, byte[] key, byte[] data) throws Exception {
    Mac mac = Mac.getInstance(algorithm);
    mac.init(new SecretKeySpec(key, algorithm));
    return mac.doFinal(data);
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}

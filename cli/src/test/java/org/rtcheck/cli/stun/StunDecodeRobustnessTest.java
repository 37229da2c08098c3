package org.rtcheck.cli.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rtcheck.cli.Cli;
import org.rtcheck.cli.Cli.Result;

/** Whatever the bytes, {@code stun decode} answers 0, 1 or 2 and never lets an exception out. */
class StunDecodeRobustnessTest {

  private static final byte[] REQUEST = HexFormat.of().parseHex(StunDecodeCommandTest.REQUEST);
  private static final byte[] LONG_TERM =
      HexFormat.of().parseHex(StunDecodeCommandTest.LONG_TERM_REQUEST);

  @Test
  void randomTruncatedAndBitFlippedMessages() {
    Random random = new Random(5769);
    int[] byCode = new int[3];
    for (int i = 0; i < 3000; i++) {
      byte[] input = input(random, i % 5);
      String hex = HexFormat.of().formatHex(input);
      String[] args =
          (i % 3 == 0)
              ? new String[] {"stun", "decode", "--password", StunDecodeCommandTest.PASSWORD, hex}
              : (i % 3 == 1)
                  ? new String[] {"stun", "decode", "--json", hex}
                  : new String[] {
                    "stun",
                    "decode",
                    hex,
                    "--username",
                    StunDecodeCommandTest.LONG_TERM_USERNAME,
                    "--realm",
                    "example.org",
                    "--password",
                    "x",
                    "--algorithm",
                    (i % 2 == 0) ? "SHA-256" : "MD5"
                  };
      Result r = Cli.run(args);
      assertThat(r.unexpected())
          .as("input %s (iteration %d) reached the exception handler: %s", hex, i, r.describe())
          .isEmpty();
      assertThat(r.exitCode()).as("input %s: %s", hex, r.describe()).isBetween(0, 2);
      byCode[r.exitCode()]++;
    }
    // the mutations reach past the header: some inputs decode, some fail a check
    assertThat(byCode[2]).isPositive();
    assertThat(byCode[0] + byCode[1]).isPositive();
  }

  private static byte[] input(Random random, int kind) {
    switch (kind) {
      case 0: // random bytes, lengths 0..200
        {
          byte[] b = new byte[random.nextInt(201)];
          random.nextBytes(b);
          return b;
        }
      case 1: // a truncated real message
        {
          byte[] source = random.nextBoolean() ? REQUEST : LONG_TERM;
          return java.util.Arrays.copyOf(source, random.nextInt(source.length + 1));
        }
      case 2: // a real message with 1..4 bits flipped
        {
          byte[] b = (random.nextBoolean() ? REQUEST : LONG_TERM).clone();
          int flips = 1 + random.nextInt(4);
          for (int f = 0; f < flips; f++) {
            int bit = random.nextInt(b.length * 8);
            b[bit / 8] ^= (byte) (1 << (bit % 8));
          }
          return b;
        }
      case 3: // a valid header, random body, length field random or consistent
        {
          int bodyLength = random.nextInt(181);
          byte[] b = new byte[20 + bodyLength];
          random.nextBytes(b);
          System.arraycopy(REQUEST, 0, b, 0, 20);
          int length = random.nextBoolean() ? bodyLength & ~3 : random.nextInt(256);
          b[2] = (byte) (length >> 8);
          b[3] = (byte) length;
          return b;
        }
      default: // a real message with a random byte overwritten and extended or cut
        {
          byte[] source = random.nextBoolean() ? REQUEST : LONG_TERM;
          byte[] b =
              java.util.Arrays.copyOf(source, Math.min(200, source.length + random.nextInt(9) - 4));
          b[random.nextInt(b.length)] = (byte) random.nextInt(256);
          return b;
        }
    }
  }
}

package org.rtcheck.cli.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rtcheck.cli.Cli;

class SrtpCommandsTest {

  private static String key(int bytes) {
    byte[] k = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      k[i] = (byte) i;
    }
    return Base64.getEncoder().encodeToString(k);
  }

  @ParameterizedTest
  @CsvSource({
    "AES_CM_128_HMAC_SHA1_80, 30, false, 8000000100000001cafebabe000102030405",
    "AEAD_AES_256_GCM, 44, false, 8000000100000001cafebabe000102030405",
    "AES_CM_128_HMAC_SHA1_80, 30, true, 80c8000600000001000000000000000000000000000000000000000000000000",
  })
  void protectThenUnprotectGivesThePacketBackAndAReplayIsRefused(
      String profile, int keyBytes, boolean rtcp, String packet) {
    String k = key(keyBytes);
    Cli.Result p =
        rtcp
            ? Cli.run("srtp", "protect", "--profile", profile, "--key", k, "--rtcp", packet)
            : Cli.run("srtp", "protect", "--profile", profile, "--key", k, packet);
    assertThat(p.exitCode()).as(p.describe()).isZero();
    String protectedPacket = p.out().trim();
    assertThat(protectedPacket).isNotEqualTo(packet).hasSizeGreaterThan(packet.length());
    Cli.Result u =
        rtcp
            ? Cli.run(
                "srtp",
                "unprotect",
                "--profile",
                profile,
                "--key",
                k,
                "--rtcp",
                protectedPacket,
                protectedPacket)
            : Cli.run(
                "srtp",
                "unprotect",
                "--profile",
                profile,
                "--key",
                k,
                protectedPacket,
                protectedPacket);
    assertThat(u.exitCode()).as(u.describe()).isEqualTo(1);
    assertThat(u.out().lines()).containsExactly(packet, "refused: replay");
  }

  @Test
  void forgedAndMalformedPacketsAreNamed() {
    String k = key(30);
    String p =
        Cli.run(
                "srtp",
                "protect",
                "--profile",
                "AES_CM_128_HMAC_SHA1_80",
                "--key",
                k,
                "8000000100000001cafebabe000102030405")
            .out()
            .trim();
    char last = p.charAt(p.length() - 1);
    String forged = p.substring(0, p.length() - 1) + (last == '0' ? '1' : '0');
    Cli.Result r =
        Cli.run(
            "srtp",
            "unprotect",
            "--profile",
            "AES_CM_128_HMAC_SHA1_80",
            "--key",
            k,
            forged,
            "80",
            p);
    assertThat(r.out().lines())
        .containsExactly(
            "refused: auth-failed", "refused: malformed", "8000000100000001cafebabe000102030405");
  }

  @Test
  void badArgumentsExitTwoNamingTheProblem() {
    Cli.Result shortKey =
        Cli.run("srtp", "protect", "--profile", "AES_CM_128_HMAC_SHA1_80", "--key", "AAAA", "80");
    assertThat(shortKey.exitCode()).isEqualTo(2);
    assertThat(shortKey.err()).contains("--key has 3 bytes").contains("30 bytes");
    assertThat(
            Cli.run("srtp", "protect", "--profile", "AES_CM_128_HMAC_SHA1_80", "--key", "%%", "80")
                .err())
        .contains("not base64");
    assertThat(
            Cli.run(
                    "srtp",
                    "protect",
                    "--profile",
                    "AES_CM_128_HMAC_SHA1_80",
                    "--key",
                    key(30),
                    "zz")
                .exitCode())
        .isEqualTo(2);
    assertThat(Cli.run("srtp", "protect", "--profile", "ROT13", "--key", key(30), "80").exitCode())
        .isEqualTo(2);
  }
}

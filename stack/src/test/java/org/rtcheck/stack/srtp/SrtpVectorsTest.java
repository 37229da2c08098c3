package org.rtcheck.stack.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Published vectors: RFC 3711 Appendix B.2/B.3, OpenSSL's SRTP KDF set, RFC 7714 §16. */
class SrtpVectorsTest {

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
  }

  static final byte[] B3_KEY = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
  static final byte[] B3_SALT = hex("0EC675AD498AFEEBB6960B3AABE6");

  @Test
  void rfc3711AppendixB3KeyDerivation() {
    SrtpKeyDerivation.SessionKeys k =
        SrtpKeyDerivation.rtpKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, B3_KEY, B3_SALT);
    // 128-bit cipher key, 160-bit auth key, 112-bit salt.
    assertThat(k.encryptionKey()).isEqualTo(hex("C61E7A93744F39EE10734AFE3FF7A087"));
    assertThat(k.salt()).isEqualTo(hex("30CBBC08863D8C85D49DB34A9AE1"));
    assertThat(k.authKey()).isEqualTo(hex("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"));
    // B.3 prints 94 bytes of the auth-key PRF output; the first 20 are the HMAC key above.
    assertThat(SrtpKeyDerivation.derive(B3_KEY, B3_SALT, 1, 0, 0, 94))
        .isEqualTo(
            hex(
                "CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE"
                    + "E049646C43D9327AD175578EF7227098 6371C10C9A369AC2F94A8C5FBCDDDC25"
                    + "6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2"));
  }

  /** kdr = 1, so r = index: OpenSSL's evpkdf_srtp.txt vectors for RFC 3711 §4.3.1. */
  @Test
  void keyDerivationRateNonZero() {
    byte[] key = hex("8C307F105F79D5D2C26B1A933AE22CD5");
    byte[] salt = hex("563B4C15458D977B68080242CEE1");
    long rtpIndex = 0x08284B49F520L;
    assertThat(SrtpKeyDerivation.derive(key, salt, 0, rtpIndex, 1, 16))
        .isEqualTo(hex("A920DF50EAA111D03FBE9B203121C07D"));
    assertThat(SrtpKeyDerivation.derive(key, salt, 1, rtpIndex, 1, 20))
        .isEqualTo(hex("A337DC070C0DAFA942F1E3A27ACD3C9917CE4B4D"));
    assertThat(SrtpKeyDerivation.derive(key, salt, 2, rtpIndex, 1, 14))
        .isEqualTo(hex("9E2BC99C86037F2AD98D72927428"));
    // OpenSSL's SRTCP vectors of the same set put the label at byte 9 (a 32-bit r); the stack
    // follows libsrtp and every browser (byte 7, see SrtpKeyDerivation.derive), so its SRTCP
    // keys differ from OpenSSL's on purpose.
    long rtcpIndex = 0x69B62109L;
    assertThat(
            SrtpKeyDerivation.keys(
                    SrtpProfile.AES_CM_128_HMAC_SHA1_80,
                    key,
                    salt,
                    SrtpKeyDerivation.LABEL_RTCP_ENCRYPTION,
                    rtcpIndex,
                    1)
                .encryptionKey())
        .isNotEqualTo(hex("94D76CA7ADB05B8631CF62538D97BE74"));
    // r = index DIV kdr: every index of one kdr period gives the same keys.
    assertThat(SrtpKeyDerivation.derive(key, salt, 0, 0x1001, 0x1000, 16))
        .isEqualTo(SrtpKeyDerivation.derive(key, salt, 0, 0x1FFF, 0x1000, 16))
        .isNotEqualTo(SrtpKeyDerivation.derive(key, salt, 0, 0x2000, 0x1000, 16));
  }

  /** RFC 3711 B.2: SSRC 0, index 0; the payload of zeros comes out as the keystream itself. */
  @Test
  void rfc3711AppendixB2AesCmKeystream() throws SrtpException {
    SrtpKeyDerivation.SessionKeys keys =
        new SrtpKeyDerivation.SessionKeys(
            hex("2B7E151628AED2A6ABF7158809CF4F3C"),
            new byte[20],
            hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"));
    SrtpContext ctx =
        SrtpContext.builder(SrtpProfile.AES_CM_128_HMAC_SHA1_80).sessionKeys(keys, keys).build();
    int payload = 0xff02 * 16;
    byte[] pkt = new byte[12 + payload + ctx.rtpOverhead()];
    pkt[0] = (byte) 0x80; // seq 0, SSRC 0
    ctx.protect(pkt, 0, 12 + payload);
    assertThat(block(pkt, 0)).isEqualTo(hex("E03EAD0935C95E80E166B16DD92B4EB4"));
    assertThat(block(pkt, 1)).isEqualTo(hex("D23513162B02D0F72A43A2FE4A5F97AB"));
    assertThat(block(pkt, 2)).isEqualTo(hex("41E95B3BB0A2E8DD477901E4FCA894C0"));
    assertThat(block(pkt, 0xfeff)).isEqualTo(hex("EC8CDF7398607CB0F2D21675EA9EA1E4"));
    assertThat(block(pkt, 0xff00)).isEqualTo(hex("362B7C3C6773516318A077D7FC5073AE"));
    assertThat(block(pkt, 0xff01)).isEqualTo(hex("6A2CC3787889374FBEB4C81B17BA6C44"));
  }

  private static byte[] block(byte[] pkt, int n) {
    return Arrays.copyOfRange(pkt, 12 + n * 16, 12 + n * 16 + 16);
  }

  static final String RFC7714_RTP =
      "8040f17b8041f8d35501a0b2"
          + "47616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573";
  static final byte[] RFC7714_SALT = hex("517569642070726f2071756f"); // "Quid pro quo"

  /** RFC 7714 §16.1.1/§16.1.2 (128-bit) and §16.2.1/§16.2.2 (256-bit): SSRC 5501a0b2, ROC 0. */
  @Test
  void rfc7714Section16GcmRtp() throws SrtpException {
    checkGcm(
        SrtpProfile.AEAD_AES_128_GCM,
        "000102030405060708090a0b0c0d0e0f",
        "8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b"
            + "36de3adf8833899d7f27beb16a9152cf765ee4390cce");
    checkGcm(
        SrtpProfile.AEAD_AES_256_GCM,
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
        "8040f17b8041f8d35501a0b232b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3b50b2a0276ffae0f"
            + "1ba63799b87b7aa3db36dfffd6b0f9bb7878d7a76c13");
  }

  private static void checkGcm(SrtpProfile profile, String key, String expected)
      throws SrtpException {
    SrtpKeyDerivation.SessionKeys keys =
        new SrtpKeyDerivation.SessionKeys(hex(key), new byte[0], RFC7714_SALT);
    SrtpContext tx = SrtpContext.builder(profile).sessionKeys(keys, keys).build();
    byte[] plain = hex(RFC7714_RTP);
    byte[] buf = Arrays.copyOf(plain, plain.length + tx.rtpOverhead());
    int n = tx.protect(buf, 0, plain.length);
    assertThat(Arrays.copyOf(buf, n)).isEqualTo(hex(expected));
    SrtpContext rx = SrtpContext.builder(profile).sessionKeys(keys, keys).build();
    assertThat(rx.unprotect(buf, 0, n)).isEqualTo(plain.length);
    assertThat(Arrays.copyOf(buf, plain.length)).isEqualTo(plain);
  }
}

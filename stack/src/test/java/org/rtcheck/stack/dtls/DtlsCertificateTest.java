package org.rtcheck.stack.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DtlsCertificateTest {

  @Test
  void ecdsaCertificateIsSelfSignedAndItsFingerprintIsTheDerHash() throws Exception {
    DtlsCertificate c = DtlsCertificate.generateEcdsa();
    c.certificate().verify(c.keyPair().getPublic());
    assertThat(c.certificate().getSigAlgName()).isEqualToIgnoringCase("SHA256withECDSA");
    byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(c.encoded());
    assertThat(c.fingerprint("sha-256"))
        .isEqualTo(HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256))
        .matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    assertThat(c.fingerprint("SHA-1")).hasSize(59);
    assertThat(c.fingerprint("sha-512")).hasSize(191);
    assertThatThrownBy(() -> c.fingerprint("md5")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyCertificateIsNew() {
    assertThat(DtlsCertificate.generateEcdsa().fingerprint("sha-256"))
        .isNotEqualTo(DtlsCertificate.generateEcdsa().fingerprint("sha-256"));
    assertThat(DtlsCertificate.generateRsa().certificate().getPublicKey().getAlgorithm())
        .isEqualTo("RSA");
  }
}

package org.rtcheck.stack.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void pemRoundTripsAndAWrongKeyIsRefused(@TempDir Path dir) throws Exception {
    for (DtlsCertificate c :
        new DtlsCertificate[] {DtlsCertificate.generateEcdsa(), DtlsCertificate.generateRsa()}) {
      Path cert = dir.resolve("cert.pem");
      Path key = dir.resolve("key.pem");
      c.writePem(cert, key);
      assertThat(Files.readString(cert)).startsWith("-----BEGIN CERTIFICATE-----\n");
      DtlsCertificate back = DtlsCertificate.readPem(cert, key);
      assertThat(back.encoded()).isEqualTo(c.encoded());
      assertThat(back.keyPair().getPrivate().getEncoded())
          .isEqualTo(c.keyPair().getPrivate().getEncoded());
      assertThat(back.fingerprint("sha-256")).isEqualTo(c.fingerprint("sha-256"));
    }
    DtlsCertificate a = DtlsCertificate.generateEcdsa();
    DtlsCertificate b = DtlsCertificate.generateEcdsa();
    a.writePem(dir.resolve("a.pem"), dir.resolve("a.key"));
    b.writePem(dir.resolve("b.pem"), dir.resolve("b.key"));
    assertThatThrownBy(() -> DtlsCertificate.readPem(dir.resolve("a.pem"), dir.resolve("b.key")))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("is not the key of");
    assertThatThrownBy(() -> DtlsCertificate.readPem(dir.resolve("a.key"), dir.resolve("a.key")))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("no CERTIFICATE block");
  }
}

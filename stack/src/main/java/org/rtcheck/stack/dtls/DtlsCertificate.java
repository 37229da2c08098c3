package org.rtcheck.stack.dtls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed DTLS certificate as WebRTC endpoints make them (RFC 8827 §6.5: no CA, identity by
 * fingerprint), ECDSA P-256 by default, with its SDP fingerprint (RFC 8122 §5).
 */
public final class DtlsCertificate {

  private final KeyPair keyPair;
  private final X509Certificate certificate;

  private DtlsCertificate(KeyPair keyPair, X509Certificate certificate) {
    this.keyPair = keyPair;
    this.certificate = certificate;
  }

  /** A fresh ECDSA P-256 certificate valid for 30 days, like browsers make per connection. */
  public static DtlsCertificate generateEcdsa() {
    try {
      KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
      kpg.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      return selfSigned(kpg.generateKeyPair(), "SHA256withECDSA");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no EC P-256", e);
    }
  }

  /** A fresh RSA 2048 certificate, for peers that only take RSA. */
  public static DtlsCertificate generateRsa() {
    try {
      KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
      kpg.initialize(2048, new SecureRandom());
      return selfSigned(kpg.generateKeyPair(), "SHA256withRSA");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no RSA", e);
    }
  }

  private static DtlsCertificate selfSigned(KeyPair keyPair, String signature)
      throws GeneralSecurityException {
    X500Name name = new X500Name("CN=rtcheck");
    Instant now = Instant.now();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name,
            new BigInteger(63, new SecureRandom()),
            Date.from(now.minus(Duration.ofDays(1))),
            Date.from(now.plus(Duration.ofDays(30))),
            name,
            keyPair.getPublic());
    try {
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder(signature).build(keyPair.getPrivate())));
      return new DtlsCertificate(keyPair, cert);
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign with " + signature, e);
    }
  }

  public KeyPair keyPair() {
    return keyPair;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * The fingerprint for {@code a=fingerprint}: the hash of the DER certificate, upper-case hex
   * pairs joined by colons (RFC 8122 §5).
   *
   * @param hashFunction {@code sha-256}, {@code sha-1}, {@code sha-384} or {@code sha-512}
   */
  public String fingerprint(String hashFunction) {
    String algorithm =
        switch (hashFunction.toLowerCase(Locale.ROOT)) {
          case "sha-1" -> "SHA-1";
          case "sha-224" -> "SHA-224";
          case "sha-256" -> "SHA-256";
          case "sha-384" -> "SHA-384";
          case "sha-512" -> "SHA-512";
          default ->
              throw new IllegalArgumentException("unsupported hash function " + hashFunction);
        };
    try {
      byte[] digest = MessageDigest.getInstance(algorithm).digest(certificate.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " unavailable", e);
    }
  }

  /** The DER encoding. */
  public byte[] encoded() {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}

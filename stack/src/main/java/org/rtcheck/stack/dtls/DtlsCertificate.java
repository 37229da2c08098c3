package org.rtcheck.stack.dtls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
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

  /** The process-wide default certificate and when it was made, or null before the first use. */
  private static volatile DtlsCertificate processDefault;

  private static volatile long processDefaultMadeAt;

  /** How long the process-wide default is reused before a fresh one replaces it. */
  private static final long DEFAULT_REUSE_NANOS = java.util.concurrent.TimeUnit.DAYS.toNanos(1);

  /**
   * The process-wide default ECDSA P-256 certificate, made on first use and renewed daily (well
   * inside its 30-day validity). Browsers may do the same: an RTCPeerConnection constructed without
   * certificates gets new ones or existing ones (W3C webrtc-pc, the constructor), and generating a
   * P-256 key and signing a certificate per connection costs milliseconds of setup on every
   * connection.
   */
  public static DtlsCertificate defaultEcdsa() {
    DtlsCertificate c = processDefault;
    if (c != null && System.nanoTime() - processDefaultMadeAt < DEFAULT_REUSE_NANOS) {
      return c;
    }
    synchronized (DtlsCertificate.class) {
      c = processDefault;
      if (c == null || System.nanoTime() - processDefaultMadeAt >= DEFAULT_REUSE_NANOS) {
        c = generateEcdsa();
        processDefaultMadeAt = System.nanoTime();
        processDefault = c;
      }
      return c;
    }
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

  /**
   * Reads a certificate and its private key from PEM files (as openssl writes them): the first
   * {@code CERTIFICATE} block, and a {@code PRIVATE KEY} (PKCS#8), {@code EC PRIVATE KEY} or {@code
   * RSA PRIVATE KEY} block.
   *
   * @throws IOException unreadable files, no such blocks, or a key that does not belong to the
   *     certificate
   */
  public static DtlsCertificate readPem(Path certificatePem, Path privateKeyPem)
      throws IOException {
    return fromPem(
        Files.readString(certificatePem, StandardCharsets.US_ASCII),
        Files.readString(privateKeyPem, StandardCharsets.US_ASCII),
        certificatePem.toString(),
        privateKeyPem.toString());
  }

  /** As {@link #readPem(Path, Path)}, from the PEM text. */
  public static DtlsCertificate fromPem(String certificatePem, String privateKeyPem)
      throws IOException {
    return fromPem(certificatePem, privateKeyPem, "certificate", "private key");
  }

  private static DtlsCertificate fromPem(
      String certificatePem, String privateKeyPem, String certName, String keyName)
      throws IOException {
    X509Certificate cert;
    Object c = readFirst(certificatePem);
    if (!(c instanceof X509CertificateHolder holder)) {
      throw new IOException(certName + ": no CERTIFICATE block");
    }
    try {
      cert = new JcaX509CertificateConverter().getCertificate(holder);
    } catch (GeneralSecurityException e) {
      throw new IOException(certName + ": " + e.getMessage(), e);
    }
    Object k = readFirst(privateKeyPem);
    PrivateKeyInfo info;
    if (k instanceof PEMKeyPair pair) {
      info = pair.getPrivateKeyInfo();
    } else if (k instanceof PrivateKeyInfo i) {
      info = i;
    } else {
      throw new IOException(keyName + ": no unencrypted private key block");
    }
    PrivateKey key;
    try {
      // The JDK's own key classes, whatever other providers are installed: signing then runs on
      // SunEC / SunRsaSign like a generated credential does.
      key =
          KeyFactory.getInstance(cert.getPublicKey().getAlgorithm())
              .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IOException(keyName + ": " + e.getMessage(), e);
    }
    KeyPair keyPair = new KeyPair(cert.getPublicKey(), key);
    if (!belongTogether(keyPair)) {
      throw new IOException(keyName + " is not the key of " + certName);
    }
    return new DtlsCertificate(keyPair, cert);
  }

  private static Object readFirst(String pem) throws IOException {
    try (Reader r = new StringReader(pem);
        PEMParser parser = new PEMParser(r)) {
      return parser.readObject();
    }
  }

  private static boolean belongTogether(KeyPair keyPair) {
    String algorithm =
        "RSA".equals(keyPair.getPublic().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
    try {
      byte[] probe = "rtcheck".getBytes(StandardCharsets.US_ASCII);
      Signature sign = Signature.getInstance(algorithm);
      sign.initSign(keyPair.getPrivate());
      sign.update(probe);
      byte[] signature = sign.sign();
      Signature verify = Signature.getInstance(algorithm);
      verify.initVerify(keyPair.getPublic());
      verify.update(probe);
      return verify.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Writes the certificate and the key (PKCS#8, unencrypted) as PEM, e.g. for openssl. */
  public void writePem(Path certificatePem, Path privateKeyPem) throws IOException {
    Files.writeString(certificatePem, pem("CERTIFICATE", encoded()), StandardCharsets.US_ASCII);
    Files.writeString(
        privateKeyPem,
        pem("PRIVATE KEY", keyPair.getPrivate().getEncoded()),
        StandardCharsets.US_ASCII);
  }

  private static String pem(String type, byte[] der) {
    Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    return "-----BEGIN "
        + type
        + "-----\n"
        + b64.encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
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

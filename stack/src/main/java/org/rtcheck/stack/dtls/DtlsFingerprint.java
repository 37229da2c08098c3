package org.rtcheck.stack.dtls;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * An expected certificate fingerprint from SDP {@code a=fingerprint} (RFC 8122 §5): a hash function
 * ({@code sha-1}, {@code sha-256}, {@code sha-384}, {@code sha-512}) and the hash as hex pairs
 * joined by colons.
 */
public record DtlsFingerprint(String hashFunction, String value) {

  public DtlsFingerprint {
    Objects.requireNonNull(hashFunction, "hashFunction");
    Objects.requireNonNull(value, "value");
    hashFunction = hashFunction.toLowerCase(Locale.ROOT);
    value = value.toUpperCase(Locale.ROOT);
    javaAlgorithm(hashFunction);
  }

  /** Parses the value of an {@code a=fingerprint} attribute, e.g. {@code sha-256 AB:CD:…}. */
  public static DtlsFingerprint parse(String attributeValue) {
    String[] parts = attributeValue.trim().split("\\s+");
    if (parts.length != 2) {
      throw new IllegalArgumentException("not a fingerprint attribute: " + attributeValue);
    }
    return new DtlsFingerprint(parts[0], parts[1]);
  }

  /** The fingerprint of a certificate. */
  public static DtlsFingerprint of(String hashFunction, byte[] derCertificate) {
    return new DtlsFingerprint(hashFunction, compute(hashFunction, derCertificate));
  }

  /** The fingerprint of a local certificate. */
  public static DtlsFingerprint of(String hashFunction, DtlsCertificate certificate) {
    return new DtlsFingerprint(hashFunction, certificate.fingerprint(hashFunction));
  }

  /** Whether the DER certificate hashes to this fingerprint. */
  public boolean matches(byte[] derCertificate) {
    return compute(hashFunction, derCertificate).equals(value);
  }

  static String compute(String hashFunction, byte[] derCertificate) {
    try {
      byte[] digest = MessageDigest.getInstance(javaAlgorithm(hashFunction)).digest(derCertificate);
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(hashFunction + " unavailable", e);
    }
  }

  private static String javaAlgorithm(String hashFunction) {
    switch (hashFunction.toLowerCase(Locale.ROOT)) {
      case "sha-1":
        return "SHA-1";
      case "sha-224":
        return "SHA-224";
      case "sha-256":
        return "SHA-256";
      case "sha-384":
        return "SHA-384";
      case "sha-512":
        return "SHA-512";
      default:
        throw new IllegalArgumentException("unsupported hash function " + hashFunction);
    }
  }

  @Override
  public String toString() {
    return hashFunction + " " + value;
  }
}

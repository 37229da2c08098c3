package org.rtcheck.stack.stun;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/** The 96-bit STUN transaction ID (RFC 8489 §5), immutable, printed as 24 lowercase hex digits. */
public final class TransactionId {
  public static final int LENGTH = 12;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] bytes;

  private TransactionId(byte[] bytes) {
    this.bytes = bytes;
  }

  /** RFC 8489 §6: uniformly and randomly chosen from 0 .. 2**96-1, cryptographically random. */
  public static TransactionId random() {
    byte[] b = new byte[LENGTH];
    RANDOM.nextBytes(b);
    return new TransactionId(b);
  }

  public static TransactionId of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("transaction id must be 12 bytes, got " + bytes.length);
    }
    return new TransactionId(bytes.clone());
  }

  public static TransactionId fromHex(String hex) {
    return of(HexFormat.of().parseHex(hex));
  }

  static TransactionId read(byte[] data, int offset) {
    return new TransactionId(Arrays.copyOfRange(data, offset, offset + LENGTH));
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  void writeTo(byte[] dst, int offset) {
    System.arraycopy(bytes, 0, dst, offset, LENGTH);
  }

  byte byteAt(int i) {
    return bytes[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TransactionId other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }
}

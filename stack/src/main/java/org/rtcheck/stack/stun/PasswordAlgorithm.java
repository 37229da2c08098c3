package org.rtcheck.stack.stun;

/** Long-term credential key algorithms (RFC 8489 §18.5). */
public enum PasswordAlgorithm {
  /** 0x0001: key = MD5(username ":" realm ":" password), 16 bytes (RFC 8489 §9.2.2). */
  MD5(0x0001, "MD5"),
  /** 0x0002: key = SHA-256(username ":" realm ":" password), 32 bytes (RFC 8489 §9.2.2). */
  SHA256(0x0002, "SHA-256");

  private final int number;
  private final String digestName;

  PasswordAlgorithm(int number, String digestName) {
    this.number = number;
    this.digestName = digestName;
  }

  public int number() {
    return number;
  }

  String digestName() {
    return digestName;
  }
}

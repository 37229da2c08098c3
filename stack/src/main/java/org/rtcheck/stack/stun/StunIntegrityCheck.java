package org.rtcheck.stack.stun;

import java.util.HexFormat;
import javax.crypto.Mac;
import org.rtcheck.stack.stun.StunAttribute.MessageIntegrity;

/**
 * Verifies MESSAGE-INTEGRITY (RFC 8489 §14.5) and MESSAGE-INTEGRITY-SHA256 (§14.6) over the
 * received bytes, with the header length rewritten to end at the attribute being checked.
 */
public final class StunIntegrityCheck {
  private static final StunCheckResult ABSENT = StunCheckResult.absent("no MESSAGE-INTEGRITY");
  private static final StunCheckResult ABSENT_SHA256 =
      StunCheckResult.absent("no MESSAGE-INTEGRITY-SHA256");
  private static final StunCheckResult PASS = StunCheckResult.pass("MESSAGE-INTEGRITY valid");

  /** Pass results for the valid MESSAGE-INTEGRITY-SHA256 lengths 16, 20, ..., 32. */
  private static final StunCheckResult[] PASS_SHA256 = new StunCheckResult[5];

  static {
    for (int i = 0; i < PASS_SHA256.length; i++) {
      PASS_SHA256[i] =
          StunCheckResult.pass("MESSAGE-INTEGRITY-SHA256 valid (" + (16 + 4 * i) + " bytes)");
    }
  }

  private StunIntegrityCheck() {}

  public static StunCheckResult messageIntegrity(StunMessage message, StunCredentials credentials) {
    return messageIntegrity(message, credentials.key());
  }

  public static StunCheckResult messageIntegritySha256(
      StunMessage message, StunCredentials credentials) {
    return messageIntegritySha256(message, credentials.key());
  }

  /** HMAC-SHA1 check of the first MESSAGE-INTEGRITY. */
  public static StunCheckResult messageIntegrity(StunMessage message, byte[] key) {
    int index = message.indexOf(StunAttributeType.MESSAGE_INTEGRITY);
    if (index < 0) {
      return ABSENT;
    }
    // The decoder guarantees the value is exactly MessageIntegrity.LENGTH bytes.
    int gotLength = MessageIntegrity.LENGTH;
    Crypto.PerThread scratch = Crypto.perThread();
    byte[] expected = scratch.macOut;
    compute(scratch.hmacSha1(key), message, index, gotLength, expected);
    byte[] raw = message.rawUnsafe();
    int got = message.attributeOffset(index) + 4;
    if (!equal(expected, raw, got, gotLength)) {
      return StunCheckResult.fail(
          "MESSAGE-INTEGRITY HMAC mismatch: expected "
              + hex(expected, 0, gotLength)
              + " got "
              + hex(raw, got, gotLength));
    }
    // RFC 8489 §14.5: only MESSAGE-INTEGRITY-SHA256 and FINGERPRINT may follow.
    String misplaced =
        trailing(
            message,
            index,
            StunAttributeType.MESSAGE_INTEGRITY_SHA256,
            StunAttributeType.FINGERPRINT);
    if (misplaced != null) {
      return StunCheckResult.fail(
          "attribute after MESSAGE-INTEGRITY other than MESSAGE-INTEGRITY-SHA256/FINGERPRINT: "
              + misplaced);
    }
    return PASS;
  }

  /** HMAC-SHA256 check of the first MESSAGE-INTEGRITY-SHA256, compared at its truncated length. */
  public static StunCheckResult messageIntegritySha256(StunMessage message, byte[] key) {
    int index = message.indexOf(StunAttributeType.MESSAGE_INTEGRITY_SHA256);
    if (index < 0) {
      return ABSENT_SHA256;
    }
    byte[] raw = message.rawUnsafe();
    int at = message.attributeOffset(index);
    // The attribute's own length; the decoder guarantees 16..32 in steps of 4.
    int gotLength = AttributeCodec.readShort(raw, at + 2);
    int got = at + 4;
    Crypto.PerThread scratch = Crypto.perThread();
    byte[] expected = scratch.macOut;
    compute(scratch.hmacSha256(key), message, index, gotLength, expected);
    if (!equal(expected, raw, got, gotLength)) {
      return StunCheckResult.fail(
          "MESSAGE-INTEGRITY-SHA256 HMAC mismatch: expected "
              + hex(expected, 0, gotLength)
              + " got "
              + hex(raw, got, gotLength));
    }
    // RFC 8489 §14.6: only FINGERPRINT may follow.
    String misplaced = trailing(message, index, StunAttributeType.FINGERPRINT, -1);
    if (misplaced != null) {
      return StunCheckResult.fail(
          "attribute after MESSAGE-INTEGRITY-SHA256 other than FINGERPRINT: " + misplaced);
    }
    return PASS_SHA256[(gotLength - 16) / 4];
  }

  /**
   * The MAC of the message bytes before the attribute, with the length field pointing at the
   * attribute's end (RFC 8489 §14.5: "adjusted to point to the end of the MESSAGE-INTEGRITY
   * attribute"), computed over the received bytes without copying them.
   */
  private static void compute(
      Mac mac, StunMessage message, int index, int valueLength, byte[] out) {
    int at = message.attributeOffset(index);
    int length = at - StunMessage.HEADER_LENGTH + 4 + AttributeCodec.pad4(valueLength);
    Crypto.hmacWithLength(mac, message.rawUnsafe(), at, length, out);
  }

  /** Constant-time comparison of {@code a[0, n)} with {@code b[off, off + n)}. */
  private static boolean equal(byte[] a, byte[] b, int off, int n) {
    int diff = 0;
    for (int i = 0; i < n; i++) {
      diff |= a[i] ^ b[off + i];
    }
    return diff == 0;
  }

  private static String trailing(StunMessage message, int index, int allowedA, int allowedB) {
    var attrs = message.attributes();
    for (int i = index + 1; i < attrs.size(); i++) {
      int t = attrs.get(i).type();
      if (t != allowedA && t != allowedB) {
        return StunAttributeType.name(t) + " at offset " + message.attributeOffset(i);
      }
    }
    return null;
  }

  private static String hex(byte[] b, int off, int n) {
    return HexFormat.of().formatHex(b, off, off + n);
  }
}

package org.rtcheck.stack.stun;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.rtcheck.stack.stun.StunAttribute.MessageIntegrity;
import org.rtcheck.stack.stun.StunAttribute.MessageIntegritySha256;

/**
 * Verifies MESSAGE-INTEGRITY (RFC 8489 §14.5) and MESSAGE-INTEGRITY-SHA256 (§14.6) over the
 * received bytes, with the header length rewritten to end at the attribute being checked.
 */
public final class StunIntegrityCheck {
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
      return StunCheckResult.absent("no MESSAGE-INTEGRITY");
    }
    byte[] got = ((MessageIntegrity) message.attributes().get(index)).hmac();
    byte[] expected =
        Crypto.hmacSha1(key, adjusted(message, index, got.length), offset(message, index));
    if (!MessageDigest.isEqual(expected, got)) {
      return StunCheckResult.fail(
          "MESSAGE-INTEGRITY HMAC mismatch: expected " + hex(expected) + " got " + hex(got));
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
    return StunCheckResult.pass("MESSAGE-INTEGRITY valid");
  }

  /** HMAC-SHA256 check of the first MESSAGE-INTEGRITY-SHA256, compared at its truncated length. */
  public static StunCheckResult messageIntegritySha256(StunMessage message, byte[] key) {
    int index = message.indexOf(StunAttributeType.MESSAGE_INTEGRITY_SHA256);
    if (index < 0) {
      return StunCheckResult.absent("no MESSAGE-INTEGRITY-SHA256");
    }
    byte[] got = ((MessageIntegritySha256) message.attributes().get(index)).hmac();
    byte[] full =
        Crypto.hmacSha256(key, adjusted(message, index, got.length), offset(message, index));
    byte[] expected = Arrays.copyOf(full, got.length);
    if (!MessageDigest.isEqual(expected, got)) {
      return StunCheckResult.fail(
          "MESSAGE-INTEGRITY-SHA256 HMAC mismatch: expected " + hex(expected) + " got " + hex(got));
    }
    // RFC 8489 §14.6: only FINGERPRINT may follow.
    String misplaced = trailing(message, index, StunAttributeType.FINGERPRINT, -1);
    if (misplaced != null) {
      return StunCheckResult.fail(
          "attribute after MESSAGE-INTEGRITY-SHA256 other than FINGERPRINT: " + misplaced);
    }
    return StunCheckResult.pass("MESSAGE-INTEGRITY-SHA256 valid (" + got.length + " bytes)");
  }

  private static int offset(StunMessage message, int index) {
    return message.attributeOffset(index);
  }

  /**
   * The message bytes before the attribute, with the length field pointing at the attribute's end
   * (RFC 8489 §14.5: "adjusted to point to the end of the MESSAGE-INTEGRITY attribute").
   */
  private static byte[] adjusted(StunMessage message, int index, int valueLength) {
    int at = message.attributeOffset(index);
    byte[] input = Arrays.copyOf(message.rawUnsafe(), at);
    int length = at - StunMessage.HEADER_LENGTH + 4 + AttributeCodec.pad4(valueLength);
    input[2] = (byte) (length >> 8);
    input[3] = (byte) length;
    return input;
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

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}

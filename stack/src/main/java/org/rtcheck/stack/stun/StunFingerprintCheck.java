package org.rtcheck.stack.stun;

import java.util.zip.CRC32;
import org.rtcheck.stack.stun.StunAttribute.Fingerprint;

/** Verifies FINGERPRINT (RFC 8489 §14.7) over the received bytes. */
public final class StunFingerprintCheck {
  private static final StunCheckResult ABSENT = StunCheckResult.absent("no FINGERPRINT");
  private static final StunCheckResult PASS = StunCheckResult.pass("FINGERPRINT valid");

  private StunFingerprintCheck() {}

  public static StunCheckResult verify(StunMessage message) {
    int index = message.indexOf(StunAttributeType.FINGERPRINT);
    if (index < 0) {
      return ABSENT;
    }
    // The decoder guarantees FINGERPRINT is last, so the header length already covers it.
    int at = message.attributeOffset(index);
    CRC32 crc = Crypto.perThread().crc;
    crc.reset();
    crc.update(message.rawUnsafe(), 0, at);
    int expected = (int) crc.getValue() ^ StunMessageBuilder.FINGERPRINT_XOR;
    int got = ((Fingerprint) message.attributes().get(index)).crc();
    if (expected != got) {
      return StunCheckResult.fail(
          String.format("FINGERPRINT CRC mismatch: expected 0x%08x got 0x%08x", expected, got));
    }
    return PASS;
  }
}

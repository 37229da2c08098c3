package org.rtcheck.stack.stun;

/**
 * A byte sequence is not a well-formed STUN message. Carries a machine-readable {@link Reason} and
 * the byte offset (from the start of the message) where decoding went wrong.
 */
public final class StunParseException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why decoding stopped. */
  public enum Reason {
    /** Fewer than the 20 header bytes (RFC 8489 §5). */
    TOO_SHORT,
    /** The two most significant bits are not zero (RFC 8489 §5). */
    NOT_STUN_FIRST_BITS,
    /** The magic cookie is not 0x2112A442 (RFC 8489 §5). */
    BAD_MAGIC_COOKIE,
    /** The message length is not a multiple of 4 (RFC 8489 §5: last two bits are zero). */
    LENGTH_NOT_MULTIPLE_OF_4,
    /** The header declares more bytes than were received. */
    TRUNCATED,
    /** Bytes remain after the length the header declares. */
    LENGTH_MISMATCH,
    /** An attribute header or value (with padding) runs past the end of the message. */
    ATTRIBUTE_TRUNCATED,
    /** A known attribute whose value does not follow its definition in RFC 8489 §14. */
    BAD_ATTRIBUTE_VALUE,
    /** FINGERPRINT MUST be the last attribute (RFC 8489 §14.7). */
    ATTRIBUTE_AFTER_FINGERPRINT
  }

  private final Reason reason;
  private final int offset;

  public StunParseException(Reason reason, int offset, String message) {
    super(reason + " at offset " + offset + ": " + message);
    this.reason = reason;
    this.offset = offset;
  }

  public Reason reason() {
    return reason;
  }

  public int offset() {
    return offset;
  }
}

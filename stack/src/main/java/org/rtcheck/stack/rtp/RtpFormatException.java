package org.rtcheck.stack.rtp;

/**
 * A packet that is not well-formed RTP or RTCP; the message names the rule and the offset, and
 * {@link #rule()} says which rule as a value a caller can act on.
 */
public final class RtpFormatException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Which validity rule the packet broke. */
  public enum Rule {
    /** Any other malformation (the RTP header checks of RFC 3550 §5.1, RFC 8285). */
    MALFORMED,
    /** Fewer bytes than a header (RFC 3550 §6.4.1). */
    TRUNCATED,
    /** Version other than 2 (RFC 3550 §6.4.1, A.2). */
    BAD_VERSION,
    /** A length field pointing past the datagram (RFC 3550 A.2). */
    LENGTH_PAST_DATAGRAM,
    /** The padding bit on a packet other than the last of a compound (RFC 3550 §6.4.1, A.2). */
    PADDING_NOT_LAST,
    /** A padding count of 0 or more than the packet holds (RFC 3550 §6.4.1). */
    BAD_PADDING,
    /** A compound that does not start with SR or RR (RFC 3550 §6.1, A.2; RFC 5506 §3.1). */
    FIRST_NOT_REPORT,
    /** An SR or RR shorter than its report count needs (RFC 3550 §6.4.1, §6.4.2). */
    REPORT_TOO_SHORT,
    /** An SDES chunk or item running past its packet (RFC 3550 §6.5). */
    SDES_PAST_PACKET,
    /** An SDES chunk without the null item that ends it (RFC 3550 §6.5). */
    SDES_MISSING_END,
    /** A BYE whose sources or reason run past its packet (RFC 3550 §6.6). */
    BYE_PAST_PACKET
  }

  private final Rule rule;
  private final int offset;

  public RtpFormatException(int offset, String message) {
    this(Rule.MALFORMED, offset, message);
  }

  public RtpFormatException(Rule rule, int offset, String message) {
    super(message + " (at byte " + offset + ")");
    this.rule = rule;
    this.offset = offset;
  }

  /** The rule the packet broke. */
  public Rule rule() {
    return rule;
  }

  /** Where in the packet the problem is. */
  public int offset() {
    return offset;
  }
}

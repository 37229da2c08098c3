package org.rtcheck.stack.rtp;

/** A packet that is not well-formed RTP or RTCP; the message names the rule and the offset. */
public final class RtpFormatException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int offset;

  public RtpFormatException(int offset, String message) {
    super(message + " (at byte " + offset + ")");
    this.offset = offset;
  }

  /** Where in the packet the problem is. */
  public int offset() {
    return offset;
  }
}

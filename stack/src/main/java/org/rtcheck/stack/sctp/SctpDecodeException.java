package org.rtcheck.stack.sctp;

/** An SCTP packet the codec refuses, naming the reason, the chunk and the byte offset. */
public final class SctpDecodeException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why a packet was refused. */
  public enum Reason {
    /** Shorter than the 12-byte common header (RFC 9260 §3.1). */
    TRUNCATED,
    /** The CRC32c does not match (RFC 9260 §6.8, Appendix A). */
    BAD_CHECKSUM,
    /** A chunk or parameter length is below its minimum or runs past the packet (§3.2, §3.2.1). */
    BAD_LENGTH,
    /** A field inside a chunk is inconsistent (e.g. a zero initiate tag, §3.3.2). */
    MALFORMED
  }

  private final Reason reason;
  private final String chunk;
  private final int offset;

  public SctpDecodeException(Reason reason, String chunk, int offset, String message) {
    // No stack trace: malformed packets are routine input and must stay cheap to refuse.
    super(reason + " in " + chunk + " at offset " + offset + ": " + message, null, false, false);
    this.reason = reason;
    this.chunk = chunk;
    this.offset = offset;
  }

  public Reason reason() {
    return reason;
  }

  /** The chunk (or "header") being decoded when the error was found. */
  public String chunk() {
    return chunk;
  }

  /** Byte offset in the packet where the offending field starts. */
  public int offset() {
    return offset;
  }
}

package org.rtcheck.stack.sctp;

import java.nio.charset.StandardCharsets;

/** An error cause in ABORT or ERROR (RFC 9260 §3.3.10): a code and its raw cause information. */
public record ErrorCause(int code, byte[] info) {

  public static final int INVALID_STREAM_IDENTIFIER = 1;
  public static final int MISSING_MANDATORY_PARAMETER = 2;
  public static final int STALE_COOKIE = 3;
  public static final int OUT_OF_RESOURCE = 4;
  public static final int UNRECOGNIZED_CHUNK_TYPE = 6;
  public static final int NO_USER_DATA = 9;
  public static final int USER_INITIATED_ABORT = 12;
  public static final int PROTOCOL_VIOLATION = 13;

  /** User-Initiated Abort (RFC 9260 §3.3.10.12) with an upper-layer reason. */
  public static ErrorCause userInitiatedAbort(String reason) {
    return new ErrorCause(USER_INITIATED_ABORT, reason.getBytes(StandardCharsets.UTF_8));
  }

  /** Protocol Violation (RFC 9260 §3.3.10.13) with a description. */
  public static ErrorCause protocolViolation(String what) {
    return new ErrorCause(PROTOCOL_VIOLATION, what.getBytes(StandardCharsets.UTF_8));
  }

  /** The cause information read as UTF-8 text (meaningful for codes 12 and 13). */
  public String text() {
    return new String(info, StandardCharsets.UTF_8);
  }
}

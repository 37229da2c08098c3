package org.rtcheck.stack.datachannel;

/** SCTP payload protocol identifiers of WebRTC data channels (RFC 8831 §8, IANA). */
public final class PayloadProtocol {

  public static final long DCEP = 50;
  public static final long STRING = 51;

  /** Deprecated partial-message PPIDs (RFC 8831 §6.6); refused with a typed error. */
  public static final long BINARY_PARTIAL = 52;

  public static final long BINARY = 53;
  public static final long STRING_PARTIAL = 54;

  /** Empty messages go as one zero byte with these PPIDs (RFC 8831 §6.6). */
  public static final long STRING_EMPTY = 56;

  public static final long BINARY_EMPTY = 57;

  private PayloadProtocol() {}
}

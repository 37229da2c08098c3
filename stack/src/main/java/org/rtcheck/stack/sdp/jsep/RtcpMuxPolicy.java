package org.rtcheck.stack.sdp.jsep;

/** RTCRtcpMuxPolicy (RFC 9429 §4.1.1). */
public enum RtcpMuxPolicy {
  /**
   * RTP and RTCP share one port: offers carry {@code a=rtcp-mux-only} (RFC 8858 §4) and a remote
   * RTP m-section without {@code a=rtcp-mux} is refused. The W3C default.
   */
  REQUIRE,
  /** RTCP muxing is negotiated; only bundled RTP m-sections must have it (RFC 8843 §9.1). */
  NEGOTIATE
}

package org.rtcheck.stack.sdp;

/** How strictly {@link SdpParser} reads a description. */
public enum SdpParseMode {
  /**
   * The RFC 8866 §9 grammar: CRLF line endings, {@code <type>=<value>} with no spaces, session
   * lines in the §5 order, required {@code v= o= s= t=}; deviations are {@link
   * SdpProblem.Severity#ERROR}s.
   */
  STRICT,
  /**
   * What browsers accept: LF line endings, unknown line types, missing {@code s=}/{@code t=},
   * trailing whitespace and out-of-order lines are {@link SdpProblem.Severity#WARNING}s.
   */
  LENIENT
}

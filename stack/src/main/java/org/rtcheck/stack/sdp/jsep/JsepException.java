package org.rtcheck.stack.sdp.jsep;

import java.util.Objects;

/** A description or call that JSEP refuses, and the rule it breaks. */
public final class JsepException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why; {@link #rule()} names where the rule comes from. */
  public enum Reason {
    /** The text has ERROR problems in lenient parsing (RFC 8866 §5; RFC 9429 §5.8). */
    PARSE_ERROR("RFC 9429 §5.8"),
    /** The call is not allowed in the current signaling state (W3C §4.4.1.5, RFC 9429 §4.1.8). */
    WRONG_STATE("RFC 9429 §4.1.8"),
    /** A remote offer while a local offer is pending: glare (RFC 9429 §4.1.8.1). */
    GLARE("RFC 9429 §4.1.8.1"),
    /** The answer has another number of m-sections than the offer (RFC 3264 §6). */
    M_SECTION_COUNT("RFC 3264 §6"),
    /** An answer m-section has another media type than the offered one (RFC 3264 §6). */
    M_SECTION_KIND("RFC 3264 §6"),
    /** A new offer drops, reorders or changes an m-section already negotiated (RFC 3264 §8). */
    M_SECTION_ORDER("RFC 3264 §8"),
    /** A non-rejected m-section has no a=mid (RFC 9429 §5.2.1, RFC 8843 §7). */
    MID_MISSING("RFC 9429 §5.2.1"),
    /** Two m-sections share a mid (RFC 5888 §4). */
    MID_DUPLICATE("RFC 5888 §4"),
    /** An answer m-section has another mid than the offered one (RFC 9429 §5.3.1). */
    MID_MISMATCH("RFC 9429 §5.3.1"),
    /** No ice-ufrag/ice-pwd at media, BUNDLE-tag or session level (RFC 8839 §5.4). */
    ICE_CREDENTIALS_MISSING("RFC 8839 §5.4"),
    /** No a=fingerprint at media, BUNDLE-tag or session level (RFC 8122 §5, RFC 8827 §6.5). */
    FINGERPRINT_MISSING("RFC 8122 §5"),
    /** a=setup illegal for the description type (RFC 8842 §5.2, §5.3). */
    SETUP_INVALID("RFC 8842 §5"),
    /** A BUNDLE group names a mid no m-section has (RFC 8843 §7.2, RFC 5888 §9.2). */
    BUNDLE_MID_UNKNOWN("RFC 8843 §7.2"),
    /**
     * A BUNDLE group the rules forbid: a mid in two groups (RFC 8843 §6), a rejected m-section in a
     * group or a bundle-only one outside (RFC 8843 §6, §7.3.3), an answer bundling a mid the offer
     * did not (RFC 8843 §7.3.1).
     */
    BUNDLE_GROUP_INVALID("RFC 8843 §7"),
    /** An RTP m-section without a=rtcp-mux when the policy or BUNDLE requires it. */
    RTCP_MUX_REQUIRED("RFC 9429 §4.1.1, RFC 8843 §9.1"),
    /**
     * The local description passed to setLocalDescription is not one this session made (W3C
     * §4.4.1.5 InvalidModificationError; RFC 9429 §5.4).
     */
    LOCAL_DESCRIPTION_MISMATCH("RFC 9429 §5.4");

    private final String rule;

    Reason(String rule) {
      this.rule = rule;
    }

    /** The RFC and section of the rule. */
    public String rule() {
      return rule;
    }
  }

  private final Reason reason;

  public JsepException(Reason reason, String message) {
    super(Objects.requireNonNull(reason) + " (" + reason.rule() + "): " + message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

package org.rtcheck.vectors.rtcp;

import org.rtcheck.engine.VectorSuite;

/**
 * Anchor for Surefire: RFC 3550 RTCP packets: SR, RR, SDES and BYE decoded and encoded, and the
 * compound validity checks of Appendix A.2 with the rule and offset of each refusal.
 */
@VectorSuite("rtcp/rfc3550-packets.json")
class Rfc3550PacketsTest {}

package org.rtcheck.vectors.stun;

import org.rtcheck.engine.VectorSuite;

/**
 * Anchor for Surefire: RFC 8489 Appendix B.1 (SHA-256 long-term credentials, USERHASH), with
 * erratum 6268.
 */
@VectorSuite("stun/rfc8489-b1.json")
class Rfc8489B1Test {}

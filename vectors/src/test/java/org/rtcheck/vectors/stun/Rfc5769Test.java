package org.rtcheck.vectors.stun;

import org.rtcheck.engine.VectorSuite;

/** Anchor for Surefire: RFC 5769 test vectors: decode, integrity, fingerprint, encode. */
@VectorSuite("stun/rfc5769.json")
class Rfc5769Test {}

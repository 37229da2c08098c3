package org.rtcheck.vectors.stun;

import org.rtcheck.engine.VectorSuite;

/** Anchor for Surefire: RFC 5769 vectors altered: bit flips, truncation, bad framing. */
@VectorSuite("stun/rfc5769-negative.json")
class Rfc5769NegativeTest {}

package org.rtcheck.vectors.sdp;

import org.rtcheck.engine.VectorSuite;

/**
 * Anchor for Surefire: RFC 8829 (JSEP) §7 example offers and answers: parse, round trip, JSEP
 * checks.
 */
@VectorSuite("sdp/rfc8829-examples.json")
class Rfc8829ExamplesTest {}

package org.rtcheck.vectors.sdp;

import org.rtcheck.engine.VectorSuite;

/** Anchor for Surefire: RFC 8843 (BUNDLE) §18 examples: parse, BUNDLE groups, round trip. */
@VectorSuite("sdp/rfc8843-examples.json")
class Rfc8843ExamplesTest {}

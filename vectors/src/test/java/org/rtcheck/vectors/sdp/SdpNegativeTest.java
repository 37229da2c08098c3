package org.rtcheck.vectors.sdp;

import org.rtcheck.engine.VectorSuite;

/** Anchor for Surefire: SDP broken one line at a time. */
@VectorSuite("sdp/negative.json")
class SdpNegativeTest {}

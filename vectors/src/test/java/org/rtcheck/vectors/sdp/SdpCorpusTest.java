package org.rtcheck.vectors.sdp;

import org.rtcheck.engine.VectorSuite;

/** Anchor for Surefire: SDP harvested from the real peers: parse, round trip, JSEP checks. */
@VectorSuite("sdp/corpus.json")
class SdpCorpusTest {}

package org.rtcheck.vectors.sdp;

import org.rtcheck.engine.VectorSuite;

/** Anchor for Surefire: RFC 8841 (SCTP over DTLS in SDP) examples. */
@VectorSuite("sdp/rfc8841-examples.json")
class Rfc8841ExamplesTest {}

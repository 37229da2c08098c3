package org.rtcheck.vectors.interop;

import org.rtcheck.engine.VectorSuite;

/**
 * Anchor for Surefire: audio added by the offerer after a data-channel-only connection (a second
 * offer/answer, RFC 8829 §5.2.2) between every ordered pair of peers.
 */
@VectorSuite("interop/renegotiation.json")
class RenegotiationMatrixTest {}

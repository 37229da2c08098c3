package org.rtcheck.vectors.interop;

import org.rtcheck.engine.VectorSuite;

/**
 * Anchor for Surefire: an ICE restart by the offerer (RFC 8445 §2.4) between every ordered pair of
 * peers, with data on the existing channel before and after and a new ufrag.
 */
@VectorSuite("interop/ice-restart.json")
class IceRestartMatrixTest {}

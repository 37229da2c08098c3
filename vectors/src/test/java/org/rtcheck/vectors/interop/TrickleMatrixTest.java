package org.rtcheck.vectors.interop;

import org.rtcheck.engine.VectorSuite;

/**
 * Anchor for Surefire: trickle ICE signaled by the harness between every ordered pair of peers.
 * {@code mvn verify} runs the subset of {@link DataChannelMatrixTest}.
 */
@VectorSuite("interop/trickle.json")
class TrickleMatrixTest {}

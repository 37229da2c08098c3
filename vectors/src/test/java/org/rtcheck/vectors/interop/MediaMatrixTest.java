package org.rtcheck.vectors.interop;

import org.rtcheck.engine.VectorSuite;

/**
 * Anchor for Surefire: audio both ways and video from the offerer between every ordered pair of
 * peers (pc.add-media, media.check). {@code mvn verify} runs a few Node-stack cells (the tag
 * expression in vectors/pom.xml); {@code ./rtcheck run} runs every pair.
 */
@VectorSuite("interop/media.json")
class MediaMatrixTest {}

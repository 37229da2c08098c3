package org.rtcheck.vectors.interop;

import org.rtcheck.engine.VectorSuite;

/**
 * Anchor for Surefire: data channels between every ordered pair of peers (the interop matrix).
 * {@code mvn verify} runs only the Node stacks' pairs and Chromium → Firefox (the tag expression in
 * vectors/pom.xml); {@code ./rtcheck run} runs every pair.
 */
@VectorSuite("interop/datachannel.json")
class DataChannelMatrixTest {}

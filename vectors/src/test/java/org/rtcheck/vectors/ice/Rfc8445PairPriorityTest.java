package org.rtcheck.vectors.ice;

import org.rtcheck.engine.VectorSuite;

/** Anchor for Surefire: RFC 8445 §6.1.2.3 pair priorities for every type pair and both roles. */
@VectorSuite("ice/rfc8445-pair-priority.json")
class Rfc8445PairPriorityTest {}

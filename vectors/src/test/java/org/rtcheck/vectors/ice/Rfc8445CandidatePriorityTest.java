package org.rtcheck.vectors.ice;

import org.rtcheck.engine.VectorSuite;

/**
 * Anchor for Surefire: RFC 8445 §5.1.2 candidate priorities (and the RFC 6544 §4.2 TCP local
 * preference).
 */
@VectorSuite("ice/rfc8445-candidate-priority.json")
class Rfc8445CandidatePriorityTest {}

package org.rtcheck.vectors.ice;

import org.rtcheck.engine.VectorSuite;

/** Anchor for Surefire: RFC 8445 §7.3 answers to connectivity checks (RFC 8489 §9.1.3). */
@VectorSuite("ice/rfc8445-check-answers.json")
class Rfc8445CheckAnswersTest {}

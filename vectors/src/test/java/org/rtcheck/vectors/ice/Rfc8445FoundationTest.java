package org.rtcheck.vectors.ice;

import org.rtcheck.engine.VectorSuite;

/** Anchor for Surefire: RFC 8445 §5.1.1.3 foundation equality. */
@VectorSuite("ice/rfc8445-foundation.json")
class Rfc8445FoundationTest {}

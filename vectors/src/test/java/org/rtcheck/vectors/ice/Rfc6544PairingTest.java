package org.rtcheck.vectors.ice;

import org.rtcheck.engine.VectorSuite;

/** Anchor for Surefire: RFC 6544 §6.2 TCP candidate pairing and the pruning of passive pairs. */
@VectorSuite("ice/rfc6544-pairing.json")
class Rfc6544PairingTest {}

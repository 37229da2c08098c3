package org.rtcheck.vectors.sctp;

import org.rtcheck.engine.VectorSuite;

/**
 * Anchor for Surefire: RFC 9260 SCTP packet and chunk vectors (with RFC 3758, RFC 6525, RFC 8260):
 * encodings, decodings, CRC32c (RFC 3720 §B.4), refusals.
 */
@VectorSuite("sctp/rfc9260.json")
class Rfc9260Test {}

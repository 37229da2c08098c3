package org.rtcheck.vectors.srtp;

import org.rtcheck.engine.VectorSuite;

/**
 * Anchor for Surefire: RFC 3711 SRTP vectors: key derivation, AES-CM/HMAC-SHA1, rollover counter,
 * replay window, SRTCP.
 */
@VectorSuite("srtp/rfc3711.json")
class Rfc3711Test {}

package org.rtcheck.vectors.srtp;

import org.rtcheck.engine.VectorSuite;

/** Anchor for Surefire: RFC 7714 vectors: AEAD_AES_128_GCM and AEAD_AES_256_GCM, SRTP and SRTCP. */
@VectorSuite("srtp/rfc7714.json")
class Rfc7714Test {}

package org.rtcheck.vectors.srtp;

import org.rtcheck.engine.VectorSuite;

/** Anchor for Surefire: RFC 6188 vectors: AES-256 key derivation and AES_256_CM_HMAC_SHA1_80. */
@VectorSuite("srtp/rfc6188.json")
class Rfc6188Test {}

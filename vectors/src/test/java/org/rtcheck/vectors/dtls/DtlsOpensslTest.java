package org.rtcheck.vectors.dtls;

import org.rtcheck.engine.VectorSuite;

/** Anchor for Surefire: live DTLS-SRTP handshakes between the own stack and every DTLS subject. */
@VectorSuite("dtls/openssl.json")
class DtlsOpensslTest {}

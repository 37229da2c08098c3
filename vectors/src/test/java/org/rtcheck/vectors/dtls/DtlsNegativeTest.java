package org.rtcheck.vectors.dtls;

import org.rtcheck.engine.VectorSuite;

/**
 * Anchor for Surefire: DTLS-SRTP handshakes that must fail, own stack against every DTLS subject.
 */
@VectorSuite("dtls/negative.json")
class DtlsNegativeTest {}

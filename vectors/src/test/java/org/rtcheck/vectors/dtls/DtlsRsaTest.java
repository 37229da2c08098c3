package org.rtcheck.vectors.dtls;

import org.rtcheck.engine.VectorSuite;

/**
 * Anchor for Surefire: DTLS-SRTP with RSA certificates on either side, own stack against every DTLS
 * subject.
 */
@VectorSuite("dtls/rsa.json")
class DtlsRsaTest {}

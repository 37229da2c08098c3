package org.rtcheck.vectors.sctp;

import org.rtcheck.engine.VectorSuite;

/** Anchor for Surefire: RFC 8832 DCEP DATA_CHANNEL_OPEN / ACK encodings and refusals. */
@VectorSuite("sctp/rfc8832.json")
class Rfc8832Test {}

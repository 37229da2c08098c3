package org.rtcheck.vectors.dtls;

import org.rtcheck.engine.VectorSuite;

/**
 * Anchor for Surefire: Lost, reordered and misdirected DTLS flights through the own stack's relay,
 * against every DTLS subject.
 */
@VectorSuite("dtls/flights.json")
class DtlsFlightsTest {}

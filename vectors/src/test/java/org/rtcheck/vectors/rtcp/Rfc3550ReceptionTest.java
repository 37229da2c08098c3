package org.rtcheck.vectors.rtcp;

import org.rtcheck.engine.VectorSuite;

/**
 * Anchor for Surefire: RFC 3550 reception statistics scripted on virtual time: probation and
 * re-sync (A.1), loss and fraction lost (A.3), jitter (A.8), LSR/DLSR (§6.4.1).
 */
@VectorSuite("rtcp/rfc3550-reception.json")
class Rfc3550ReceptionTest {}

package org.rtcheck.vectors.sctp;

import org.rtcheck.engine.VectorSuite;

/**
 * Anchor for Surefire: scripted RFC 9260 association exchanges on virtual time (handshake, SACK
 * rules, delivery, verification tags, heartbeat, abort, FORWARD TSN, stream reset).
 */
@VectorSuite("sctp/rfc9260-association.json")
class Rfc9260AssociationTest {}

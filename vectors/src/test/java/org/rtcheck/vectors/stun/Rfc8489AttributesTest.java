package org.rtcheck.vectors.stun;

import org.rtcheck.engine.VectorSuite;

/** Anchor for Surefire: Every RFC 8489 §14 attribute and the RFC 8445 ICE attributes. */
@VectorSuite("stun/rfc8489-attributes.json")
class Rfc8489AttributesTest {}

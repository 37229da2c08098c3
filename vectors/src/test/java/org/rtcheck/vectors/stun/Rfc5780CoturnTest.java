package org.rtcheck.vectors.stun;

import org.rtcheck.engine.VectorSuite;

/**
 * Anchor for Surefire: RFC 5780 NAT behaviour discovery of every {@code stun.nat-type} subject
 * against a coturn on loopback (open internet).
 */
@VectorSuite("stun/rfc5780-coturn.json")
class Rfc5780CoturnTest {}

package org.rtcheck.vectors.turn;

import org.rtcheck.engine.VectorSuite;

/**
 * Anchor for Surefire: the TURN client of every subject with {@code turn.*} against a coturn the
 * own subject starts, over UDP, TCP and TLS.
 */
@VectorSuite("turn/coturn.json")
class TurnCoturnTest {}

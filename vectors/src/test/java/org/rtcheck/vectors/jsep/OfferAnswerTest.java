package org.rtcheck.vectors.jsep;

import org.rtcheck.engine.VectorSuite;

/** Anchor for Surefire: live offer/answer between the own stack and every real peer. */
@VectorSuite("jsep/offer-answer.json")
class OfferAnswerTest {}

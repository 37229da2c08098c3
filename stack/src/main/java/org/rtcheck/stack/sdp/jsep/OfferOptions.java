package org.rtcheck.stack.sdp.jsep;

/**
 * Options of {@link JsepSession#createOffer(OfferOptions)} (RFC 9429 §5.2.3).
 *
 * @param iceRestart new ICE credentials in the offer (RFC 9429 §5.2.3.1, RFC 8839 §4.4.1.1.1)
 */
public record OfferOptions(boolean iceRestart) {
  /** No ICE restart. */
  public static final OfferOptions DEFAULT = new OfferOptions(false);
}

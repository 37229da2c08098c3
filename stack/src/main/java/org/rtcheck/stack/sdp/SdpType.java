package org.rtcheck.stack.sdp;

/** The role of a description in the offer/answer exchange (RFC 9429 §4.1.8). */
public enum SdpType {
  OFFER,
  ANSWER,
  PRANSWER
}

package org.rtcheck.stack.sdp.jsep;

import java.util.Locale;

/** RTCSignalingState of the W3C WebRTC API (§4.3.1), which JSEP §3.2 drives. */
public enum SignalingState {
  STABLE,
  HAVE_LOCAL_OFFER,
  HAVE_REMOTE_OFFER,
  HAVE_LOCAL_PRANSWER,
  HAVE_REMOTE_PRANSWER,
  CLOSED;

  /** The W3C spelling, e.g. {@code have-local-offer}. */
  public String w3cName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}

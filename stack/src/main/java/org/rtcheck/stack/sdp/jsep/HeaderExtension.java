package org.rtcheck.stack.sdp.jsep;

import java.util.Objects;

/**
 * An RTP header extension and its id (RFC 8285 §8, {@code a=extmap}).
 *
 * @param id 1..14 for one-byte headers, up to 255 with two-byte headers (RFC 8285 §5)
 * @param uri the extension's URI
 */
public record HeaderExtension(int id, String uri) {
  public static final String SDES_MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
  public static final String SSRC_AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
  public static final String ABS_SEND_TIME =
      "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
  public static final String TRANSPORT_WIDE_CC =
      "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

  public HeaderExtension {
    Objects.requireNonNull(uri);
  }
}

package org.rtcheck.stack.sdp.jsep;

import java.util.Locale;
import java.util.Optional;

/** The kind of a transceiver, which is the media type of its m-section (RFC 8866 §5.14). */
public enum MediaKind {
  AUDIO,
  VIDEO;

  /** The media type on the m-line, e.g. {@code audio}. */
  public String sdpName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind for an m-line media type, empty for {@code application} and anything else. */
  public static Optional<MediaKind> fromSdp(String media) {
    for (MediaKind k : values()) {
      if (k.sdpName().equals(media)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}

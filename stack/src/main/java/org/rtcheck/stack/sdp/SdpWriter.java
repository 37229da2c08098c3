package org.rtcheck.stack.sdp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Writes a {@link SessionDescription} as SDP text with CRLF line endings (RFC 8866 §5). */
public final class SdpWriter {

  /** RFC 8866 §5 order; t= and r= share a rank so time descriptions stay together. */
  private static final String SESSION_RANKS = "vosiuepcbtzk";

  private static final String MEDIA_RANKS = "micbk";

  private SdpWriter() {}

  /**
   * Every line as parsed (or canonically rendered when made or replaced in code), each followed by
   * CRLF. For a parsed description this is the input with its line endings normalised to CRLF.
   */
  public static String write(SessionDescription sd) {
    StringBuilder b = new StringBuilder(1024);
    for (SdpLine l : sd.lines()) {
      b.append(l.text()).append("\r\n");
    }
    for (MediaSection m : sd.media()) {
      for (SdpLine l : m.lines()) {
        b.append(l.text()).append("\r\n");
      }
    }
    return b.toString();
  }

  /**
   * Every line re-rendered from its typed view: single spaces, no trailing whitespace, lines sorted
   * into the RFC 8866 §5 order (stable, so attributes keep their relative order), empty lines
   * dropped. Lines the parser could not type are kept as written.
   */
  public static String canonical(SessionDescription sd) {
    StringBuilder b = new StringBuilder(1024);
    append(b, sorted(sd.lines(), SESSION_RANKS));
    for (MediaSection m : sd.media()) {
      b.append(m.mLine().canonicalText()).append("\r\n");
      append(b, sorted(m.lines().subList(1, m.lines().size()), MEDIA_RANKS));
    }
    return b.toString();
  }

  private static List<SdpLine> sorted(List<SdpLine> lines, String ranks) {
    List<SdpLine> out = new ArrayList<>();
    for (SdpLine l : lines) {
      if (l.type() != '\0') {
        out.add(l);
      }
    }
    // Unknown types go just before the attributes; a= lines come last (RFC 8866 §5).
    out.sort(
        Comparator.comparingInt(
            l -> {
              int r = ranks.indexOf(l.type() == 'r' ? 't' : l.type());
              return r >= 0 ? r : l.type() == 'a' ? ranks.length() + 1 : ranks.length();
            }));
    return out;
  }

  private static void append(StringBuilder b, List<SdpLine> lines) {
    for (SdpLine l : lines) {
      boolean untyped = l.field() instanceof SdpField.Unknown;
      b.append(untyped ? l.text() : l.canonicalText()).append("\r\n");
    }
  }
}

package org.rtcheck.stack.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads SDP text (RFC 8866) into a {@link SessionDescription}. It never throws on bad input: every
 * deviation becomes an {@link SdpProblem}, and only text that cannot be a description at all
 * (empty, or a first line that is not {@code v=0}) yields no description. Every line keeps its
 * original text, so {@link SdpWriter#write} reproduces the input (with CRLF line endings).
 */
public final class SdpParser {

  /** RFC 8866 §5: session-level line order; t= and r= repeat as a time description. */
  private static final String SESSION_ORDER = "vosiuepcbtrzka";

  /** RFC 8866 §5: media-level line order. */
  private static final String MEDIA_ORDER = "micbka";

  /** RFC 8866 §5: session lines that appear at most once. */
  private static final String SESSION_ONCE = "vosiuczk";

  private static final String KNOWN_TYPES = "vosiuepcbtrzkam";

  /** Attributes that only make sense at session level (RFC 5888 §5, RFC 8839 §5.3). */
  private static final Set<String> SESSION_ONLY = Set.of("group", "ice-lite", "msid-semantic");

  /** Attributes defined at media level only (their RFCs' "Usage Level"). */
  private static final Set<String> MEDIA_ONLY =
      Set.of(
          "mid",
          "candidate",
          "rtpmap",
          "fmtp",
          "rtcp-fb",
          "rtcp",
          "rtcp-mux",
          "rtcp-mux-only",
          "rtcp-rsize",
          "ssrc",
          "ssrc-group",
          "rid",
          "simulcast",
          "sctp-port",
          "max-message-size",
          "sctpmap",
          "bundle-only",
          "msid");

  private static final Set<String> FLAGS =
      Set.of(
          "ice-lite",
          "end-of-candidates",
          "rtcp-mux",
          "rtcp-mux-only",
          "rtcp-rsize",
          "extmap-allow-mixed",
          "bundle-only");

  private SdpParser() {}

  /** Parses in {@link SdpParseMode#LENIENT} mode. */
  public static SdpParseResult parse(String text) {
    return parse(text, SdpParseMode.LENIENT);
  }

  /** Parses {@code text}; never throws for any input (null is treated as empty). */
  public static SdpParseResult parse(String text, SdpParseMode mode) {
    return new Run(text == null ? "" : text, mode == null ? SdpParseMode.LENIENT : mode).run();
  }

  /** A token of a value and its 0-based start index in that value. */
  private record Tok(String text, int start) {}

  private static List<Tok> tokens(String s) {
    List<Tok> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
      int start = i;
      while (i < n && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
        i++;
      }
      if (i > start) {
        out.add(new Tok(s.substring(start, i), start));
      }
    }
    return out;
  }

  static boolean isDigits(String s, int maxLen) {
    if (s.isEmpty() || s.length() > maxLen) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** The value if {@code s} is 1..18 digits within [min, max], else -1. */
  static long number(String s, long min, long max) {
    if (!isDigits(s, 18)) {
      return -1;
    }
    long v = Long.parseLong(s);
    return v < min || v > max ? -1 : v;
  }

  /** RFC 8866 §9 token-char. */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          c == 0x21
              || (c >= 0x23 && c <= 0x27)
              || (c >= 0x2a && c <= 0x2b)
              || (c >= 0x2d && c <= 0x2e)
              || (c >= 0x30 && c <= 0x39)
              || (c >= 0x41 && c <= 0x5a)
              || (c >= 0x5e && c <= 0x7e);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static String stripTrailing(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return s.substring(0, end);
  }

  private static final class Run {
    private final String text;
    private final SdpParseMode mode;
    private final List<SdpProblem> problems = new ArrayList<>();
    private final SessionDescription sd = new SessionDescription();
    private MediaSection current;
    private int lineNo;
    private char lastType;
    private int lastRank;
    private final boolean[] seenSession = new boolean[128];
    private final boolean[] seenMedia = new boolean[128];

    Run(String text, SdpParseMode mode) {
      this.text = text;
      this.mode = mode;
    }

    private void problem(int col, String rule, String ref, SdpProblem.Severity sev, String msg) {
      problems.add(new SdpProblem(lineNo, col, rule, ref, sev, msg));
    }

    private void error(int col, String rule, String ref, String msg) {
      problem(col, rule, ref, SdpProblem.Severity.ERROR, msg);
    }

    private void warn(int col, String rule, String ref, String msg) {
      problem(col, rule, ref, SdpProblem.Severity.WARNING, msg);
    }

    /** An ERROR in strict mode, a WARNING in lenient mode (browsers accept it). */
    private void soft(int col, String rule, String ref, String msg) {
      problem(
          col,
          rule,
          ref,
          mode == SdpParseMode.STRICT ? SdpProblem.Severity.ERROR : SdpProblem.Severity.WARNING,
          msg);
    }

    SdpParseResult run() {
      List<String> raws = new ArrayList<>();
      int firstLf = -1;
      int lfCount = 0;
      boolean finalNewline = false;
      int pos = 0;
      int n = text.length();
      while (pos < n) {
        int nl = text.indexOf('\n', pos);
        if (nl < 0) {
          raws.add(text.substring(pos));
          break;
        }
        boolean cr = nl > pos && text.charAt(nl - 1) == '\r';
        raws.add(text.substring(pos, cr ? nl - 1 : nl));
        if (!cr) {
          lfCount++;
          if (firstLf < 0) {
            firstLf = raws.size();
          }
        }
        pos = nl + 1;
        finalNewline = pos == n;
      }
      lineNo = 1;
      if (raws.isEmpty() || text.isBlank()) {
        error(1, "empty", "RFC 8866 §5", "no SDP text");
        return new SdpParseResult(Optional.empty(), problems);
      }
      String first = raws.get(0);
      String firstValue = mode == SdpParseMode.LENIENT ? stripTrailing(first) : first;
      if (!firstValue.equals("v=0")) {
        error(
            1,
            "first-line-version",
            "RFC 8866 §5.1",
            "a description starts with v=0, not " + abbreviate(first));
        return new SdpParseResult(Optional.empty(), problems);
      }
      for (int i = 0; i < raws.size(); i++) {
        lineNo = i + 1;
        line(raws.get(i));
      }
      finish(raws.size());
      // RFC 8866 §5: "lines ... separated by CRLF"; RFC 8866 §9 lets parsers accept LF.
      if (firstLf > 0) {
        lineNo = firstLf;
        soft(
            raws.get(firstLf - 1).length() + 1,
            "line-ending",
            "RFC 8866 §5",
            lfCount + " line(s) end with LF instead of CRLF, the first here");
      }
      if (!finalNewline) {
        lineNo = raws.size();
        soft(
            raws.get(raws.size() - 1).length() + 1,
            "line-ending",
            "RFC 8866 §9",
            "the last line has no CRLF");
      }
      return new SdpParseResult(Optional.of(sd), problems);
    }

    private static String abbreviate(String s) {
      return s.length() > 40 ? "\"" + s.substring(0, 40) + "…\"" : "\"" + s + "\"";
    }

    private void finish(int lines) {
      lineNo = 1;
      if (!seenSession['o']) {
        // Browsers reject a description without o= as well.
        error(1, "missing-origin", "RFC 8866 §5.2", "no o= line");
      }
      if (!seenSession['s']) {
        soft(1, "missing-session-name", "RFC 8866 §5.3", "no s= line");
      }
      if (!seenSession['t']) {
        soft(1, "missing-timing", "RFC 8866 §5.9", "no t= line");
      }
      if (!seenSession['c']) {
        for (MediaSection m : sd.media()) {
          if (m.linesOf(SdpField.Connection.class).isEmpty()) {
            lineNo = m.mLine().number();
            soft(
                1,
                "missing-connection",
                "RFC 8866 §5.7",
                "no c= line at session level nor in this media section");
          }
        }
      }
    }

    private void add(String raw, SdpField field) {
      SdpLine l = new SdpLine(lineNo, raw, field);
      if (current != null) {
        current.add(l);
      } else {
        sd.add(l);
      }
    }

    private void line(String raw) {
      if (raw.isEmpty()) {
        soft(1, "empty-line", "RFC 8866 §5", "empty line");
        add(raw, new SdpField.Unknown('\0', ""));
        return;
      }
      for (int i = 0; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (c == '\0' || c == '\r') {
          // RFC 8866 §9: text and byte-string exclude NUL, CR and LF.
          error(i + 1, "invalid-character", "RFC 8866 §9", "NUL or CR inside a line");
          break;
        }
      }
      char type = raw.charAt(0);
      if (raw.length() < 2 || raw.charAt(1) != '=' || type < 'a' || type > 'z') {
        boolean badType = type < 'a' || type > 'z';
        error(
            badType ? 1 : 2,
            "line-syntax",
            "RFC 8866 §5",
            "expected <type>=<value>: one lower-case letter, then '=' with no spaces");
        add(raw, new SdpField.Unknown(type, raw.length() > 2 ? raw.substring(2) : ""));
        return;
      }
      String value = raw.substring(2);
      String v = value;
      if (type != 's' && type != 'i') {
        v = stripTrailing(value);
        if (v.length() < value.length()) {
          soft(
              v.length() + 3,
              "trailing-whitespace",
              "RFC 8866 §9",
              "whitespace at the end of the line");
        }
      }
      if (KNOWN_TYPES.indexOf(type) < 0) {
        // RFC 8866 §5: parsers MUST ignore a description with a type letter they do not know.
        soft(1, "unknown-line-type", "RFC 8866 §5", "unknown line type '" + type + "'");
        add(raw, new SdpField.Unknown(type, value));
        return;
      }
      order(type);
      SdpField field;
      switch (type) {
        case 'v':
          field = v.equals("0") ? new SdpField.Version(0) : new SdpField.Unknown('v', value);
          break;
        case 'o':
          field = origin(v);
          break;
        case 's':
          if (value.isEmpty()) {
            // RFC 8866 §5.3: "s= " (a single space) when there is no name.
            soft(3, "session-name-empty", "RFC 8866 §5.3", "s= must not be empty; use \"s= \"");
          }
          field = new SdpField.Text('s', value);
          break;
        case 'k':
          warn(1, "key-obsolete", "RFC 8866 §5.12", "k= is obsolete and MUST NOT be used");
          field = new SdpField.Text('k', v);
          break;
        case 'i':
          field = new SdpField.Text('i', value);
          break;
        case 'u':
        case 'e':
        case 'p':
          field = new SdpField.Text(type, v);
          break;
        case 'c':
          field = connection(v);
          break;
        case 'b':
          field = bandwidth(v);
          break;
        case 't':
          field = timing(v);
          break;
        case 'r':
        case 'z':
          field = times(type, v);
          break;
        case 'm':
          media(raw, v);
          return;
        case 'a':
          field = attribute(v);
          break;
        default:
          field = new SdpField.Unknown(type, value);
      }
      add(raw, field);
    }

    private void order(char type) {
      if (current == null) {
        int rank = SESSION_ORDER.indexOf(type);
        if (type == 'm') {
          return;
        }
        boolean bad;
        if (type == 'r') {
          bad = lastType != 't' && lastType != 'r';
        } else {
          bad = rank < lastRank && !(type == 't' && lastType == 'r');
        }
        if (bad) {
          soft(
              1,
              "session-order",
              "RFC 8866 §5",
              "'" + type + "=' is out of the order v o s i u e p c b t r z k a");
        } else {
          lastRank = rank;
        }
        if (SESSION_ONCE.indexOf(type) >= 0 && seenSession[type]) {
          soft(1, "duplicate-line", "RFC 8866 §5", "more than one '" + type + "=' line");
        }
        seenSession[type] = true;
        lastType = type;
      } else {
        if (type == 'm') {
          return;
        }
        int rank = MEDIA_ORDER.indexOf(type);
        if (rank < 0) {
          soft(1, "line-level", "RFC 8866 §5", "'" + type + "=' is not allowed in a media section");
          return;
        }
        if (rank < lastRank) {
          soft(1, "media-order", "RFC 8866 §5", "'" + type + "=' is out of the order m i c b k a");
        } else {
          lastRank = rank;
        }
        if ((type == 'i' || type == 'k') && seenMedia[type]) {
          soft(1, "duplicate-line", "RFC 8866 §5", "more than one '" + type + "=' line");
        }
        seenMedia[type] = true;
        lastType = type;
      }
    }

    private SdpField origin(String v) {
      List<Tok> t = tokens(v);
      if (t.size() != 6) {
        error(3, "origin-syntax", "RFC 8866 §5.2", "o= has 6 fields, found " + t.size());
        return new SdpField.Unknown('o', v);
      }
      for (int i = 1; i <= 2; i++) {
        if (!isDigits(t.get(i).text(), 64)) {
          error(
              3 + t.get(i).start(),
              "origin-syntax",
              "RFC 8866 §5.2",
              (i == 1 ? "sess-id" : "sess-version") + " must be digits");
        }
      }
      return new SdpField.Origin(
          t.get(0).text(),
          t.get(1).text(),
          t.get(2).text(),
          t.get(3).text(),
          t.get(4).text(),
          t.get(5).text());
    }

    private SdpField connection(String v) {
      List<Tok> t = tokens(v);
      if (t.size() != 3) {
        error(3, "connection-syntax", "RFC 8866 §5.7", "c= has 3 fields, found " + t.size());
        return new SdpField.Unknown('c', v);
      }
      return new SdpField.Connection(t.get(0).text(), t.get(1).text(), t.get(2).text());
    }

    private SdpField bandwidth(String v) {
      int colon = v.indexOf(':');
      long bw = colon < 0 ? -1 : number(v.substring(colon + 1), 0, Long.MAX_VALUE);
      if (colon <= 0 || bw < 0 || !isToken(v.substring(0, colon))) {
        error(3, "bandwidth-syntax", "RFC 8866 §5.8", "expected b=<bwtype>:<bandwidth>");
        return new SdpField.Unknown('b', v);
      }
      return new SdpField.Bandwidth(v.substring(0, colon), bw);
    }

    private SdpField timing(String v) {
      List<Tok> t = tokens(v);
      if (t.size() != 2
          || number(t.get(0).text(), 0, Long.MAX_VALUE) < 0
          || number(t.get(1).text(), 0, Long.MAX_VALUE) < 0) {
        error(3, "timing-syntax", "RFC 8866 §5.9", "expected t=<start-time> <stop-time>");
        return new SdpField.Unknown('t', v);
      }
      return new SdpField.Timing(Long.parseLong(t.get(0).text()), Long.parseLong(t.get(1).text()));
    }

    private SdpField times(char type, String v) {
      List<String> t = tokens(v).stream().map(Tok::text).toList();
      if (type == 'r' && t.size() < 3) {
        error(3, "repeat-syntax", "RFC 8866 §5.10", "r= needs an interval, a duration, offsets");
        return new SdpField.Unknown(type, v);
      }
      if (type == 'z' && (t.isEmpty() || t.size() % 2 != 0)) {
        error(3, "timezone-syntax", "RFC 8866 §5.11", "z= needs pairs of time and offset");
        return new SdpField.Unknown(type, v);
      }
      return new SdpField.Times(type, t);
    }

    private void media(String raw, String v) {
      List<Tok> t = tokens(v);
      String kind = t.isEmpty() ? "" : t.get(0).text();
      int port = -1;
      int count = 0;
      String proto = t.size() > 2 ? t.get(2).text() : "";
      List<String> formats = new ArrayList<>();
      for (int i = 3; i < t.size(); i++) {
        formats.add(t.get(i).text());
      }
      if (t.size() < 3) {
        error(3, "m-line-syntax", "RFC 8866 §5.14", "expected m=<media> <port> <proto> <fmt> ...");
      } else {
        Tok p = t.get(1);
        String pt = p.text();
        int slash = pt.indexOf('/');
        long pv = number(slash < 0 ? pt : pt.substring(0, slash), 0, 65535);
        long cv = slash < 0 ? 0 : number(pt.substring(slash + 1), 1, 65535);
        if (pv < 0 || cv < 0) {
          error(3 + p.start(), "m-line-port", "RFC 8866 §5.14", "bad port " + pt);
        } else {
          port = (int) pv;
          count = (int) cv;
        }
        if (formats.isEmpty()) {
          error(v.length() + 3, "m-line-format", "RFC 8866 §5.14", "no media formats");
        }
        if (proto.contains("RTP/AVP") || proto.contains("RTP/SAVP")) {
          for (int i = 3; i < t.size(); i++) {
            // RFC 8866 §5.14: for RTP profiles the formats are RTP payload type numbers.
            if (number(t.get(i).text(), 0, 127) < 0) {
              error(
                  3 + t.get(i).start(),
                  "m-line-format",
                  "RFC 8866 §5.14",
                  "RTP format " + t.get(i).text() + " is not a payload type 0..127");
            }
          }
        }
      }
      current =
          new MediaSection(
              new SdpLine(lineNo, raw, new SdpField.Media(kind, port, count, proto, formats)));
      sd.addMedia(current);
      lastRank = 0;
      lastType = 'm';
      java.util.Arrays.fill(seenMedia, false);
    }

    private List<String> formats() {
      return current == null ? List.of() : current.media().formats();
    }

    private SdpField attribute(String v) {
      int colon = v.indexOf(':');
      String name = colon < 0 ? v : v.substring(0, colon);
      String val = colon < 0 ? null : v.substring(colon + 1);
      int col = colon + 4; // column of the first character after the colon
      if (!isToken(name)) {
        error(3, "attribute-syntax", "RFC 8866 §5.13", "bad attribute name");
        return new SdpAttribute.Generic(name, val);
      }
      if (current == null && MEDIA_ONLY.contains(name)) {
        soft(3, "attribute-level", "RFC 8866 §5.13", "a=" + name + " belongs in a media section");
      } else if (current != null && SESSION_ONLY.contains(name)) {
        soft(3, "attribute-level", "RFC 8866 §5.13", "a=" + name + " belongs at session level");
      }
      if (FLAGS.contains(name)) {
        if (val != null) {
          soft(col, "attribute-value-unexpected", "RFC 8866 §5.13", "a=" + name + " has no value");
          return new SdpAttribute.Generic(name, val);
        }
        return new SdpAttribute.Flag(name);
      }
      switch (name) {
        case "sendrecv":
        case "sendonly":
        case "recvonly":
        case "inactive":
          if (val != null) {
            soft(col, "attribute-value-unexpected", "RFC 8866 §6.7", "a=" + name + " has no value");
            return new SdpAttribute.Generic(name, val);
          }
          return new SdpAttribute.Direction(
              SdpAttribute.MediaDirection.valueOf(name.toUpperCase(java.util.Locale.ROOT)));
        default:
          break;
      }
      if (val == null) {
        if (isTyped(name)) {
          error(3, name + "-syntax", "RFC 8866 §5.13", "a=" + name + " needs a value");
        }
        return new SdpAttribute.Generic(name, null);
      }
      SdpField typed = typed(name, val, col);
      return typed != null ? typed : new SdpAttribute.Generic(name, val);
    }

    private static boolean isTyped(String name) {
      switch (name) {
        case "ice-ufrag":
        case "ice-pwd":
        case "ice-options":
        case "candidate":
        case "fingerprint":
        case "setup":
        case "mid":
        case "group":
        case "rtcp":
        case "msid":
        case "msid-semantic":
        case "ssrc":
        case "ssrc-group":
        case "rtpmap":
        case "fmtp":
        case "rtcp-fb":
        case "extmap":
        case "rid":
        case "simulcast":
        case "sctp-port":
        case "max-message-size":
        case "sctpmap":
          return true;
        default:
          return false;
      }
    }

    /** The typed attribute, or null (after reporting) when the value is malformed. */
    private SdpField typed(String name, String val, int col) {
      List<Tok> t = tokens(val);
      switch (name) {
        case "ice-ufrag":
          if (t.size() != 1) {
            error(col, "ice-ufrag-syntax", "RFC 8839 §5.4", "expected one ice-char string");
            return null;
          }
          return new SdpAttribute.IceUfrag(val);
        case "ice-pwd":
          if (t.size() != 1) {
            error(col, "ice-pwd-syntax", "RFC 8839 §5.4", "expected one ice-char string");
            return null;
          }
          return new SdpAttribute.IcePwd(val);
        case "ice-options":
          if (t.isEmpty()) {
            error(col, "ice-options-syntax", "RFC 8839 §5.6", "no ICE option");
            return null;
          }
          return new SdpAttribute.IceOptions(t.stream().map(Tok::text).toList());
        case "candidate":
          return candidate(val, t, col);
        case "fingerprint":
          return fingerprint(t, col);
        case "setup":
          if (!Set.of("active", "passive", "actpass", "holdconn").contains(val)) {
            error(
                col, "setup-value", "RFC 4145 §4", "setup is active, passive, actpass or holdconn");
          }
          return new SdpAttribute.Setup(val);
        case "mid":
          if (t.size() != 1) {
            error(col, "mid-syntax", "RFC 5888 §4", "a mid is one token");
            return null;
          }
          return new SdpAttribute.Mid(val);
        case "group":
          if (t.isEmpty()) {
            error(col, "group-syntax", "RFC 5888 §5", "no group semantics");
            return null;
          }
          return new SdpAttribute.Group(
              t.get(0).text(), t.subList(1, t.size()).stream().map(Tok::text).toList());
        case "rtcp":
          {
            long port = t.isEmpty() ? -1 : number(t.get(0).text(), 0, 65535);
            if (port < 0 || (t.size() != 1 && t.size() != 4)) {
              error(col, "rtcp-syntax", "RFC 3605 §2.1", "expected <port> [IN IP4|IP6 <address>]");
              return null;
            }
            return t.size() == 1
                ? new SdpAttribute.Rtcp((int) port, null, null, null)
                : new SdpAttribute.Rtcp(
                    (int) port, t.get(1).text(), t.get(2).text(), t.get(3).text());
          }
        case "msid":
          if (t.isEmpty() || t.size() > 2) {
            error(col, "msid-syntax", "RFC 8830 §2", "expected <id> [<appdata>]");
            return null;
          }
          return new SdpAttribute.Msid(t.get(0).text(), t.size() == 2 ? t.get(1).text() : null);
        case "msid-semantic":
          // Chrome writes "a=msid-semantic: WMS": the tokenizer skips the leading space.
          if (t.isEmpty()) {
            error(col, "msid-semantic-syntax", "draft-ietf-mmusic-msid-05 §3", "no semantic");
            return null;
          }
          return new SdpAttribute.MsidSemantic(
              t.get(0).text(), t.subList(1, t.size()).stream().map(Tok::text).toList());
        case "ssrc":
          {
            long id = t.isEmpty() ? -1 : number(t.get(0).text(), 0, 0xFFFFFFFFL);
            if (id < 0 || t.size() < 2) {
              error(
                  col, "ssrc-syntax", "RFC 5576 §4.1", "expected <ssrc-id> <attribute>[:<value>]");
              return null;
            }
            String rest = val.substring(t.get(1).start());
            int c = rest.indexOf(':');
            return new SdpAttribute.Ssrc(
                id, c < 0 ? rest : rest.substring(0, c), c < 0 ? null : rest.substring(c + 1));
          }
        case "ssrc-group":
          {
            List<Long> ids = new ArrayList<>();
            for (int i = 1; i < t.size(); i++) {
              long id = number(t.get(i).text(), 0, 0xFFFFFFFFL);
              if (id < 0) {
                error(col + t.get(i).start(), "ssrc-group-syntax", "RFC 5576 §4.2", "bad ssrc-id");
                return null;
              }
              ids.add(id);
            }
            if (t.isEmpty()) {
              error(col, "ssrc-group-syntax", "RFC 5576 §4.2", "no semantics");
              return null;
            }
            return new SdpAttribute.SsrcGroup(t.get(0).text(), ids);
          }
        case "rtpmap":
          return rtpmap(t, col);
        case "fmtp":
          {
            if (t.isEmpty()) {
              error(col, "fmtp-syntax", "RFC 8866 §6.15", "expected <format> <parameters>");
              return null;
            }
            String fmt = t.get(0).text();
            if (current != null && !formats().contains(fmt)) {
              // RFC 8866 §6.15: "the format must be one of the formats specified for the media"
              soft(
                  col,
                  "fmtp-payload-unknown",
                  "RFC 8866 §6.15",
                  "format " + fmt + " is not on the m= line");
            }
            String params = t.size() > 1 ? val.substring(t.get(1).start()) : "";
            return new SdpAttribute.Fmtp(fmt, params);
          }
        case "rtcp-fb":
          {
            if (t.size() < 2) {
              error(col, "rtcp-fb-syntax", "RFC 4585 §4.2", "expected <pt|*> <type> [<param>]");
              return null;
            }
            String pt = t.get(0).text();
            if (current != null && !pt.equals("*") && !formats().contains(pt)) {
              // RFC 4585 §4.2: a payload type of the m= line, or "*"
              soft(
                  col,
                  "rtcp-fb-payload-unknown",
                  "RFC 4585 §4.2",
                  "payload type " + pt + " is not on the m= line");
            }
            return new SdpAttribute.RtcpFb(
                pt, t.get(1).text(), t.size() > 2 ? val.substring(t.get(2).start()) : null);
          }
        case "extmap":
          return extmap(val, t, col);
        case "rid":
          {
            if (t.size() < 2
                || !(t.get(1).text().equals("send") || t.get(1).text().equals("recv"))) {
              error(col, "rid-syntax", "RFC 8851 §10", "expected <rid-id> send|recv [<params>]");
              return null;
            }
            return new SdpAttribute.Rid(
                t.get(0).text(),
                t.get(1).text(),
                t.size() > 2 ? val.substring(t.get(2).start()) : null);
          }
        case "simulcast":
          return simulcast(t, col);
        case "sctp-port":
          {
            long p = t.size() == 1 ? number(val, 0, 65535) : -1;
            if (p < 0) {
              error(col, "sctp-port-syntax", "RFC 8841 §5.1", "sctp-port is a port number");
              return null;
            }
            return new SdpAttribute.SctpPort((int) p);
          }
        case "max-message-size":
          {
            long s = t.size() == 1 ? number(val, 0, Long.MAX_VALUE) : -1;
            if (s < 0) {
              error(
                  col,
                  "max-message-size-syntax",
                  "RFC 8841 §6.1",
                  "max-message-size is a non-negative integer");
              return null;
            }
            return new SdpAttribute.MaxMessageSize(s);
          }
        case "sctpmap":
          {
            long num = t.isEmpty() ? -1 : number(t.get(0).text(), 0, 65535);
            long streams = t.size() == 3 ? number(t.get(2).text(), 0, 65535) : -1;
            if (num < 0 || t.size() < 2 || t.size() > 3 || (t.size() == 3 && streams < 0)) {
              error(
                  col,
                  "sctpmap-syntax",
                  "draft-ietf-mmusic-sctp-sdp-05 §5.1",
                  "expected <port> <app> [<streams>]");
              return null;
            }
            return new SdpAttribute.Sctpmap((int) num, t.get(1).text(), streams);
          }
        default:
          return null;
      }
    }

    private SdpField candidate(String val, List<Tok> t, int col) {
      final String ref = "RFC 8839 §5.1";
      if (t.size() < 8 || !t.get(6).text().equals("typ")) {
        error(
            col,
            "candidate-syntax",
            ref,
            "expected <foundation> <component> <transport> <priority> <address> <port> typ <type>");
        return null;
      }
      boolean ok = true;
      Tok comp = t.get(1);
      if (!isDigits(comp.text(), 9)) {
        error(col + comp.start(), "candidate-component", ref, "component-id must be digits");
        ok = false;
      }
      Tok transport = t.get(2);
      if (!transport.text().equalsIgnoreCase("udp") && !transport.text().equalsIgnoreCase("tcp")) {
        warn(
            col + transport.start(),
            "candidate-transport",
            ref,
            "transport " + transport.text() + " is neither UDP nor TCP");
      }
      Tok prio = t.get(3);
      if (!isDigits(prio.text(), 10)) {
        error(col + prio.start(), "candidate-priority", ref, "priority must be 1 to 10 digits");
        ok = false;
      }
      Tok addr = t.get(4);
      if (!isAddress(addr.text())) {
        error(
            col + addr.start(),
            "candidate-address",
            ref,
            "not an IPv4, IPv6 address or FQDN: " + addr.text());
      }
      Tok port = t.get(5);
      long portValue = number(port.text(), 0, 65535);
      if (portValue < 0) {
        error(col + port.start(), "candidate-port", ref, "bad port " + port.text());
        ok = false;
      }
      Tok typ = t.get(7);
      if (!Set.of("host", "srflx", "prflx", "relay").contains(typ.text())) {
        warn(
            col + typ.start(),
            "candidate-type",
            ref,
            "candidate type " + typ.text() + " is not host, srflx, prflx or relay");
      }
      String relAddr = null;
      int relPort = -1;
      String tcpType = null;
      List<SdpAttribute.Extension> ext = new ArrayList<>();
      for (int i = 8; i < t.size(); i += 2) {
        Tok key = t.get(i);
        if (i + 1 >= t.size()) {
          error(
              col + key.start(),
              "candidate-extension",
              ref,
              "extension " + key.text() + " has no value");
          ok = false;
          break;
        }
        Tok value = t.get(i + 1);
        switch (key.text()) {
          case "raddr":
            relAddr = value.text();
            break;
          case "rport":
            long rp = number(value.text(), 0, 65535);
            if (rp < 0) {
              error(col + value.start(), "candidate-port", ref, "bad rport " + value.text());
              ok = false;
            }
            relPort = (int) rp;
            break;
          case "tcptype":
            // RFC 6544 §4.5: tcp-type is active, passive or so.
            if (!Set.of("active", "passive", "so").contains(value.text())) {
              warn(
                  col + value.start(),
                  "candidate-tcptype",
                  "RFC 6544 §4.5",
                  "tcptype is active, passive or so");
            }
            tcpType = value.text();
            break;
          default:
            ext.add(new SdpAttribute.Extension(key.text(), value.text()));
        }
      }
      if (!ok) {
        return null;
      }
      return new SdpAttribute.Candidate(
          t.get(0).text(),
          Integer.parseInt(comp.text()),
          transport.text(),
          Long.parseLong(prio.text()),
          addr.text(),
          (int) portValue,
          typ.text(),
          relAddr,
          relPort,
          tcpType,
          ext);
    }

    /** RFC 8839 §5.1 connection-address: IPv4, IPv6 or an FQDN (mDNS names included). */
    private static boolean isAddress(String a) {
      if (a.isEmpty()) {
        return false;
      }
      if (a.indexOf(':') >= 0) {
        for (int i = 0; i < a.length(); i++) {
          char c = a.charAt(i);
          if (Character.digit(c, 16) < 0 && c != ':' && c != '.' && c != '%') {
            return false;
          }
        }
        return true;
      }
      for (int i = 0; i < a.length(); i++) {
        char c = a.charAt(i);
        boolean ok =
            (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_';
        if (!ok) {
          return false;
        }
      }
      return !a.startsWith(".") && !a.contains("..");
    }

    private SdpField fingerprint(List<Tok> t, int col) {
      if (t.size() != 2) {
        error(col, "fingerprint-syntax", "RFC 8122 §5", "expected <hash-func> <XX:XX:...>");
        return null;
      }
      String hash = t.get(0).text();
      if (!isToken(hash)) {
        error(col, "fingerprint-hash", "RFC 8122 §5", "hash function is not a token");
        return null;
      }
      SdpAttribute.Fingerprint fp = new SdpAttribute.Fingerprint(hash, t.get(1).text());
      if (fp.digest() == null) {
        error(
            col + t.get(1).start(),
            "fingerprint-value",
            "RFC 8122 §5",
            "fingerprint is hex pairs separated by ':'");
        return null;
      }
      if (!fp.fingerprint().equals(fp.fingerprint().toUpperCase(java.util.Locale.ROOT))) {
        // RFC 8122 §5: fingerprint = 2UHEX *(":" 2UHEX); browsers accept lower case.
        soft(
            col + t.get(1).start(),
            "fingerprint-value",
            "RFC 8122 §5",
            "fingerprint hex digits must be upper case");
      }
      return fp;
    }

    private SdpField rtpmap(List<Tok> t, int col) {
      final String ref = "RFC 8866 §6.6";
      if (t.size() != 2) {
        error(col, "rtpmap-syntax", ref, "expected <pt> <encoding>/<clock rate>[/<channels>]");
        return null;
      }
      if (!t.get(0).text().chars().allMatch(c -> c >= '0' && c <= '9')) {
        error(
            col, "rtpmap-syntax", ref, "payload type \"" + t.get(0).text() + "\" is not a number");
        return null;
      }
      long pt = number(t.get(0).text(), 0, 127);
      if (pt < 0) {
        error(col, "rtpmap-payload", ref, "payload type must be 0..127");
        return null;
      }
      if (current != null && !formats().contains(t.get(0).text())) {
        soft(col, "rtpmap-payload", ref, "payload type " + pt + " is not on the m= line");
      }
      String[] parts = t.get(1).text().split("/", -1);
      long clock = parts.length >= 2 ? number(parts[1], 1, Integer.MAX_VALUE) : -1;
      long channels = parts.length == 3 ? number(parts[2], 1, 255) : 0;
      if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || clock < 0 || channels < 0) {
        error(
            col + t.get(1).start(),
            "rtpmap-syntax",
            ref,
            "expected <encoding>/<clock rate>[/<channels>]");
        return null;
      }
      return new SdpAttribute.Rtpmap((int) pt, parts[0], (int) clock, (int) channels);
    }

    private SdpField extmap(String val, List<Tok> t, int col) {
      final String ref = "RFC 8285 §8";
      if (t.size() < 2) {
        error(col, "extmap-syntax", ref, "expected <id>[/<direction>] <uri> [<attributes>]");
        return null;
      }
      String head = t.get(0).text();
      int slash = head.indexOf('/');
      String dir = slash < 0 ? null : head.substring(slash + 1);
      long id = number(slash < 0 ? head : head.substring(0, slash), 1, 4351);
      // RFC 8285 §5/§6: 1-14 one-byte, 1-255 two-byte, 4096-4351 only while negotiating.
      if (id < 0 || (id > 255 && id < 4096)) {
        error(col, "extmap-id", ref, "extension id must be 1..255 (or 4096..4351 in an offer)");
        return null;
      }
      if (dir != null && !Set.of("sendonly", "recvonly", "sendrecv", "inactive").contains(dir)) {
        error(col + slash + 1, "extmap-direction", ref, "bad direction " + dir);
        return null;
      }
      return new SdpAttribute.Extmap(
          (int) id, dir, t.get(1).text(), t.size() > 2 ? val.substring(t.get(2).start()) : null);
    }

    private SdpField simulcast(List<Tok> t, int col) {
      final String ref = "RFC 8853 §5.1";
      List<List<String>> send = new ArrayList<>();
      List<List<String>> recv = new ArrayList<>();
      if (t.isEmpty() || t.size() % 2 != 0 || t.size() > 4) {
        error(col, "simulcast-syntax", ref, "expected send <streams> and/or recv <streams>");
        return null;
      }
      for (int i = 0; i < t.size(); i += 2) {
        String dir = t.get(i).text();
        List<List<String>> target;
        if (dir.equals("send") && send.isEmpty()) {
          target = send;
        } else if (dir.equals("recv") && recv.isEmpty()) {
          target = recv;
        } else {
          error(col + t.get(i).start(), "simulcast-syntax", ref, "expected send or recv");
          return null;
        }
        for (String stream : t.get(i + 1).text().split(";", -1)) {
          List<String> alts = new ArrayList<>();
          for (String rid : stream.split(",", -1)) {
            if (rid.isEmpty() || rid.equals("~")) {
              error(col + t.get(i + 1).start(), "simulcast-syntax", ref, "empty rid-id");
              return null;
            }
            alts.add(rid);
          }
          target.add(alts);
        }
      }
      return new SdpAttribute.Simulcast(send, recv);
    }
  }
}

package org.rtcheck.stack.sdp;

import java.util.List;
import java.util.Objects;

/**
 * The typed view of one SDP line (RFC 8866 §5). {@link #format()} renders the value after {@code
 * <type>=} canonically; a parsed line keeps its original text besides (see {@link SdpLine}).
 */
public interface SdpField {

  /** The line type character, e.g. {@code 'o'}. */
  char type();

  /** The canonical text after {@code <type>=}. */
  String format();

  /** {@code v=} (RFC 8866 §5.1). */
  record Version(int version) implements SdpField {
    @Override
    public char type() {
      return 'v';
    }

    @Override
    public String format() {
      return Integer.toString(version);
    }
  }

  /** {@code o=} (RFC 8866 §5.2). */
  record Origin(
      String username,
      String sessionId,
      String sessionVersion,
      String netType,
      String addrType,
      String address)
      implements SdpField {
    @Override
    public char type() {
      return 'o';
    }

    @Override
    public String format() {
      return String.join(" ", username, sessionId, sessionVersion, netType, addrType, address);
    }
  }

  /**
   * A free-text line: {@code s=} (§5.3), {@code i=} (§5.4), {@code u=} (§5.5), {@code e=} and
   * {@code p=} (§5.6), and {@code k=} (§5.12, obsolete, kept as text).
   */
  record Text(char type, String text) implements SdpField {
    public Text {
      Objects.requireNonNull(text);
    }

    @Override
    public String format() {
      return text;
    }
  }

  /** {@code c=} (RFC 8866 §5.7); {@code address} keeps any {@code /ttl/count} suffix. */
  record Connection(String netType, String addrType, String address) implements SdpField {
    @Override
    public char type() {
      return 'c';
    }

    @Override
    public String format() {
      return netType + " " + addrType + " " + address;
    }
  }

  /** {@code b=<bwtype>:<bandwidth>} (RFC 8866 §5.8). */
  record Bandwidth(String bwType, long bandwidth) implements SdpField {
    @Override
    public char type() {
      return 'b';
    }

    @Override
    public String format() {
      return bwType + ":" + bandwidth;
    }
  }

  /** {@code t=<start-time> <stop-time>} (RFC 8866 §5.9). */
  record Timing(long start, long stop) implements SdpField {
    @Override
    public char type() {
      return 't';
    }

    @Override
    public String format() {
      return start + " " + stop;
    }
  }

  /**
   * {@code r=} (RFC 8866 §5.10) or {@code z=} (§5.11): a list of (typed) times, kept as the tokens
   * written.
   */
  record Times(char type, List<String> times) implements SdpField {
    public Times {
      times = List.copyOf(times);
    }

    @Override
    public String format() {
      return String.join(" ", times);
    }
  }

  /**
   * {@code m=<media> <port>[/<number of ports>] <proto> <fmt> ...} (RFC 8866 §5.14). {@code
   * portCount} is 0 when absent; {@code port} is -1 when the text had no valid port.
   */
  record Media(String kind, int port, int portCount, String protocol, List<String> formats)
      implements SdpField {
    public Media {
      Objects.requireNonNull(kind);
      Objects.requireNonNull(protocol);
      formats = List.copyOf(formats);
    }

    @Override
    public char type() {
      return 'm';
    }

    /** Port 0 rejects the m-section (RFC 8866 §5.14, RFC 3264 §6). */
    public boolean rejected() {
      return port == 0;
    }

    /** Whether the protocol carries RTP (the {@code RTP/} profiles, RFC 8866 §5.14). */
    public boolean isRtp() {
      return protocol.contains("RTP/");
    }

    @Override
    public String format() {
      StringBuilder b = new StringBuilder(kind).append(' ').append(port);
      if (portCount > 0) {
        b.append('/').append(portCount);
      }
      b.append(' ').append(protocol);
      for (String f : formats) {
        b.append(' ').append(f);
      }
      return b.toString();
    }
  }

  /**
   * A line the parser could not type: an unknown line type, a line that is not {@code
   * <type>=<value>} (then {@code type} is the first character, or {@code '\0'} for an empty line)
   * or a known type whose value is malformed. {@link #format()} is the text after {@code =}.
   */
  record Unknown(char type, String value) implements SdpField {
    public Unknown {
      Objects.requireNonNull(value);
    }

    @Override
    public String format() {
      return value;
    }
  }
}

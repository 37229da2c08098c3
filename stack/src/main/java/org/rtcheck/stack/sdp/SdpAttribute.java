package org.rtcheck.stack.sdp;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The typed view of an {@code a=} line (RFC 8866 §5.13): {@code a=<name>} or {@code
 * a=<name>:<value>}. Attributes WebRTC uses have their own record; anything else, and a known
 * attribute whose value could not be read, is a {@link Generic}.
 */
public interface SdpAttribute extends SdpField {

  /** The attribute name, e.g. {@code candidate}. */
  String name();

  /** The canonical value after {@code name:}, or null for a property attribute (a flag). */
  String value();

  @Override
  default char type() {
    return 'a';
  }

  @Override
  default String format() {
    String v = value();
    return v == null ? name() : name() + ":" + v;
  }

  /** Any attribute kept as written; {@code value} is null when there was no colon. */
  record Generic(String name, String value) implements SdpAttribute {
    public Generic {
      Objects.requireNonNull(name);
    }
  }

  /**
   * A property attribute with no value: {@code ice-lite}, {@code end-of-candidates}, {@code
   * rtcp-mux}, {@code rtcp-mux-only}, {@code rtcp-rsize}, {@code extmap-allow-mixed}, {@code
   * bundle-only}.
   */
  record Flag(String name) implements SdpAttribute {
    @Override
    public String value() {
      return null;
    }
  }

  /** Media direction (RFC 8866 §6.7): {@code sendrecv}, {@code sendonly}, … */
  enum MediaDirection {
    SENDRECV,
    SENDONLY,
    RECVONLY,
    INACTIVE;

    /** The attribute name. */
    public String sdpName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@code a=sendrecv} and the other three (RFC 8866 §6.7). */
  record Direction(MediaDirection direction) implements SdpAttribute {
    @Override
    public String name() {
      return direction.sdpName();
    }

    @Override
    public String value() {
      return null;
    }
  }

  /** {@code a=ice-ufrag} (RFC 8839 §5.4). */
  record IceUfrag(String ufrag) implements SdpAttribute {
    @Override
    public String name() {
      return "ice-ufrag";
    }

    @Override
    public String value() {
      return ufrag;
    }
  }

  /** {@code a=ice-pwd} (RFC 8839 §5.4). */
  record IcePwd(String pwd) implements SdpAttribute {
    @Override
    public String name() {
      return "ice-pwd";
    }

    @Override
    public String value() {
      return pwd;
    }
  }

  /** {@code a=ice-options} (RFC 8839 §5.6), e.g. {@code trickle}, {@code ice2}. */
  record IceOptions(List<String> options) implements SdpAttribute {
    public IceOptions {
      options = List.copyOf(options);
    }

    @Override
    public String name() {
      return "ice-options";
    }

    @Override
    public String value() {
      return String.join(" ", options);
    }
  }

  /** A candidate extension attribute (RFC 8839 §5.1 {@code extension-att-name/value}). */
  record Extension(String name, String value) {}

  /**
   * {@code a=candidate} (RFC 8839 §5.1). {@code relPort} is -1 and {@code relAddr}/{@code tcpType}
   * null when absent; {@code extensions} keep their order.
   */
  record Candidate(
      String foundation,
      int component,
      String transport,
      long priority,
      String address,
      int port,
      String candidateType,
      String relAddr,
      int relPort,
      String tcpType,
      List<Extension> extensions)
      implements SdpAttribute {
    public Candidate {
      extensions = List.copyOf(extensions);
    }

    @Override
    public String name() {
      return "candidate";
    }

    /** Whether the address is an mDNS name (draft-ietf-mmusic-mdns-ice-candidates §3.1.1). */
    public boolean isMdns() {
      return address.toLowerCase(Locale.ROOT).endsWith(".local");
    }

    @Override
    public String value() {
      StringBuilder b = new StringBuilder();
      b.append(foundation).append(' ').append(component).append(' ').append(transport);
      b.append(' ').append(priority).append(' ').append(address).append(' ').append(port);
      b.append(" typ ").append(candidateType);
      if (relAddr != null) {
        b.append(" raddr ").append(relAddr);
      }
      if (relPort >= 0) {
        b.append(" rport ").append(relPort);
      }
      if (tcpType != null) {
        b.append(" tcptype ").append(tcpType);
      }
      for (Extension e : extensions) {
        b.append(' ').append(e.name()).append(' ').append(e.value());
      }
      return b.toString();
    }
  }

  /** {@code a=fingerprint:<hash-func> <XX:XX:…>} (RFC 8122 §5). */
  record Fingerprint(String hashFunction, String fingerprint) implements SdpAttribute {
    @Override
    public String name() {
      return "fingerprint";
    }

    /** The digest bytes, or null when the text is not colon-separated hex pairs. */
    public byte[] digest() {
      String[] parts = fingerprint.split(":", -1);
      byte[] out = new byte[parts.length];
      for (int i = 0; i < parts.length; i++) {
        if (parts[i].length() != 2
            || Character.digit(parts[i].charAt(0), 16) < 0
            || Character.digit(parts[i].charAt(1), 16) < 0) {
          return null;
        }
        out[i] = (byte) HexFormat.fromHexDigits(parts[i]);
      }
      return out;
    }

    @Override
    public String value() {
      return hashFunction + " " + fingerprint;
    }
  }

  /** {@code a=setup} (RFC 4145 §4): {@code active}, {@code passive}, {@code actpass}, … */
  record Setup(String role) implements SdpAttribute {
    @Override
    public String name() {
      return "setup";
    }

    @Override
    public String value() {
      return role;
    }
  }

  /** {@code a=mid} (RFC 5888 §4). */
  record Mid(String id) implements SdpAttribute {
    @Override
    public String name() {
      return "mid";
    }

    @Override
    public String value() {
      return id;
    }
  }

  /** {@code a=group:<semantics> <tag> ...} (RFC 5888 §5), e.g. BUNDLE (RFC 8843). */
  record Group(String semantics, List<String> tags) implements SdpAttribute {
    public Group {
      tags = List.copyOf(tags);
    }

    @Override
    public String name() {
      return "group";
    }

    @Override
    public String value() {
      return tags.isEmpty() ? semantics : semantics + " " + String.join(" ", tags);
    }
  }

  /** {@code a=rtcp:<port> [<nettype> <addrtype> <address>]} (RFC 3605 §2.1). */
  record Rtcp(int port, String netType, String addrType, String address) implements SdpAttribute {
    @Override
    public String name() {
      return "rtcp";
    }

    @Override
    public String value() {
      return netType == null
          ? Integer.toString(port)
          : port + " " + netType + " " + addrType + " " + address;
    }
  }

  /** {@code a=msid:<id> [<appdata>]} (RFC 8830 §2); {@code appData} null when absent. */
  record Msid(String id, String appData) implements SdpAttribute {
    @Override
    public String name() {
      return "msid";
    }

    @Override
    public String value() {
      return appData == null ? id : id + " " + appData;
    }
  }

  /** {@code a=msid-semantic:<semantic> [<id>|*]...} (draft-ietf-mmusic-msid-05 §3). */
  record MsidSemantic(String semantic, List<String> ids) implements SdpAttribute {
    public MsidSemantic {
      ids = List.copyOf(ids);
    }

    @Override
    public String name() {
      return "msid-semantic";
    }

    @Override
    public String value() {
      return ids.isEmpty() ? semantic : semantic + " " + String.join(" ", ids);
    }
  }

  /** {@code a=ssrc:<ssrc-id> <attribute>[:<value>]} (RFC 5576 §4.1). */
  record Ssrc(long ssrc, String attribute, String attributeValue) implements SdpAttribute {
    @Override
    public String name() {
      return "ssrc";
    }

    @Override
    public String value() {
      return ssrc + " " + attribute + (attributeValue == null ? "" : ":" + attributeValue);
    }
  }

  /** {@code a=ssrc-group:<semantics> <ssrc-id> ...} (RFC 5576 §4.2), e.g. FID, SIM. */
  record SsrcGroup(String semantics, List<Long> ssrcs) implements SdpAttribute {
    public SsrcGroup {
      ssrcs = List.copyOf(ssrcs);
    }

    @Override
    public String name() {
      return "ssrc-group";
    }

    @Override
    public String value() {
      StringBuilder b = new StringBuilder(semantics);
      for (Long s : ssrcs) {
        b.append(' ').append(s);
      }
      return b.toString();
    }
  }

  /**
   * {@code a=rtpmap:<pt> <encoding>/<clock>[/<channels>]} (RFC 8866 §6.6); {@code channels} is 0
   * when absent.
   */
  record Rtpmap(int payloadType, String encoding, int clockRate, int channels)
      implements SdpAttribute {
    @Override
    public String name() {
      return "rtpmap";
    }

    @Override
    public String value() {
      return payloadType + " " + encoding + "/" + clockRate + (channels > 0 ? "/" + channels : "");
    }
  }

  /** {@code a=fmtp:<format> <parameters>} (RFC 8866 §6.15). */
  record Fmtp(String payload, String parameters) implements SdpAttribute {
    @Override
    public String name() {
      return "fmtp";
    }

    @Override
    public String value() {
      return payload + " " + parameters;
    }

    /**
     * The {@code key=value} pairs separated by {@code ;} (RFC 4855 §3 style); a part without {@code
     * =} maps to an empty value.
     */
    public Map<String, String> parameterMap() {
      Map<String, String> map = new LinkedHashMap<>();
      for (String part : parameters.split(";")) {
        String p = part.trim();
        if (p.isEmpty()) {
          continue;
        }
        int eq = p.indexOf('=');
        map.put(eq < 0 ? p : p.substring(0, eq).trim(), eq < 0 ? "" : p.substring(eq + 1).trim());
      }
      return map;
    }
  }

  /** {@code a=rtcp-fb:<pt|*> <type> [<subtype>]} (RFC 4585 §4.2). */
  record RtcpFb(String payloadType, String feedbackType, String parameter) implements SdpAttribute {
    @Override
    public String name() {
      return "rtcp-fb";
    }

    @Override
    public String value() {
      return payloadType + " " + feedbackType + (parameter == null ? "" : " " + parameter);
    }
  }

  /**
   * {@code a=extmap:<id>[/<direction>] <uri> [<extensionattributes>]} (RFC 8285 §8); {@code
   * direction} and {@code attributes} null when absent.
   */
  record Extmap(int id, String direction, String uri, String attributes) implements SdpAttribute {
    @Override
    public String name() {
      return "extmap";
    }

    @Override
    public String value() {
      return id
          + (direction == null ? "" : "/" + direction)
          + " "
          + uri
          + (attributes == null ? "" : " " + attributes);
    }
  }

  /** {@code a=rid:<id> <send|recv> [<params>]} (RFC 8851 §10); {@code params} null when absent. */
  record Rid(String id, String direction, String params) implements SdpAttribute {
    @Override
    public String name() {
      return "rid";
    }

    @Override
    public String value() {
      return id + " " + direction + (params == null ? "" : " " + params);
    }
  }

  /**
   * {@code a=simulcast:[send <list>] [recv <list>]} (RFC 8853 §5.1). Each list is streams separated
   * by {@code ;}, each stream alternatives separated by {@code ,}; a rid id keeps its {@code ~}
   * (paused) prefix. An absent direction is an empty list.
   */
  record Simulcast(List<List<String>> send, List<List<String>> recv) implements SdpAttribute {
    public Simulcast {
      send = send.stream().map(List::copyOf).toList();
      recv = recv.stream().map(List::copyOf).toList();
    }

    @Override
    public String name() {
      return "simulcast";
    }

    /** Every rid id named, without the {@code ~} prefix. */
    public List<String> ridIds() {
      List<String> out = new ArrayList<>();
      for (List<List<String>> dir : List.of(send, recv)) {
        for (List<String> stream : dir) {
          for (String r : stream) {
            out.add(r.startsWith("~") ? r.substring(1) : r);
          }
        }
      }
      return out;
    }

    @Override
    public String value() {
      StringBuilder b = new StringBuilder();
      if (!send.isEmpty()) {
        b.append("send ").append(render(send));
      }
      if (!recv.isEmpty()) {
        b.append(b.length() > 0 ? " " : "").append("recv ").append(render(recv));
      }
      return b.toString();
    }

    private static String render(List<List<String>> streams) {
      List<String> parts = new ArrayList<>();
      for (List<String> s : streams) {
        parts.add(String.join(",", s));
      }
      return String.join(";", parts);
    }
  }

  /** {@code a=sctp-port} (RFC 8841 §5.1). */
  record SctpPort(int port) implements SdpAttribute {
    @Override
    public String name() {
      return "sctp-port";
    }

    @Override
    public String value() {
      return Integer.toString(port);
    }
  }

  /** {@code a=max-message-size} (RFC 8841 §6.1); 0 means no limit. */
  record MaxMessageSize(long size) implements SdpAttribute {
    @Override
    public String name() {
      return "max-message-size";
    }

    @Override
    public String value() {
      return Long.toString(size);
    }
  }

  /**
   * The legacy {@code a=sctpmap:<port> <app> [<streams>]} (draft-ietf-mmusic-sctp-sdp-05 §5.1);
   * {@code streams} is -1 when absent.
   */
  record Sctpmap(int number, String app, long streams) implements SdpAttribute {
    @Override
    public String name() {
      return "sctpmap";
    }

    @Override
    public String value() {
      return number + " " + app + (streams >= 0 ? " " + streams : "");
    }
  }
}

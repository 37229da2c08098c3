package org.rtcheck.stack.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.rtcheck.stack.sdp.SdpAttribute;
import org.rtcheck.stack.sdp.SdpParseResult;
import org.rtcheck.stack.sdp.SdpParser;

/**
 * Converts between {@link Candidate} and the SDP candidate attribute (RFC 8839 §5.1, RFC 6544
 * §4.5). The grammar lives in {@link SdpParser}; this class only maps its {@link
 * SdpAttribute.Candidate} to the ICE model and back, so a line accepted by the SDP parser and by
 * the agent is the same line.
 */
public final class CandidateAttribute {

  private CandidateAttribute() {}

  /** The model form of a parsed SDP candidate. */
  public static Candidate fromSdp(SdpAttribute.Candidate c) {
    TransportProtocol transport = TransportProtocol.fromSdp(c.transport());
    TcpType tcpType = c.tcpType() == null ? null : TcpType.fromSdp(c.tcpType());
    if (transport == TransportProtocol.TCP && tcpType == null) {
      throw new IllegalArgumentException(
          "TCP candidate without tcptype (RFC 6544 §4.5): " + c.value());
    }
    InetSocketAddress related = null;
    if (c.relAddr() != null) {
      related = socketAddress(c.relAddr(), Math.max(c.relPort(), 0), "raddr");
    }
    return new Candidate(
        c.foundation(),
        c.component(),
        transport,
        c.priority(),
        socketAddress(c.address(), c.port(), "connection-address"),
        CandidateType.fromSdp(c.candidateType()),
        related,
        transport == TransportProtocol.TCP ? tcpType : null,
        null,
        null,
        c.extensions());
  }

  /** The SDP form of a candidate. */
  public static SdpAttribute.Candidate toSdp(Candidate c) {
    InetSocketAddress r = c.relatedAddress();
    return new SdpAttribute.Candidate(
        c.foundation(),
        c.component(),
        c.transport().sdpName(),
        c.priority(),
        hostText(c.address()),
        c.address().getPort(),
        c.type().sdpName(),
        r == null ? null : hostText(r),
        r == null ? -1 : r.getPort(),
        c.tcpType() == null ? null : c.tcpType().sdpName(),
        c.extensions());
  }

  /** The attribute value (no {@code candidate:} prefix). */
  public static String format(Candidate c) {
    return toSdp(c).value();
  }

  /**
   * Reads one candidate-attribute value, with or without the {@code a=} and {@code candidate:}
   * prefixes, through {@link SdpParser}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Candidate parse(String value) {
    String v = value.strip();
    if (v.startsWith("a=")) {
      v = v.substring(2);
    }
    if (v.startsWith("candidate:")) {
      v = v.substring("candidate:".length());
    }
    if (v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a candidate is one line: " + value);
    }
    String text =
        "v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\n"
            + "a=candidate:"
            + v
            + "\r\n";
    SdpParseResult r = SdpParser.parse(text);
    SdpAttribute.Candidate c =
        r.description()
            .flatMap(d -> d.media().get(0).field(SdpAttribute.Candidate.class))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "not a candidate attribute (RFC 8839 §5.1): '"
                            + value
                            + "' "
                            + r.errors()));
    return fromSdp(c);
  }

  /**
   * IP literals become resolved addresses without any lookup; anything else (an mDNS name, an FQDN)
   * stays unresolved for the agent's resolver.
   */
  static InetSocketAddress socketAddress(String host, int port, String what) {
    if (isIpLiteral(host)) {
      try {
        // A literal never touches DNS.
        return new InetSocketAddress(InetAddress.getByName(host), port);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("bad " + what + " '" + host + "'", e);
      }
    }
    if (host.isEmpty() || host.length() > 253) {
      throw new IllegalArgumentException("bad " + what + " '" + host + "'");
    }
    return InetSocketAddress.createUnresolved(host.toLowerCase(Locale.ROOT), port);
  }

  /** An address as SDP carries it: IPv6 in the RFC 5952 canonical text, names as they are. */
  public static String hostText(InetSocketAddress a) {
    if (a.isUnresolved() || !(a.getAddress() instanceof java.net.Inet6Address v6)) {
      return a.isUnresolved() ? a.getHostString() : a.getAddress().getHostAddress();
    }
    byte[] b = v6.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
    }
    // RFC 5952 §4.2: the longest run (leftmost on a tie) of two or more zero groups becomes ::.
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        s.append("::");
        i += bestLength - 1;
        continue;
      }
      if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
        s.append(':');
      }
      s.append(Integer.toHexString(groups[i])); // §4.1, §4.3: no leading zeros, lower case
    }
    return s.toString();
  }

  static boolean isIpLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return host.matches("[0-9A-Fa-f:.]+(%[\\w.]+)?");
    }
    return host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }
}

package org.rtcheck.stack.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.rtcheck.stack.sdp.SdpAttribute;

/**
 * An ICE candidate (RFC 8445 §5.1), local or remote.
 *
 * @param foundation 1..32 ice-chars (RFC 8839 §5.1); equal for candidates that share type, base IP,
 *     server IP and transport (RFC 8445 §5.1.1.3)
 * @param component 1..256 (RFC 8445 §5.1.2.1)
 * @param address the transport address; unresolved for an mDNS {@code .local} name (RFC 8839 §5.1
 *     allows an FQDN)
 * @param relatedAddress {@code raddr}/{@code rport}: the base of a reflexive candidate, the mapped
 *     address of a relayed one (RFC 8839 §5.1); null for host candidates or when absent
 * @param tcpType for TCP candidates (RFC 6544 §4.5), else null
 * @param base the address the agent sends from (RFC 8445 §5.1.1.1, §7.2.5.3.1); only for local
 *     candidates, null for remote ones
 * @param server the STUN/TURN server a local reflexive or relayed candidate came from, else null
 * @param extensions any further {@code name value} pairs, in order, for round trips
 */
public record Candidate(
    String foundation,
    int component,
    TransportProtocol transport,
    long priority,
    InetSocketAddress address,
    CandidateType type,
    InetSocketAddress relatedAddress,
    TcpType tcpType,
    InetSocketAddress base,
    InetSocketAddress server,
    List<SdpAttribute.Extension> extensions) {

  public Candidate {
    Objects.requireNonNull(foundation, "foundation");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(type, "type");
    if (foundation.isEmpty() || foundation.length() > 32) {
      throw new IllegalArgumentException(
          "foundation must be 1..32 characters (RFC 8839 §5.1): '" + foundation + "'");
    }
    if (component < 1 || component > 256) {
      throw new IllegalArgumentException("component must be 1..256: " + component);
    }
    if (!CandidatePriority.isValid(priority)) {
      throw new IllegalArgumentException(
          "priority must be 1..2^31-1 (RFC 8445 §5.1.2, RFC 8839 §5.1): " + priority);
    }
    if (transport == TransportProtocol.TCP && tcpType == null) {
      throw new IllegalArgumentException("a TCP candidate needs a tcptype (RFC 6544 §4.5)");
    }
    if (transport == TransportProtocol.UDP && tcpType != null) {
      throw new IllegalArgumentException("tcptype is only for TCP candidates (RFC 6544 §4.5)");
    }
    extensions = List.copyOf(extensions);
  }

  /** A local host candidate (RFC 8445 §5.1.1.1): its own base. */
  public static Candidate host(InetSocketAddress address, int component, int localPreference) {
    return local(CandidateType.HOST, address, null, address, null, component, localPreference);
  }

  /** A local server-reflexive candidate (RFC 8445 §5.1.1.2): related address and base = base. */
  public static Candidate serverReflexive(
      InetSocketAddress mapped,
      InetSocketAddress base,
      InetSocketAddress server,
      int component,
      int localPreference) {
    return local(
        CandidateType.SERVER_REFLEXIVE, mapped, base, base, server, component, localPreference);
  }

  /**
   * A local relayed candidate (RFC 8445 §5.1.1.2): its own base (RFC 8445 §5.1.1.1: the base of a
   * relayed candidate is the candidate itself); related address = the mapped address.
   */
  public static Candidate relayed(
      InetSocketAddress relayed,
      InetSocketAddress mapped,
      InetSocketAddress server,
      int component,
      int localPreference) {
    return local(
        CandidateType.RELAYED, relayed, mapped, relayed, server, component, localPreference);
  }

  /** A TCP host candidate (RFC 6544 §4.1) with the §4.2 local preference. */
  public static Candidate tcpHost(
      InetSocketAddress address, TcpType tcpType, int component, int otherPreference) {
    int localPreference =
        CandidatePriority.tcpLocalPreference(tcpType.directionPreference(), otherPreference);
    return new Candidate(
        Foundation.of(CandidateType.HOST, address.getAddress(), null, TransportProtocol.TCP),
        component,
        TransportProtocol.TCP,
        CandidatePriority.compute(CandidateType.HOST, localPreference, component),
        address,
        CandidateType.HOST,
        null,
        tcpType,
        address,
        null,
        List.of());
  }

  private static Candidate local(
      CandidateType type,
      InetSocketAddress address,
      InetSocketAddress related,
      InetSocketAddress base,
      InetSocketAddress server,
      int component,
      int localPreference) {
    InetAddress serverIp = server == null ? null : server.getAddress();
    return new Candidate(
        Foundation.of(type, base.getAddress(), serverIp, TransportProtocol.UDP),
        component,
        TransportProtocol.UDP,
        CandidatePriority.compute(type, localPreference, component),
        address,
        type,
        related,
        null,
        base,
        server,
        List.of());
  }

  /** Whether this is a local candidate (it has a base). */
  public boolean isLocal() {
    return base != null;
  }

  /** Whether the address is an mDNS name to resolve before use (RFC 8839 §5.1, mDNS ICE §3). */
  public boolean isMdns() {
    return address.isUnresolved()
        && address.getHostString().toLowerCase(Locale.ROOT).endsWith(".local");
  }

  /** The same candidate at a resolved address (after mDNS resolution). */
  public Candidate withAddress(InetSocketAddress resolved) {
    return new Candidate(
        foundation,
        component,
        transport,
        priority,
        resolved,
        type,
        relatedAddress,
        tcpType,
        base,
        server,
        extensions);
  }

  /** The value of an {@code a=candidate} line, without {@code candidate:} (RFC 8839 §5.1). */
  public String toSdp() {
    return CandidateAttribute.format(this);
  }

  /** Reads a candidate-attribute value, with or without {@code a=}/{@code candidate:}. */
  public static Candidate parse(String value) {
    return CandidateAttribute.parse(value);
  }

  /** Short form for logs: {@code host udp 192.0.2.1:5000}. */
  @Override
  public String toString() {
    return type.sdpName()
        + ' '
        + transport.sdpName().toLowerCase(Locale.ROOT)
        + ' '
        + address.getHostString()
        + ':'
        + address.getPort()
        + " c"
        + component
        + " p"
        + priority;
  }
}

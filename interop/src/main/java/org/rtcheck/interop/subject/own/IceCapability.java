package org.rtcheck.interop.subject.own;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.stack.ice.Candidate;
import org.rtcheck.stack.ice.CandidateAttribute;
import org.rtcheck.stack.ice.CandidatePriority;
import org.rtcheck.stack.ice.CandidateType;
import org.rtcheck.stack.ice.Foundation;
import org.rtcheck.stack.ice.IceAgent;
import org.rtcheck.stack.ice.IceConfig;
import org.rtcheck.stack.ice.IceCredentials;
import org.rtcheck.stack.ice.IceRole;
import org.rtcheck.stack.ice.IceTransmit;
import org.rtcheck.stack.ice.RoleConflict;
import org.rtcheck.stack.ice.TcpPairing;
import org.rtcheck.stack.ice.TcpType;
import org.rtcheck.stack.ice.TransportProtocol;
import org.rtcheck.stack.stun.StunAttribute;
import org.rtcheck.stack.stun.StunCheckResult;
import org.rtcheck.stack.stun.StunClass;
import org.rtcheck.stack.stun.StunIntegrityCheck;
import org.rtcheck.stack.stun.StunMessage;
import org.rtcheck.stack.stun.StunParseException;

/**
 * The own stack's {@code ice.candidate-priority}, {@code ice.pair-priority}, {@code
 * ice.foundation}, {@code ice.role-conflict}, {@code ice.answer-check} and {@code ice.tcp-pairing}
 * (the contract in vectors/README.md).
 */
public final class IceCapability {

  /** Error kind for inputs outside the RFC's ranges. */
  static final String OUT_OF_RANGE = "out-of-range";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private IceCapability() {}

  public static ObjectNode candidatePriority(JsonNode args) throws SubjectException {
    int typePreference =
        args.has("typePreference")
            ? args.get("typePreference").asInt()
            : CandidateType.fromSdp(text(args, "type")).recommendedPreference();
    int component = args.path("component").asInt(1);
    ObjectNode answer = JSON.objectNode();
    try {
      int localPreference;
      if (args.has("directionPreference")) {
        localPreference =
            CandidatePriority.tcpLocalPreference(
                args.get("directionPreference").asInt(), args.path("otherPreference").asInt());
        answer.put("localPreference", localPreference);
      } else {
        localPreference = args.path("localPreference").asInt();
      }
      answer.put("priority", CandidatePriority.compute(typePreference, localPreference, component));
    } catch (IllegalArgumentException e) {
      throw new SubjectException(OUT_OF_RANGE, e.getMessage());
    }
    return answer;
  }

  public static ObjectNode pairPriority(JsonNode args) throws SubjectException {
    IceRole role = role(text(args, "role"));
    try {
      return JSON.objectNode()
          .put(
              "priority",
              CandidatePriority.pair(
                  role, args.path("local").asLong(), args.path("remote").asLong()));
    } catch (IllegalArgumentException e) {
      throw new SubjectException(OUT_OF_RANGE, e.getMessage());
    }
  }

  public static ObjectNode foundation(JsonNode args) throws SubjectException {
    String a = foundationOf(args.path("a"));
    String b = foundationOf(args.path("b"));
    return JSON.objectNode().put("equal", a.equals(b)).put("a", a).put("b", b);
  }

  public static ObjectNode roleConflict(JsonNode args) throws SubjectException {
    IceRole role = role(text(args, "role"));
    ObjectNode answer = JSON.objectNode();
    if (args.has("response487")) {
      IceRole claimed = role(text(args.get("response487"), "claimed"));
      return answer.put("role", name(RoleConflict.afterResponse487(claimed)));
    }
    long ours = tieBreaker(text(args, "tieBreaker"));
    JsonNode request = args.path("request");
    RoleConflict.Resolution r =
        RoleConflict.onRequest(
            role, ours, role(text(request, "claims")), tieBreaker(text(request, "tieBreaker")));
    return switch (r) {
      case NONE -> answer.put("response", "success").put("role", name(role));
      case SWITCH_ROLE -> answer.put("response", "success").put("role", name(role.opposite()));
      case RESPOND_487 -> answer.put("response", "487").put("role", name(role));
    };
  }

  /**
   * RFC 6544 §6.2 through the own agent: whether a local and a remote candidate may pair at all
   * ({@code compatible}), and whether the agent actually puts the pair in its check list for an
   * ordinary check ({@code checked}: not when the local candidate is passive).
   */
  public static ObjectNode tcpPairing(JsonNode args) throws SubjectException {
    Candidate local = pairingCandidate(args.path("local"), "192.0.2.1", true);
    Candidate remote = pairingCandidate(args.path("remote"), "198.51.100.1", false);
    boolean compatible =
        local.transport() == remote.transport()
            && (local.transport() == TransportProtocol.UDP
                || TcpPairing.canPair(local.tcpType(), remote.tcpType()));
    IceAgent agent =
        new IceAgent(
            IceConfig.defaults(new SplittableRandom(0)),
            IceRole.CONTROLLING,
            new IceCredentials("ufrag", "passwordpasswordpassword"),
            1);
    agent.setRemoteCredentials(new IceCredentials("other", "otherpasswordotherpassword"), 0);
    agent.addLocalCandidate(local, 0);
    agent.addRemoteCandidate(remote, 0);
    return JSON.objectNode()
        .put("compatible", compatible)
        .put("checked", !agent.checkList().isEmpty());
  }

  /** A host candidate of {@code {transport, tcpType}}; an active one gets port 9 (§4.5). */
  private static Candidate pairingCandidate(JsonNode c, String ip, boolean local)
      throws SubjectException {
    TransportProtocol transport;
    TcpType tcpType;
    try {
      transport = TransportProtocol.fromSdp(text(c, "transport"));
      tcpType = transport == TransportProtocol.TCP ? TcpType.fromSdp(text(c, "tcpType")) : null;
    } catch (IllegalArgumentException e) {
      throw SubjectException.invalidArgs(e.getMessage());
    }
    int port = tcpType == TcpType.ACTIVE ? 9 : local ? 5000 : 6000;
    InetSocketAddress address = new InetSocketAddress(ip(ip + ":" + port), port);
    return transport == TransportProtocol.UDP
        ? Candidate.host(address, 1, 65535)
        : Candidate.tcpHost(address, tcpType, 1, 8191);
  }

  /**
   * One Binding request to a fresh agent that has a host candidate at {@code local}: what it
   * answers (RFC 8445 §7.3) and the role it ends in.
   */
  public static ObjectNode answerCheck(JsonNode args) throws SubjectException {
    IceRole role = role(text(args, "role"));
    IceCredentials credentials;
    try {
      credentials = new IceCredentials(text(args, "ufrag"), text(args, "pwd"));
    } catch (IllegalArgumentException e) {
      throw SubjectException.invalidArgs(e.getMessage());
    }
    IceAgent agent =
        new IceAgent(
            IceConfig.defaults(new SplittableRandom(0)),
            role,
            credentials,
            tieBreaker(text(args, "tieBreaker")));
    InetSocketAddress local = socketAddress(text(args, "local"));
    InetSocketAddress source = socketAddress(text(args, "source"));
    TransportProtocol transport;
    try {
      transport = TransportProtocol.fromSdp(args.path("transport").asText("udp"));
    } catch (IllegalArgumentException e) {
      throw SubjectException.invalidArgs(e.getMessage());
    }
    // Over TCP the check arrives on a connection to a passive candidate (RFC 6544 §7.2).
    agent.addLocalCandidate(
        transport == TransportProtocol.TCP
            ? Candidate.tcpHost(local, TcpType.PASSIVE, 1, 8191)
            : Candidate.host(local, 1, 65535),
        0);
    byte[] request;
    try {
      request = HexFormat.of().parseHex(text(args, "request").replaceAll("\\s+", ""));
    } catch (IllegalArgumentException e) {
      throw SubjectException.invalidArgs("request is not hex: " + e.getMessage());
    }
    agent.handleDatagram(request, transport, local, source, 0);
    ObjectNode answer = JSON.objectNode();
    answer.put("role", name(agent.role()));
    Optional<IceTransmit> t;
    while ((t = agent.pollTransmit()).isPresent()) {
      StunMessage m;
      try {
        m = StunMessage.decode(t.get().data());
      } catch (StunParseException e) {
        throw new SubjectException(SubjectException.SUBJECT_FAILURE, "own answer: " + e);
      }
      if (!m.stunClass().isResponse()) {
        continue;
      }
      answer.put("responded", true);
      answer.put(
          "class",
          m.stunClass() == StunClass.SUCCESS_RESPONSE ? "success-response" : "error-response");
      answer.put("transport", t.get().transport().name().toLowerCase(Locale.ROOT));
      answer.put("from", hostPort(t.get().source()));
      answer.put("to", hostPort(t.get().destination()));
      m.first(StunAttribute.ErrorCode.class).ifPresent(e -> answer.put("errorCode", e.code()));
      m.first(StunAttribute.XorMappedAddress.class)
          .ifPresent(x -> answer.put("mappedAddress", hostPort(x.address())));
      StunCheckResult integrity =
          StunIntegrityCheck.messageIntegrity(m, credentials.pwd().getBytes(UTF_8));
      answer.put("integrity", integrity.status().name().toLowerCase(Locale.ROOT));
      return answer;
    }
    return answer.put("responded", false);
  }

  private static String hostPort(InetSocketAddress a) {
    String host = CandidateAttribute.hostText(a);
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  private static InetSocketAddress socketAddress(String hostPort) throws SubjectException {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      throw SubjectException.invalidArgs("expected ip:port: " + hostPort);
    }
    try {
      return new InetSocketAddress(ip(hostPort), Integer.parseInt(hostPort.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      throw SubjectException.invalidArgs("expected ip:port: " + hostPort);
    }
  }

  private static String foundationOf(JsonNode c) throws SubjectException {
    CandidateType type = CandidateType.fromSdp(text(c, "type"));
    InetAddress base = ip(text(c, "base"));
    InetAddress server = c.hasNonNull("server") ? ip(c.get("server").asText()) : null;
    TransportProtocol transport = TransportProtocol.fromSdp(c.path("transport").asText("udp"));
    return Foundation.of(type, base, server, transport);
  }

  /** The IP of {@code ip:port} or {@code [v6]:port}; a literal, never a DNS lookup. */
  private static InetAddress ip(String hostPort) throws SubjectException {
    String host;
    if (hostPort.startsWith("[")) {
      host = hostPort.substring(1, hostPort.indexOf(']'));
    } else {
      host = hostPort.substring(0, hostPort.lastIndexOf(':'));
    }
    if (!host.matches("[0-9A-Fa-f:.]+")) {
      throw SubjectException.invalidArgs("not an IP literal: " + hostPort);
    }
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw SubjectException.invalidArgs("not an IP literal: " + hostPort);
    }
  }

  private static long tieBreaker(String hex) throws SubjectException {
    try {
      return Long.parseUnsignedLong(hex, 16);
    } catch (NumberFormatException e) {
      throw SubjectException.invalidArgs("tie-breaker is 16 hex digits: " + hex);
    }
  }

  private static IceRole role(String name) throws SubjectException {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "controlling" -> IceRole.CONTROLLING;
      case "controlled" -> IceRole.CONTROLLED;
      default -> throw SubjectException.invalidArgs("role is controlling or controlled: " + name);
    };
  }

  private static String name(IceRole role) {
    return role.name().toLowerCase(Locale.ROOT);
  }

  private static String text(JsonNode args, String field) throws SubjectException {
    JsonNode v = args.get(field);
    if (v == null || !v.isTextual()) {
      throw SubjectException.invalidArgs("missing string field '" + field + "'");
    }
    return v.asText();
  }
}

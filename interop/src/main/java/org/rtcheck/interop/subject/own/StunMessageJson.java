package org.rtcheck.interop.subject.own;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import org.rtcheck.stack.stun.StunAttribute;
import org.rtcheck.stack.stun.StunAttributeType;
import org.rtcheck.stack.stun.StunClass;
import org.rtcheck.stack.stun.StunMessage;

/**
 * The own stack's STUN messages in the neutral JSON of the {@code stun.decode} / {@code
 * stun.encode} capabilities (vectors/README.md), both ways.
 */
public final class StunMessageJson {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final HexFormat HEX = HexFormat.of();

  private StunMessageJson() {}

  public static String className(StunClass cls) {
    return switch (cls) {
      case REQUEST -> "request";
      case INDICATION -> "indication";
      case SUCCESS_RESPONSE -> "success-response";
      case ERROR_RESPONSE -> "error-response";
    };
  }

  /**
   * @throws IllegalArgumentException for a name that is not a class
   */
  public static StunClass parseClass(String name) {
    for (StunClass c : StunClass.values()) {
      if (className(c).equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "class \"" + name + "\" is not request, indication, success-response or error-response");
  }

  /** Method names of the STUN method registry (RFC 8489 §18.2, RFC 8656 §17). */
  public static String methodName(int method) {
    return switch (method) {
      case 0x001 -> "binding";
      case 0x003 -> "allocate";
      case 0x004 -> "refresh";
      case 0x006 -> "send";
      case 0x007 -> "data";
      case 0x008 -> "create-permission";
      case 0x009 -> "channel-bind";
      default -> String.format(Locale.ROOT, "0x%03X", method);
    };
  }

  /**
   * @throws IllegalArgumentException for an unknown name that is not {@code 0x…} either
   */
  public static int parseMethod(String name) {
    for (int m = 0; m <= 0x00F; m++) {
      if (methodName(m).equals(name)) {
        return m;
      }
    }
    if (name.startsWith("0x")) {
      return Integer.parseInt(name.substring(2), 16);
    }
    throw new IllegalArgumentException("unknown method \"" + name + "\"");
  }

  /** Type name as vectors write it: the registry name, or {@code 0x8050} when unknown. */
  public static String typeName(int type) {
    String name = StunAttributeType.name(type);
    return name == null || name.startsWith("0x") || name.isEmpty()
        ? String.format(Locale.ROOT, "0x%04X", type)
        : name;
  }

  /** The decoded message without checks: class, method, transaction id, attributes. */
  public static ObjectNode describe(StunMessage message) {
    ObjectNode out = JSON.objectNode();
    out.put("class", className(message.stunClass()));
    out.put("method", methodName(message.method()));
    out.put("transactionId", message.transactionId().toString());
    out.put("length", message.length());
    ArrayNode attrs = out.putArray("attributes");
    for (int i = 0; i < message.attributes().size(); i++) {
      ObjectNode a = describe(message.attributes().get(i));
      a.put("offset", message.attributeOffset(i));
      attrs.add(a);
    }
    ArrayNode unknown = out.putArray("unknownComprehensionRequired");
    for (int type : message.unknownComprehensionRequired()) {
      unknown.add(String.format(Locale.ROOT, "0x%04X", type));
    }
    return out;
  }

  public static ObjectNode describe(StunAttribute attribute) {
    ObjectNode a = JSON.objectNode();
    a.put("type", typeName(attribute.type()));
    // Java 17: no pattern switch yet, so a chain of instanceof.
    if (attribute instanceof StunAttribute.MappedAddress m) {
      address(a, m.address());
    } else if (attribute instanceof StunAttribute.XorMappedAddress m) {
      address(a, m.address());
    } else if (attribute instanceof StunAttribute.AlternateServer m) {
      address(a, m.address());
    } else if (attribute instanceof StunAttribute.Username u) {
      a.put("value", u.value());
    } else if (attribute instanceof StunAttribute.Userhash u) {
      a.put("value", HEX.formatHex(u.hash()));
    } else if (attribute instanceof StunAttribute.MessageIntegrity m) {
      a.put("value", HEX.formatHex(m.hmac()));
    } else if (attribute instanceof StunAttribute.MessageIntegritySha256 m) {
      a.put("value", HEX.formatHex(m.hmac()));
    } else if (attribute instanceof StunAttribute.Fingerprint f) {
      a.put("value", String.format(Locale.ROOT, "%08x", f.crc()));
    } else if (attribute instanceof StunAttribute.ErrorCode e) {
      a.put("code", e.code());
      a.put("reason", e.reason());
    } else if (attribute instanceof StunAttribute.Realm r) {
      a.put("value", r.value());
    } else if (attribute instanceof StunAttribute.Nonce n) {
      a.put("value", n.value());
    } else if (attribute instanceof StunAttribute.PasswordAlgorithm p) {
      algorithm(a, p);
    } else if (attribute instanceof StunAttribute.PasswordAlgorithms p) {
      ArrayNode list = a.putArray("algorithms");
      p.algorithms().forEach(x -> list.add(algorithm(JSON.objectNode(), x)));
    } else if (attribute instanceof StunAttribute.UnknownAttributes u) {
      ArrayNode list = a.putArray("types");
      u.types().forEach(t -> list.add(String.format(Locale.ROOT, "0x%04X", t)));
    } else if (attribute instanceof StunAttribute.Software sw) {
      a.put("value", sw.value());
    } else if (attribute instanceof StunAttribute.AlternateDomain d) {
      a.put("value", d.value());
    } else if (attribute instanceof StunAttribute.Priority p) {
      a.put("value", p.priority());
    } else if (attribute instanceof StunAttribute.IceControlled c) {
      a.put("tiebreaker", String.format(Locale.ROOT, "%016x", c.tieBreaker()));
    } else if (attribute instanceof StunAttribute.IceControlling c) {
      a.put("tiebreaker", String.format(Locale.ROOT, "%016x", c.tieBreaker()));
    } else if (attribute instanceof StunAttribute.OtherAddress o) {
      address(a, o.address());
    } else if (attribute instanceof StunAttribute.ResponseOrigin o) {
      address(a, o.address());
    } else if (attribute instanceof StunAttribute.ChangeRequest c) {
      a.put("changeIp", c.changeIp());
      a.put("changePort", c.changePort());
    } else if (attribute instanceof StunAttribute.ResponsePort p) {
      a.put("port", p.port());
    } else if (attribute instanceof StunAttribute.Padding p) {
      a.put("value", HEX.formatHex(p.value()));
    } else if (attribute instanceof StunAttribute.ChannelNumber c) {
      a.put("value", c.number());
    } else if (attribute instanceof StunAttribute.Lifetime l) {
      a.put("value", l.seconds());
    } else if (attribute instanceof StunAttribute.XorPeerAddress x) {
      address(a, x.address());
    } else if (attribute instanceof StunAttribute.XorRelayedAddress x) {
      address(a, x.address());
    } else if (attribute instanceof StunAttribute.Data d) {
      a.put("value", HEX.formatHex(d.value()));
    } else if (attribute instanceof StunAttribute.RequestedAddressFamily f) {
      a.put("value", f.family());
    } else if (attribute instanceof StunAttribute.EvenPort e) {
      a.put("reserveNext", e.reserveNext());
    } else if (attribute instanceof StunAttribute.RequestedTransport r) {
      a.put("value", r.protocol());
    } else if (attribute instanceof StunAttribute.ReservationToken r) {
      a.put("value", HEX.formatHex(r.token()));
    } else if (attribute instanceof StunAttribute.Unknown u) {
      a.put("value", HEX.formatHex(u.value()));
    }
    return a;
  }

  private static ObjectNode algorithm(ObjectNode a, StunAttribute.PasswordAlgorithm p) {
    a.put(
        "algorithm",
        switch (p.algorithm()) {
          case 0x0001 -> "MD5";
          case 0x0002 -> "SHA-256";
          default -> Integer.toString(p.algorithm());
        });
    a.put("parameters", HEX.formatHex(p.parameters()));
    return a;
  }

  private static void address(ObjectNode a, InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    a.put("family", ip instanceof Inet4Address ? "IPv4" : "IPv6");
    a.put("address", text(ip));
    a.put("port", address.getPort());
  }

  /** An address as RFC 5952 §4 writes it: lower case, the longest run of zero groups as "::". */
  public static String text(InetAddress ip) {
    if (ip instanceof Inet4Address) {
      return ip.getHostAddress();
    }
    byte[] b = ip.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1; // RFC 5952 §4.2.2: "::" never stands for a single group
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  /**
   * An attribute from its JSON description (the inverse of {@link #describe(StunAttribute)}).
   *
   * @throws IllegalArgumentException naming the field that is wrong
   */
  public static StunAttribute parse(JsonNode a) {
    String type = a.path("type").asText("");
    return switch (type) {
      case "MAPPED-ADDRESS" -> new StunAttribute.MappedAddress(parseAddress(a));
      case "XOR-MAPPED-ADDRESS" -> new StunAttribute.XorMappedAddress(parseAddress(a));
      case "ALTERNATE-SERVER" -> new StunAttribute.AlternateServer(parseAddress(a));
      case "USERNAME" -> new StunAttribute.Username(text(a, "value"));
      case "USERHASH" -> new StunAttribute.Userhash(HEX.parseHex(text(a, "value")));
      case "ERROR-CODE" -> new StunAttribute.ErrorCode(a.path("code").asInt(), text(a, "reason"));
      case "REALM" -> new StunAttribute.Realm(text(a, "value"));
      case "NONCE" -> new StunAttribute.Nonce(text(a, "value"));
      case "SOFTWARE" -> new StunAttribute.Software(text(a, "value"));
      case "ALTERNATE-DOMAIN" -> new StunAttribute.AlternateDomain(text(a, "value"));
      case "PRIORITY" -> new StunAttribute.Priority(a.path("value").asLong());
      case "USE-CANDIDATE" -> new StunAttribute.UseCandidate();
      case "PASSWORD-ALGORITHM" -> parseAlgorithm(a);
      case "PASSWORD-ALGORITHMS" -> {
        java.util.List<StunAttribute.PasswordAlgorithm> list = new java.util.ArrayList<>();
        a.path("algorithms").forEach(x -> list.add(parseAlgorithm(x)));
        yield new StunAttribute.PasswordAlgorithms(list);
      }
      case "UNKNOWN-ATTRIBUTES" -> {
        java.util.List<Integer> types = new java.util.ArrayList<>();
        a.path("types")
            .forEach(t -> types.add(Integer.parseInt(t.asText().replaceFirst("^0x", ""), 16)));
        yield new StunAttribute.UnknownAttributes(types);
      }
      case "CHANNEL-NUMBER" -> new StunAttribute.ChannelNumber(a.path("value").asInt(-1));
      case "LIFETIME" -> new StunAttribute.Lifetime(a.path("value").asLong(-1));
      case "XOR-PEER-ADDRESS" -> new StunAttribute.XorPeerAddress(parseAddress(a));
      case "XOR-RELAYED-ADDRESS" -> new StunAttribute.XorRelayedAddress(parseAddress(a));
      case "DATA" -> new StunAttribute.Data(HEX.parseHex(text(a, "value")));
      case "REQUESTED-ADDRESS-FAMILY" ->
          new StunAttribute.RequestedAddressFamily(a.path("value").asInt(-1));
      case "EVEN-PORT" -> new StunAttribute.EvenPort(a.path("reserveNext").asBoolean());
      case "REQUESTED-TRANSPORT" -> new StunAttribute.RequestedTransport(a.path("value").asInt(-1));
      case "DONT-FRAGMENT" -> new StunAttribute.DontFragment();
      case "RESERVATION-TOKEN" ->
          new StunAttribute.ReservationToken(HEX.parseHex(text(a, "value")));
      case "OTHER-ADDRESS" -> new StunAttribute.OtherAddress(parseAddress(a));
      case "RESPONSE-ORIGIN" -> new StunAttribute.ResponseOrigin(parseAddress(a));
      case "CHANGE-REQUEST" ->
          new StunAttribute.ChangeRequest(
              a.path("changeIp").asBoolean(false), a.path("changePort").asBoolean(false));
      case "RESPONSE-PORT" -> new StunAttribute.ResponsePort(a.path("port").asInt(-1));
      case "PADDING" -> new StunAttribute.Padding(HEX.parseHex(text(a, "value")));
      case "ICE-CONTROLLED" ->
          new StunAttribute.IceControlled(Long.parseUnsignedLong(text(a, "tiebreaker"), 16));
      case "ICE-CONTROLLING" ->
          new StunAttribute.IceControlling(Long.parseUnsignedLong(text(a, "tiebreaker"), 16));
      default -> {
        if (type.startsWith("0x")) {
          yield new StunAttribute.Unknown(
              Integer.parseInt(type.substring(2), 16), HEX.parseHex(text(a, "value")));
        }
        throw new IllegalArgumentException("cannot encode attribute type \"" + type + "\"");
      }
    };
  }

  private static StunAttribute.PasswordAlgorithm parseAlgorithm(JsonNode a) {
    String name = text(a, "algorithm");
    int number =
        switch (name) {
          case "MD5" -> 0x0001;
          case "SHA-256" -> 0x0002;
          default -> Integer.parseInt(name);
        };
    return new StunAttribute.PasswordAlgorithm(
        number, HEX.parseHex(a.path("parameters").asText("")));
  }

  private static InetSocketAddress parseAddress(JsonNode a) {
    try {
      return new InetSocketAddress(
          InetAddress.getByName(text(a, "address")), a.path("port").asInt());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("address \"" + a.path("address").asText() + "\": " + e);
    }
  }

  private static String text(JsonNode a, String field) {
    JsonNode v = a.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(
          a.path("type").asText() + ": missing text field \"" + field + "\"");
    }
    return v.asText();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

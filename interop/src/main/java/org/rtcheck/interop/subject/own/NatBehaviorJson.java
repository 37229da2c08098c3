package org.rtcheck.interop.subject.own;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Optional;
import org.rtcheck.stack.nat.Hairpinning;
import org.rtcheck.stack.nat.MappingLifetime;
import org.rtcheck.stack.nat.NatBehavior;
import org.rtcheck.stack.nat.NatType;
import org.rtcheck.stack.nat.Observation;
import org.rtcheck.stack.nat.Rfc5780Problem;

/**
 * A {@link NatBehavior} in the neutral JSON of the {@code stun.nat-type} capability
 * (vectors/README.md), which {@code rtcheck stun nat-type --json} prints too.
 */
public final class NatBehaviorJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private NatBehaviorJson() {}

  public static ObjectNode describe(NatBehavior r) {
    ObjectNode j = JSON.objectNode();
    j.put("server", text(r.server()));
    r.software().ifPresent(s -> j.put("software", s));
    j.put("localAddress", text(r.localAddress()));
    putAddress(j, "mappedAddress", r.mappedAddress());
    putAddress(j, "alternateAddress", r.alternateAddress());
    j.put("presence", token(r.presence().name()));
    if (r.mapping().isPresent()) {
      j.put("mapping", r.mapping().get().label());
    } else {
      j.putNull("mapping");
    }
    if (r.filtering().isPresent()) {
      j.put("filtering", r.filtering().get().label());
    } else {
      j.putNull("filtering");
    }
    if (r.hairpinning() == Hairpinning.NOT_TESTED) {
      j.putNull("hairpinning");
    } else {
      j.put("hairpinning", r.hairpinning() == Hairpinning.SUPPORTED);
    }
    if (r.mappingLifetime().isPresent()) {
      MappingLifetime l = r.mappingLifetime().get();
      ObjectNode lifetime = j.putObject("mappingLifetime");
      lifetime.put("atLeastMs", l.atLeast().toMillis());
      l.lessThan().ifPresent(d -> lifetime.put("lessThanMs", d.toMillis()));
    }
    j.put("natType", token(r.natType().name()));
    j.put("natTypeLabel", label(r));
    ArrayNode problems = j.putArray("problems");
    for (Rfc5780Problem p : r.problems()) {
      ObjectNode o = problems.addObject();
      o.put("kind", token(p.kind().name()));
      o.put("test", token(p.test().name()));
      o.put("reference", p.test().reference());
      o.put("detail", p.detail());
    }
    ArrayNode observations = j.putArray("observations");
    for (Observation o : r.observations()) {
      ObjectNode n = observations.addObject();
      n.put("test", token(o.test().name()));
      n.put("reference", o.test().reference());
      n.put("from", token(o.from().name()));
      n.put("to", text(o.to()));
      n.put("outcome", token(o.outcome().name()));
      o.mappedAddress().ifPresent(a -> n.put("mappedAddress", text(a)));
      o.respondedFrom().ifPresent(a -> n.put("respondedFrom", text(a)));
      if (!o.silence().isZero()) {
        n.put("silenceMs", o.silence().toMillis());
      }
    }
    return j;
  }

  /** The classic name, saying why when the server lacks OTHER-ADDRESS. */
  public static String label(NatBehavior r) {
    NatType type = r.natType();
    if (type == NatType.UNDETERMINED && r.has(Rfc5780Problem.Kind.NO_OTHER_ADDRESS)) {
      return type.label() + " (server lacks OTHER-ADDRESS)";
    }
    return type.label();
  }

  /** {@code host:port}, IPv6 in brackets (RFC 5952 §6). */
  public static String text(InetSocketAddress a) {
    String host = StunMessageJson.text(a.getAddress());
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  private static void putAddress(ObjectNode j, String name, Optional<InetSocketAddress> a) {
    if (a.isPresent()) {
      j.put(name, text(a.get()));
    } else {
      j.putNull(name);
    }
  }

  /** {@code UDP_BLOCKED} → {@code udp-blocked}. */
  private static String token(String enumName) {
    return enumName.toLowerCase(Locale.ROOT).replace('_', '-');
  }
}

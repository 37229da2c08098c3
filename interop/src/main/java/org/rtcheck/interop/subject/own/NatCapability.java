package org.rtcheck.interop.subject.own;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.stack.nat.NatDiscoveryConfig;
import org.rtcheck.stack.net.NatBehaviorDiscovery;

/**
 * The own stack's {@code stun.nat-type} (the contract in vectors/README.md): RFC 5780 NAT behaviour
 * discovery against the STUN server the arguments name, answered as {@link NatBehaviorJson}. The
 * server itself (coturn with two addresses, say) is another subject's or the test's business.
 */
final class NatCapability {
  private NatCapability() {}

  static ObjectNode natType(JsonNode args) throws SubjectException, InterruptedException {
    NatDiscoveryConfig config =
        NatDiscoveryConfig.forServer(address(args.path("host"), args.path("port"), "host/port"));
    JsonNode alt = args.path("alternate");
    if (!alt.isMissingNode() && !alt.isNull()) {
      config = config.withAlternate(address(alt.path("host"), alt.path("port"), "alternate"));
    }
    if (args.has("hairpinning")) {
      if (!args.path("hairpinning").isBoolean()) {
        throw SubjectException.invalidArgs("hairpinning must be true or false");
      }
      config = config.withHairpinning(args.path("hairpinning").asBoolean());
    }
    if (args.has("lifetimeMaxMs")) {
      Duration max = millis(args.path("lifetimeMaxMs"), "lifetimeMaxMs");
      Duration first =
          args.has("lifetimeFirstMs")
              ? millis(args.path("lifetimeFirstMs"), "lifetimeFirstMs")
              : max.dividedBy(4);
      config = config.withMappingLifetime(first, max);
    }
    if (args.has("timeoutMs")) {
      config = config.withTimeLimit(millis(args.path("timeoutMs"), "timeoutMs"));
    }
    try {
      return NatBehaviorJson.describe(NatBehaviorDiscovery.discover(config));
    } catch (IOException e) {
      throw new SubjectException(SubjectException.SUBJECT_FAILURE, e.getMessage());
    }
  }

  private static Duration millis(JsonNode n, String name) throws SubjectException {
    if (!n.canConvertToLong() || n.asLong() <= 0) {
      throw SubjectException.invalidArgs(name + " must be a positive number, got " + n);
    }
    return Duration.ofMillis(n.asLong());
  }

  private static InetSocketAddress address(JsonNode host, JsonNode port, String what)
      throws SubjectException {
    // Steps pass ${…} references as text, so a port may arrive as "3478".
    int p = port.isTextual() ? parsePort(port.asText()) : port.asInt(0);
    if (p <= 0 || p > 65535) {
      throw SubjectException.invalidArgs(what + ": port must be 1..65535, got " + port);
    }
    if (!host.isTextual() || host.asText().isEmpty()) {
      throw SubjectException.invalidArgs(what + ": host is required");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host.asText()), p);
    } catch (UnknownHostException e) {
      throw SubjectException.invalidArgs(what + ": cannot resolve host \"" + host.asText() + "\"");
    }
  }

  private static int parsePort(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}

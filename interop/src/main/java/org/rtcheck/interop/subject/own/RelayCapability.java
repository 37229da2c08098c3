package org.rtcheck.interop.subject.own;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.interop.relay.ImpairingUdpRelay;
import org.rtcheck.interop.relay.Impairment;

/**
 * {@code relay.start} and {@code relay.stats}: the harness in the middle of a live UDP session (see
 * {@link ImpairingUdpRelay}). One relay at a time; starting another closes the previous one.
 */
final class RelayCapability implements AutoCloseable {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ImpairingUdpRelay relay;

  /**
   * Args: {@code host}, {@code port} (the server to relay to), {@code rules}: [{@code direction}
   * to-server|to-client, {@code match} (a DTLS content name or any), {@code action}
   * drop|hold|copy-from-other-port, {@code times} (default 1)]. Answers where clients send.
   */
  synchronized ObjectNode start(JsonNode args) throws SubjectException {
    int port = args.path("port").asInt(0);
    if (port <= 0 || port > 65535) {
      throw SubjectException.invalidArgs(
          "relay.start needs the server's port, got " + args.path("port"));
    }
    InetAddress host;
    try {
      host = InetAddress.getByName(args.path("host").asText("127.0.0.1"));
    } catch (UnknownHostException e) {
      throw SubjectException.invalidArgs("unknown host " + args.path("host").asText());
    }
    List<Impairment> rules = new ArrayList<>();
    int i = 0;
    for (JsonNode r : args.path("rules")) {
      try {
        rules.add(
            new Impairment(
                Impairment.Direction.parse(r.path("direction").asText()),
                r.path("match").asText("any"),
                Impairment.Action.parse(r.path("action").asText()),
                r.path("times").asInt(1)));
      } catch (IllegalArgumentException e) {
        throw SubjectException.invalidArgs("rules[" + i + "]: " + e.getMessage());
      }
      i++;
    }
    close();
    try {
      relay =
          ImpairingUdpRelay.start(
              new InetSocketAddress(host, 0), new InetSocketAddress(host, port), rules);
    } catch (IOException e) {
      throw new SubjectException(SubjectException.SUBJECT_FAILURE, "relay: " + e.getMessage());
    }
    ObjectNode out = JSON.objectNode();
    out.put("host", relay.address().getAddress().getHostAddress());
    out.put("port", relay.address().getPort());
    return out;
  }

  /** How often each rule applied, datagrams forwarded each way, and the datagram log. */
  synchronized ObjectNode stats(JsonNode args) throws SubjectException {
    if (relay == null) {
      throw new SubjectException("invalid-state", "relay.stats before relay.start");
    }
    ObjectNode out = JSON.objectNode();
    ArrayNode applied = out.putArray("applied");
    for (int n : relay.applied()) {
      applied.add(n);
    }
    out.put("toServer", relay.forwarded(Impairment.Direction.TO_SERVER));
    out.put("toClient", relay.forwarded(Impairment.Direction.TO_CLIENT));
    ArrayNode log = out.putArray("log");
    relay.log().forEach(log::add);
    return out;
  }

  @Override
  public synchronized void close() {
    if (relay != null) {
      relay.close();
      relay = null;
    }
  }
}

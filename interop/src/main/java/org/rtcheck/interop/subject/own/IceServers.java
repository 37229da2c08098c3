package org.rtcheck.interop.subject.own;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.stack.net.IceUdpTransport;
import org.rtcheck.stack.net.TurnConnection;
import org.rtcheck.stack.net.TurnRelay;
import org.rtcheck.stack.turn.TurnConfig;
import org.rtcheck.stack.turn.TurnException;
import org.rtcheck.stack.turn.TurnTransport;

/**
 * The W3C {@code iceServers} of a {@code pc.create} (RTCIceServer: {@code urls}, {@code username},
 * {@code credential}) as the own stack uses them: the first {@code stun:} URL (RFC 7064) for
 * server-reflexive candidates, the first {@code turn:} URL (RFC 7065, UDP only) for one relayed
 * candidate. A TURN server without a STUN one also serves Binding requests (RFC 8656 §3).
 */
record IceServers(Optional<InetSocketAddress> stun, Optional<Turn> turn) {
  private static final int DEFAULT_PORT = 3478; // RFC 7064 §3.1, RFC 7065 §3.1
  private static final Duration ALLOCATE_TIMEOUT = Duration.ofSeconds(5);

  record Turn(InetSocketAddress server, String username, String credential) {}

  static IceServers parse(JsonNode servers) throws SubjectException {
    Optional<InetSocketAddress> stun = Optional.empty();
    Optional<Turn> turn = Optional.empty();
    int index = 0;
    for (JsonNode server : servers) {
      JsonNode urls = server.path("urls");
      List<String> list = new ArrayList<>();
      if (urls.isArray()) {
        urls.forEach(u -> list.add(u.asText()));
      } else if (urls.isTextual()) {
        list.add(urls.asText());
      } else {
        throw SubjectException.invalidArgs(
            "iceServers[" + index + "].urls must be a string or list");
      }
      for (String url : list) {
        String scheme = url.contains(":") ? url.substring(0, url.indexOf(':')) : "";
        switch (scheme.toLowerCase(Locale.ROOT)) {
          case "stun" -> {
            if (stun.isEmpty()) {
              stun = Optional.of(address(url, index));
            }
          }
          case "turn" -> {
            String query = url.contains("?") ? url.substring(url.indexOf('?') + 1) : "";
            if (!query.isEmpty() && !query.equalsIgnoreCase("transport=udp")) {
              throw SubjectException.unimplemented(
                  "iceServers[" + index + "] " + url + ": the own stack's TURN here is UDP only");
            }
            if (!server.path("username").isTextual() || !server.path("credential").isTextual()) {
              throw SubjectException.invalidArgs(
                  "iceServers[" + index + "] " + url + " needs username and credential");
            }
            if (turn.isEmpty()) {
              turn =
                  Optional.of(
                      new Turn(
                          address(url, index),
                          server.path("username").asText(),
                          server.path("credential").asText()));
            }
          }
          default ->
              throw SubjectException.unimplemented(
                  "iceServers[" + index + "] " + url + ": only stun: and turn: URLs");
        }
      }
      index++;
    }
    if (stun.isEmpty() && turn.isPresent()) {
      stun = Optional.of(turn.get().server());
    }
    return new IceServers(stun, turn);
  }

  /** Allocates on the TURN server, if any; the caller closes the relay. */
  TurnRelay allocate() throws SubjectException {
    if (turn.isEmpty()) {
      return null;
    }
    Turn t = turn.get();
    TurnRelay relay = null;
    try {
      relay =
          new TurnRelay(
              TurnConnection.open(
                  t.server(),
                  TurnConfig.of(t.username(), t.credential()).withTransport(TurnTransport.UDP),
                  null,
                  ALLOCATE_TIMEOUT));
      relay.allocate(ALLOCATE_TIMEOUT);
      return relay;
    } catch (TurnException e) {
      if (relay != null) {
        relay.close();
      }
      throw new SubjectException(
          "failed", "TURN allocation on " + t.server() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      relay.close();
      Thread.currentThread().interrupt();
      throw new SubjectException(SubjectException.SUBJECT_FAILURE, "interrupted");
    }
  }

  /** Every non-loopback IPv4 address (a LAN host has one), these servers, sending anywhere. */
  IceUdpTransport.Options transport(TurnRelay relay) throws SubjectException {
    List<InetAddress> addresses = new ArrayList<>();
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (nif.isUp() && !nif.isLoopback()) {
          for (InetAddress a : Collections.list(nif.getInetAddresses())) {
            if (a instanceof Inet4Address) {
              addresses.add(a);
            }
          }
        }
      }
    } catch (SocketException e) {
      throw new SubjectException(SubjectException.SUBJECT_FAILURE, "cannot list interfaces: " + e);
    }
    if (addresses.isEmpty()) {
      throw new SubjectException("failed", "no non-loopback IPv4 address to gather on");
    }
    return new IceUdpTransport.Options(addresses, stun.orElse(null), a -> true, relay);
  }

  private static InetSocketAddress address(String url, int index) throws SubjectException {
    // stun:host[:port] has no "//", so URI sees it as opaque: parse the part after the scheme.
    String rest = url.substring(url.indexOf(':') + 1);
    if (rest.contains("?")) {
      rest = rest.substring(0, rest.indexOf('?'));
    }
    try {
      URI u = new URI("x://" + rest);
      if (u.getHost() == null) {
        throw SubjectException.invalidArgs("iceServers[" + index + "] " + url + ": no host");
      }
      int port = u.getPort() < 0 ? DEFAULT_PORT : u.getPort();
      return new InetSocketAddress(InetAddress.getByName(u.getHost()), port);
    } catch (java.net.URISyntaxException | UnknownHostException e) {
      throw SubjectException.invalidArgs(
          "iceServers[" + index + "] " + url + ": " + e.getMessage());
    }
  }
}

package org.rtcheck.stack.nat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rtcheck.stack.stun.StunAttribute.ChangeRequest;
import org.rtcheck.stack.stun.StunAttribute.ErrorCode;
import org.rtcheck.stack.stun.StunAttribute.MappedAddress;
import org.rtcheck.stack.stun.StunAttribute.OtherAddress;
import org.rtcheck.stack.stun.StunAttribute.ResponseOrigin;
import org.rtcheck.stack.stun.StunAttribute.ResponsePort;
import org.rtcheck.stack.stun.StunAttribute.UnknownAttributes;
import org.rtcheck.stack.stun.StunAttribute.XorMappedAddress;
import org.rtcheck.stack.stun.StunAttributeType;
import org.rtcheck.stack.stun.StunClass;
import org.rtcheck.stack.stun.StunMessage;
import org.rtcheck.stack.stun.StunMessageBuilder;
import org.rtcheck.stack.stun.StunParseException;

/**
 * A scripted network for the sans-IO core: one host with the four {@link NatSocket}s, an RFC 4787
 * NAT with chosen mapping, filtering, hairpinning and mapping timeout, and an RFC 5780 server on
 * two IP addresses and two ports. Delivery is instant; time is virtual. Not a general NAT model:
 * just enough rules to give every test of RFC 5780 the answer a real NAT of that kind would.
 */
final class ScriptedNetwork {
  static final InetSocketAddress PRIMARY = address("198.51.100.1", 3478);
  static final InetSocketAddress ALTERNATE = address("198.51.100.2", 3479);
  static final InetAddress HOST_IP = ip("10.0.0.2");
  static final InetAddress NAT_IP = ip("203.0.113.7");

  /** What the NAT does; {@code translate == false} is a plain (possibly filtering) router. */
  record Nat(
      boolean translate,
      MappingBehavior mapping,
      FilteringBehavior filtering,
      boolean hairpinning,
      Duration mappingTimeout) {
    static Nat of(MappingBehavior m, FilteringBehavior f) {
      return new Nat(true, m, f, false, Duration.ofMinutes(5));
    }

    static Nat none() {
      return new Nat(
          false,
          MappingBehavior.ENDPOINT_INDEPENDENT,
          FilteringBehavior.ENDPOINT_INDEPENDENT,
          true,
          Duration.ofDays(1));
    }

    Nat withHairpinning(boolean on) {
      return new Nat(translate, mapping, filtering, on, mappingTimeout);
    }

    Nat withMappingTimeout(Duration timeout) {
      return new Nat(translate, mapping, filtering, hairpinning, timeout);
    }

    Nat withFiltering(FilteringBehavior f) {
      return new Nat(translate, mapping, f, hairpinning, mappingTimeout);
    }
  }

  /** What the server supports. */
  enum Server {
    /** RFC 5780 complete: OTHER-ADDRESS, CHANGE-REQUEST, RESPONSE-PORT, RESPONSE-ORIGIN. */
    RFC5780,
    /** Plain RFC 8489: no OTHER-ADDRESS, 420 for the unknown comprehension-required attributes. */
    PLAIN,
    /** Sends OTHER-ADDRESS but answers CHANGE-REQUEST from where the request arrived. */
    IGNORES_CHANGE_REQUEST,
    /** Sends OTHER-ADDRESS, but RESPONSE-PORT is answered with 420. */
    NO_RESPONSE_PORT,
    /** RFC 5780 complete, but the mapped address comes as MAPPED-ADDRESS only. */
    MAPPED_ADDRESS_ONLY,
    /** Answers every request with 401 (a TURN-only server with authentication, say). */
    REJECTS_EVERYTHING,
    /** Nothing gets through at all. */
    UNREACHABLE
  }

  private static final class Mapping {
    final int externalPort;
    final InetSocketAddress internal;
    final Set<InetAddress> sentToIps = new HashSet<>();
    final Set<InetSocketAddress> sentTo = new HashSet<>();
    long lastOutbound;

    Mapping(int externalPort, InetSocketAddress internal) {
      this.externalPort = externalPort;
      this.internal = internal;
    }
  }

  /** A datagram delivered to one of the host's sockets. */
  record Delivery(NatSocket to, InetSocketAddress from, byte[] data) {}

  private final Nat nat;
  private final Server server;
  private final Map<NatSocket, InetSocketAddress> sockets = new EnumMap<>(NatSocket.class);
  private final Map<Object, Mapping> mappingsByKey = new HashMap<>();
  private final Map<Integer, Mapping> mappingsByPort = new HashMap<>();
  private int nextPort = 40000;
  int serverRequests;

  ScriptedNetwork(Nat nat, Server server) {
    this.nat = nat;
    this.server = server;
    int port = 5000;
    for (NatSocket s : NatSocket.values()) {
      sockets.put(s, new InetSocketAddress(HOST_IP, port++));
    }
  }

  Map<NatSocket, InetSocketAddress> localAddresses() {
    return sockets;
  }

  /** Sends from a host socket; returns what reaches the host's sockets as a consequence. */
  List<Delivery> send(Transmit t, long now) {
    List<Delivery> out = new ArrayList<>();
    InetSocketAddress internal = sockets.get(t.from());
    InetSocketAddress external = outbound(internal, t.to(), now);
    if (t.to().getAddress().equals(externalIp())) {
      // RFC 4787 §6: hairpinning, with the source translated to the sender's mapping (REQ-9).
      if (nat.hairpinning) {
        inbound(external, t.to(), t.data(), now, out);
      }
      return out;
    }
    if (server == Server.UNREACHABLE || !isServerAddress(t.to())) {
      return out;
    }
    serverRequests++;
    answer(external, t.to(), t.data(), now, out);
    return out;
  }

  private InetAddress externalIp() {
    return nat.translate ? NAT_IP : HOST_IP;
  }

  private InetSocketAddress outbound(InetSocketAddress internal, InetSocketAddress to, long now) {
    expire(now);
    Object key =
        switch (nat.mapping) {
          case ENDPOINT_INDEPENDENT -> List.of(internal);
          case ADDRESS_DEPENDENT -> List.of(internal, to.getAddress());
          case ADDRESS_AND_PORT_DEPENDENT -> List.of(internal, to);
        };
    Mapping m = mappingsByKey.get(key);
    if (m == null) {
      int port = nat.translate ? nextPort++ : internal.getPort();
      m = new Mapping(port, internal);
      mappingsByKey.put(key, m);
      mappingsByPort.put(port, m);
    }
    m.sentToIps.add(to.getAddress());
    m.sentTo.add(to);
    m.lastOutbound = now; // RFC 4787 REQ-6: outbound traffic refreshes the mapping
    return new InetSocketAddress(externalIp(), m.externalPort);
  }

  private void expire(long now) {
    long timeout = nat.mappingTimeout.toNanos();
    mappingsByKey.values().removeIf(m -> now - m.lastOutbound >= timeout);
    mappingsByPort.values().removeIf(m -> now - m.lastOutbound >= timeout);
  }

  private void inbound(
      InetSocketAddress from, InetSocketAddress to, byte[] data, long now, List<Delivery> out) {
    expire(now);
    if (!to.getAddress().equals(externalIp())) {
      return;
    }
    Mapping m = mappingsByPort.get(to.getPort());
    if (m == null) {
      return;
    }
    boolean allowed =
        switch (nat.filtering) {
          case ENDPOINT_INDEPENDENT -> true;
          case ADDRESS_DEPENDENT -> m.sentToIps.contains(from.getAddress());
          case ADDRESS_AND_PORT_DEPENDENT -> m.sentTo.contains(from);
        };
    if (!allowed) {
      return;
    }
    for (Map.Entry<NatSocket, InetSocketAddress> s : sockets.entrySet()) {
      if (s.getValue().equals(m.internal)) {
        out.add(new Delivery(s.getKey(), from, data));
      }
    }
  }

  private static boolean isServerAddress(InetSocketAddress a) {
    boolean ip =
        a.getAddress().equals(PRIMARY.getAddress())
            || a.getAddress().equals(ALTERNATE.getAddress());
    boolean port = a.getPort() == PRIMARY.getPort() || a.getPort() == ALTERNATE.getPort();
    return ip && port;
  }

  private void answer(
      InetSocketAddress client,
      InetSocketAddress receivedOn,
      byte[] data,
      long now,
      List<Delivery> out) {
    StunMessage request;
    try {
      request = StunMessage.decode(data);
    } catch (StunParseException e) {
      throw new AssertionError("discovery sent a malformed request", e);
    }
    if (server == Server.PLAIN && !receivedOn.equals(PRIMARY)) {
      return; // a plain server has one address
    }
    InetSocketAddress from = receivedOn;
    InetSocketAddress to = client;
    List<Integer> unknown = new ArrayList<>();
    var change = request.first(ChangeRequest.class);
    if (change.isPresent()) {
      if (server == Server.PLAIN) {
        unknown.add(StunAttributeType.CHANGE_REQUEST);
      } else if (server != Server.IGNORES_CHANGE_REQUEST) {
        // RFC 5780 §6.1: answer from the alternate IP and/or port as asked.
        from =
            new InetSocketAddress(
                change.get().changeIp() ? other(receivedOn.getAddress()) : receivedOn.getAddress(),
                change.get().changePort() ? other(receivedOn.getPort()) : receivedOn.getPort());
      }
    }
    var responsePort = request.first(ResponsePort.class);
    if (responsePort.isPresent()) {
      if (server == Server.PLAIN || server == Server.NO_RESPONSE_PORT) {
        unknown.add(StunAttributeType.RESPONSE_PORT);
      } else {
        // RFC 5780 §6.1: to the request's source IP address and the given port.
        to = new InetSocketAddress(client.getAddress(), responsePort.get().port());
      }
    }
    StunMessageBuilder response;
    if (server == Server.REJECTS_EVERYTHING) {
      response =
          StunMessage.builder(StunClass.ERROR_RESPONSE, request.method(), request.transactionId())
              .add(new ErrorCode(ErrorCode.UNAUTHENTICATED, "Unauthenticated"));
      from = receivedOn;
      to = client;
    } else if (!unknown.isEmpty()) {
      response =
          StunMessage.builder(StunClass.ERROR_RESPONSE, request.method(), request.transactionId())
              .add(new ErrorCode(ErrorCode.UNKNOWN_ATTRIBUTE, "Unknown Attribute"))
              .add(new UnknownAttributes(unknown));
      from = receivedOn;
      to = client;
    } else {
      response =
          StunMessage.builder(StunClass.SUCCESS_RESPONSE, request.method(), request.transactionId())
              .add(
                  server == Server.MAPPED_ADDRESS_ONLY
                      ? new MappedAddress(client)
                      : new XorMappedAddress(client));
      if (server != Server.PLAIN) {
        response.add(new ResponseOrigin(from));
        response.add(new OtherAddress(ALTERNATE));
      }
    }
    inbound(from, to, response.encode(), now, out);
  }

  private static InetAddress other(InetAddress ip) {
    return ip.equals(PRIMARY.getAddress()) ? ALTERNATE.getAddress() : PRIMARY.getAddress();
  }

  private static int other(int port) {
    return port == PRIMARY.getPort() ? ALTERNATE.getPort() : PRIMARY.getPort();
  }

  /** Runs discovery to the end on virtual time; returns the result. */
  static NatBehavior run(NatDiscoveryConfig config, ScriptedNetwork network) {
    NatDiscovery discovery = new NatDiscovery(config, network.localAddresses());
    long now = 7_000_000_000L; // arbitrary: nanoTime values are not zero-based
    discovery.start(now);
    for (int steps = 0; !discovery.isDone(); steps++) {
      if (steps > 10_000) {
        throw new AssertionError("discovery does not finish");
      }
      flush(discovery, network, now);
      if (discovery.isDone()) {
        break;
      }
      now = discovery.pollTimeout().orElseThrow();
      discovery.handleTimeout(now);
    }
    return discovery.result();
  }

  static void flush(NatDiscovery discovery, ScriptedNetwork network, long now) {
    for (var t = discovery.pollTransmit(); t.isPresent(); t = discovery.pollTransmit()) {
      for (Delivery d : network.send(t.get(), now)) {
        discovery.handleDatagram(d.to(), d.from(), d.data(), now);
      }
    }
  }

  private static InetSocketAddress address(String ip, int port) {
    return new InetSocketAddress(ip(ip), port);
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}

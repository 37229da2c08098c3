package org.rtcheck.interop.subject.own;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;
import org.rtcheck.engine.evidence.AllureEvidence;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.interop.env.DockerEngineProbe;
import org.rtcheck.interop.env.EnvironmentKind;
import org.rtcheck.interop.env.EnvironmentSelector;
import org.rtcheck.interop.fixture.LogTail;
import org.rtcheck.interop.fixture.TurnServer;
import org.rtcheck.interop.fixture.TurnServerSpec;
import org.rtcheck.interop.fixture.TurnServers;
import org.rtcheck.stack.net.TurnConnection;
import org.rtcheck.stack.net.TurnTlsTrust;
import org.rtcheck.stack.turn.TurnConfig;
import org.rtcheck.stack.turn.TurnException;
import org.rtcheck.stack.turn.TurnTransport;

/**
 * The {@code turn.*} ops: a coturn fixture ({@code turn.server}) of the environment {@code
 * rtcheck.env} names (a host process for {@code local}, the default, a container for {@code
 * docker}; {@link TurnServers}) and the own TURN client driven step by step ({@code turn.allocate},
 * {@code turn.permission}, {@code turn.channel-bind}, {@code turn.send}, {@code turn.receive},
 * {@code turn.refresh}, {@code turn.delete}). Allocations are named by the {@code id} {@code
 * turn.allocate} answers. Every op takes {@code afterMs}: wait that long first (to let a nonce go
 * stale, or coturn finish deleting).
 *
 * <p>Failures are {@link SubjectException}s whose kind is the typed TURN reason in kebab case
 * ({@code unauthenticated}, {@code allocation-mismatch}, {@code timeout} …).
 */
final class TurnCapability implements AutoCloseable {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final HexFormat HEX = HexFormat.of();
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private record Allocation(TurnConnection connection, LinkedBlockingQueue<ObjectNode> received) {}

  private final Map<String, TurnServer> servers = new LinkedHashMap<>();
  private final Map<String, Allocation> allocations = new LinkedHashMap<>();
  private int nextId = 1;

  /** Servers a TURN op talked to since the last {@link #recentLog()}: that test's evidence. */
  private final Map<String, TurnServer> usedSinceLog = new LinkedHashMap<>();

  /**
   * Args: {@code tls} (default true), {@code staleNonce} (seconds; coturn {@code --stale-nonce}),
   * {@code rfc5780} (default false: also listen on a second address and port+1). One server per
   * distinct set of args, kept for the run. Answers {@code host}, {@code port} (UDP and TCP),
   * {@code tlsPort}, {@code otherHost} and {@code otherPort} (RFC 5780 OTHER-ADDRESS), {@code
   * relayHost} (where allocations are relayed from), {@code peerHost} (where a far peer of this
   * host binds so the server reaches it), {@code username}, {@code password}, {@code realm}, {@code
   * certificate} (PEM path), {@code version} and {@code environment}.
   */
  synchronized ObjectNode server(JsonNode args) throws SubjectException {
    boolean tls = args.path("tls").asBoolean(true);
    int staleNonce = args.path("staleNonce").asInt(0);
    boolean rfc5780 = args.path("rfc5780").asBoolean(false);
    String key = "tls=" + tls + ",staleNonce=" + staleNonce + ",rfc5780=" + rfc5780;
    EnvironmentKind environment = environment();
    TurnServer server = servers.get(key);
    if (server == null || !server.running()) {
      TurnServerSpec spec =
          new TurnServerSpec(tls, Duration.ofSeconds(Math.max(0, staleNonce)), rfc5780);
      try {
        server = TurnServers.start(environment, spec);
      } catch (TestAbortedException e) {
        throw SubjectException.unimplemented("turn.server: " + e.getMessage());
      } catch (IOException e) {
        throw new SubjectException(SubjectException.SUBJECT_FAILURE, e.getMessage());
      }
      servers.put(key, server);
    }
    usedSinceLog.put(key, server);
    ObjectNode out = JSON.objectNode();
    out.put("host", server.stunAddress().getAddress().getHostAddress());
    out.put("port", server.stunAddress().getPort());
    server.tlsAddress().ifPresent(a -> out.put("tlsPort", a.getPort()));
    server
        .otherAddress()
        .ifPresent(
            a ->
                out.put("otherHost", a.getAddress().getHostAddress())
                    .put("otherPort", a.getPort()));
    out.put("relayHost", server.relayAddress().getHostAddress());
    out.put("peerHost", server.peerAddress().getHostAddress());
    out.put("username", server.username());
    out.put("password", server.password());
    out.put("realm", server.realm());
    server.certificate().ifPresent(p -> out.put("certificate", p.toString()));
    out.put("version", server.version());
    out.put("environment", environment.id());
    // The report says where the fixture ran (rtcheck.env), beside the run's environment.properties.
    AllureEvidence.label("environment", environment.id());
    return out;
  }

  /**
   * The logs of the servers the test that just ran asked for ({@code turn.server}), each headed by
   * its settings and environment; empty when it used none. Each call starts a new test's list.
   */
  synchronized String recentLog() {
    StringBuilder s = new StringBuilder();
    usedSinceLog.forEach(
        (key, server) -> {
          String log = server.recentLog();
          if (!log.isEmpty()) {
            s.append("== TURN server ").append(key).append(" (coturn ").append(server.version());
            s.append(", last ").append(LogTail.LINES).append(" lines)\n").append(log).append('\n');
          }
        });
    usedSinceLog.clear();
    return s.toString();
  }

  /**
   * {@code rtcheck.env} (system property, set by {@code rtcheck run --env} and by Surefire): unset
   * means {@code local}, {@code auto} asks the selector; {@code grid} moves browsers only.
   */
  private static EnvironmentKind environment() throws SubjectException {
    String requested = System.getProperty(EnvironmentSelector.ENV_PROPERTY, "");
    if (requested.isBlank()) {
      return EnvironmentKind.LOCAL;
    }
    try {
      return new EnvironmentSelector(DockerEngineProbe.fromEnvironment())
          .choose(requested, System.getProperty(EnvironmentSelector.GRID_URL_PROPERTY))
          .kind();
    } catch (IllegalArgumentException e) {
      // docker asked for where no engine answers: the suite cannot run here, which is a skip
      throw SubjectException.unimplemented("turn.server: " + e.getMessage());
    }
  }

  /**
   * Args: {@code host}, {@code port}, {@code transport} (udp|tcp|tls), {@code username}, {@code
   * password}, optional {@code realm} (expected), {@code lifetime} (seconds), {@code certificate}
   * (PEM path to trust for TLS; without it any certificate is trusted), {@code timeoutMs}.
   */
  ObjectNode allocate(JsonNode args) throws SubjectException {
    TurnTransport transport;
    try {
      transport = TurnTransport.parse(args.path("transport").asText("udp"));
    } catch (IllegalArgumentException e) {
      throw SubjectException.invalidArgs(e.getMessage());
    }
    InetSocketAddress server = address(args, "host", "port");
    TurnConfig config =
        TurnConfig.of(required(args, "username"), required(args, "password"))
            .withTransport(transport);
    if (args.hasNonNull("realm")) {
      config = config.withExpectedRealm(args.path("realm").asText());
    }
    if (args.has("lifetime")) {
      config = config.withLifetime(Duration.ofSeconds(args.path("lifetime").asLong()));
    }
    TurnTlsTrust trust =
        args.hasNonNull("certificate")
            ? TurnTlsTrust.certificates(Path.of(args.path("certificate").asText()))
            : TurnTlsTrust.insecure();
    Duration timeout = timeout(args);
    TurnConnection c;
    try {
      c = TurnConnection.open(server, config, trust, timeout);
    } catch (TurnException e) {
      throw failure(e);
    }
    LinkedBlockingQueue<ObjectNode> received = new LinkedBlockingQueue<>();
    c.onData(
        (peer, data) -> {
          ObjectNode d = JSON.objectNode();
          d.put("peerHost", peer.getAddress().getHostAddress());
          d.put("peerPort", peer.getPort());
          d.put("data", HEX.formatHex(data));
          received.add(d);
        });
    TurnConnection.Allocation a;
    try {
      a = c.allocate(timeout);
    } catch (TurnException e) {
      c.close();
      throw failure(e);
    } catch (InterruptedException e) {
      c.close();
      Thread.currentThread().interrupt();
      throw new SubjectException(SubjectException.SUBJECT_FAILURE, "interrupted");
    }
    String id;
    synchronized (this) {
      id = "turn-" + nextId++;
      allocations.put(id, new Allocation(c, received));
    }
    ObjectNode out = JSON.objectNode();
    out.put("id", id);
    out.put("transport", transport.lowerCase());
    out.put("relayedHost", a.relayed().getAddress().getHostAddress());
    out.put("relayedPort", a.relayed().getPort());
    out.put("mappedHost", a.mapped().getAddress().getHostAddress());
    out.put("mappedPort", a.mapped().getPort());
    out.put("localPort", c.localAddress().getPort());
    out.put("mappedIsLocal", isLocal(a.mapped(), c.localAddress()));
    out.put("lifetime", a.lifetime().getSeconds());
    return out;
  }

  /**
   * Whether the server-reflexive address is this socket's own (no NAT on the way): a socket bound
   * to the wildcard address has the port and any address of this host's interfaces.
   */
  static boolean isLocal(InetSocketAddress mapped, InetSocketAddress local) {
    if (mapped.equals(local)) {
      return true;
    }
    if (mapped.getPort() != local.getPort() || !local.getAddress().isAnyLocalAddress()) {
      return false;
    }
    try {
      return NetworkInterface.getByInetAddress(mapped.getAddress()) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  /** Args: {@code id}, {@code peerHost}. */
  ObjectNode permission(JsonNode args) throws SubjectException, InterruptedException {
    TurnConnection c = allocation(args).connection();
    InetAddress peer = host(args.path("peerHost"));
    try {
      TurnConnection.await(c.createPermission(List.of(peer)), timeout(args), "CreatePermission");
    } catch (TurnException e) {
      throw failure(e);
    }
    return JSON.objectNode().put("permitted", peer.getHostAddress());
  }

  /** Args: {@code id}, {@code peerHost}, {@code peerPort}. Answers {@code channel}. */
  ObjectNode channelBind(JsonNode args) throws SubjectException, InterruptedException {
    TurnConnection c = allocation(args).connection();
    InetSocketAddress peer = address(args, "peerHost", "peerPort");
    try {
      int channel = TurnConnection.await(c.bindChannel(peer), timeout(args), "ChannelBind");
      return JSON.objectNode()
          .put("channel", channel)
          .put("inRange", channel >= 0x4000 && channel <= 0x4FFF);
    } catch (TurnException e) {
      throw failure(e);
    }
  }

  /** Args: {@code id}, {@code peerHost}, {@code peerPort}, {@code data} (hex). */
  ObjectNode send(JsonNode args) throws SubjectException {
    TurnConnection c = allocation(args).connection();
    InetSocketAddress peer = address(args, "peerHost", "peerPort");
    byte[] data = hex(args, "data");
    c.send(peer, data);
    return JSON.objectNode().put("sent", data.length);
  }

  /**
   * Args: {@code id}, {@code timeoutMs} (default 2000), {@code max} (default 1). Waits until {@code
   * max} data messages arrived through the allocation or the time is up; answers {@code received}:
   * [{@code peerHost}, {@code peerPort}, {@code data}].
   */
  ObjectNode receive(JsonNode args) throws SubjectException, InterruptedException {
    return collect(allocation(args).received(), args);
  }

  /** Args: {@code id}, {@code lifetime} (seconds). Answers the granted {@code lifetime}. */
  ObjectNode refresh(JsonNode args) throws SubjectException, InterruptedException {
    TurnConnection c = allocation(args).connection();
    Duration lifetime =
        args.has("lifetime") ? Duration.ofSeconds(args.path("lifetime").asLong()) : null;
    try {
      Duration granted = TurnConnection.await(c.refresh(lifetime), timeout(args), "Refresh");
      return JSON.objectNode().put("lifetime", granted.getSeconds());
    } catch (TurnException e) {
      throw failure(e);
    }
  }

  /** Args: {@code id}. A Refresh with lifetime 0 (RFC 8656 §8); the connection stays open. */
  ObjectNode delete(JsonNode args) throws SubjectException, InterruptedException {
    TurnConnection c = allocation(args).connection();
    try {
      TurnConnection.await(c.deleteAllocation(), timeout(args), "Refresh(0)");
    } catch (TurnException e) {
      throw failure(e);
    }
    return JSON.objectNode().put("deleted", true).put("state", c.state().name().toLowerCase());
  }

  // ------------------------------------------------------------------------------------------

  static ObjectNode collect(LinkedBlockingQueue<ObjectNode> queue, JsonNode args)
      throws InterruptedException {
    long timeoutMs = args.path("timeoutMs").asLong(2000);
    int max = args.path("max").asInt(1);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    List<ObjectNode> got = new ArrayList<>();
    while (got.size() < max) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      ObjectNode d = queue.poll(left, TimeUnit.NANOSECONDS);
      if (d != null) {
        got.add(d);
      }
    }
    ObjectNode out = JSON.objectNode();
    ArrayNode list = out.putArray("received");
    got.forEach(list::add);
    return out;
  }

  private synchronized Allocation allocation(JsonNode args) throws SubjectException {
    String id = args.path("id").asText("");
    Allocation a = allocations.get(id);
    if (a == null) {
      throw new SubjectException(
          "invalid-state", "no allocation \"" + id + "\" (turn.allocate answers the id)");
    }
    return a;
  }

  private static SubjectException failure(TurnException e) {
    ObjectNode details = JSON.objectNode();
    if (e.error().code() != 0) {
      details.put("code", e.error().code());
    }
    return new SubjectException(e.error().reason().kebab(), e.getMessage(), details);
  }

  static Duration timeout(JsonNode args) {
    long ms = args.path("timeoutMs").asLong(0);
    return ms > 0 ? Duration.ofMillis(ms) : DEFAULT_TIMEOUT;
  }

  static String required(JsonNode args, String field) throws SubjectException {
    if (!args.hasNonNull(field) || args.path(field).asText().isEmpty()) {
      throw SubjectException.invalidArgs("missing \"" + field + "\"");
    }
    return args.path(field).asText();
  }

  static byte[] hex(JsonNode args, String field) throws SubjectException {
    try {
      return HEX.parseHex(required(args, field).replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw SubjectException.invalidArgs(field + " is not hex: " + e.getMessage());
    }
  }

  static InetAddress host(JsonNode host) throws SubjectException {
    try {
      return InetAddress.getByName(host.asText("127.0.0.1"));
    } catch (UnknownHostException e) {
      throw SubjectException.invalidArgs("unknown host " + host.asText());
    }
  }

  static InetSocketAddress address(JsonNode args, String hostField, String portField)
      throws SubjectException {
    int port = args.path(portField).asInt(-1);
    if (port < 0 || port > 65535) {
      throw SubjectException.invalidArgs(
          portField + " must be 0..65535, got " + args.path(portField));
    }
    return new InetSocketAddress(host(args.path(hostField)), port);
  }

  @Override
  public synchronized void close() {
    allocations.values().forEach(a -> a.connection().close());
    allocations.clear();
    servers.values().forEach(TurnServer::close);
    servers.clear();
  }
}

package org.rtcheck.interop.netem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.rtcheck.interop.fixture.Coturn;
import org.rtcheck.stack.turn.TurnTransport;

/**
 * Runs the own ICE agent in two LAN hosts behind two NAT routers of a {@link Topology} ({@link
 * IceProbe} processes, signaling relayed through this process) and reports which pair, if any, was
 * selected, next to what {@link IceReachability} expects. With a relay, each agent also allocates
 * on the topology's coturn (TURN over UDP) and offers the relayed candidate; without, cells that
 * need a relay are expected to find no pair at all.
 */
public final class IceNatMatrix {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Duration checkTimeout;

  /**
   * @param checkTimeout how long each agent waits for a selected pair
   */
  public IceNatMatrix(Duration checkTimeout) {
    this.checkTimeout = checkTimeout;
  }

  /**
   * Connects the first host of {@code controlling}'s LAN with the first of {@code controlled}'s.
   */
  public IceCellOutcome run(Topology topology, NatRouter controlling, NatRouter controlled)
      throws NetemException {
    return run(topology, controlling, controlled, false);
  }

  /**
   * As {@link #run(Topology, NatRouter, NatRouter)}; with {@code relay} both agents also gather a
   * relayed candidate on the topology's coturn.
   */
  public IceCellOutcome run(
      Topology topology, NatRouter controlling, NatRouter controlled, boolean relay)
      throws NetemException {
    Optional<TurnTransport> udp = relay ? Optional.of(TurnTransport.UDP) : Optional.empty();
    return run(topology, controlling, controlled, udp, udp);
  }

  /**
   * As {@link #run(Topology, NatRouter, NatRouter)}; each agent given a TURN transport also gathers
   * a relayed candidate on the topology's coturn over that transport (TLS needs {@link
   * Topology.Builder#turnTls(boolean)}).
   */
  public IceCellOutcome run(
      Topology topology,
      NatRouter controlling,
      NatRouter controlled,
      Optional<TurnTransport> controllingRelay,
      Optional<TurnTransport> controlledRelay)
      throws NetemException {
    Coturn coturn =
        topology
            .coturn()
            .orElseThrow(
                () -> new IllegalArgumentException("the topology was built without stunServer"));
    InetSocketAddress stun = coturn.stunAddress();
    Process a =
        start(controlling.hosts().get(0), "controlling", stun, turn(coturn, controllingRelay));
    Process b;
    try {
      b = start(controlled.hosts().get(0), "controlled", stun, turn(coturn, controlledRelay));
    } catch (NetemException e) {
      a.destroyForcibly();
      throw e;
    }
    try {
      CompletableFuture<JsonNode> resultA = pump(a, b, "controlling");
      CompletableFuture<JsonNode> resultB = pump(b, a, "controlled");
      long limit = checkTimeout.toMillis() + 20_000; // JVM start and gathering on a busy machine
      JsonNode ra = resultA.get(limit, TimeUnit.MILLISECONDS);
      resultB.get(limit, TimeUnit.MILLISECONDS);
      boolean connected = ra.path("result").asText().equals("connected");
      return new IceCellOutcome(
          controlling.spec().nat(),
          controlled.spec().nat(),
          IceReachability.directPathExpected(controlling.spec().nat(), controlled.spec().nat()),
          controllingRelay.isPresent() || controlledRelay.isPresent(),
          connected,
          connected ? Optional.of(ra.path("localType").asText()) : Optional.empty(),
          connected ? Optional.of(ra.path("remoteType").asText()) : Optional.empty(),
          Duration.ofMillis(ra.path("ms").asLong()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetemException("ICE cell interrupted", e);
    } catch (Exception e) {
      throw new NetemException(
          "ICE between "
              + controlling.hosts().get(0).namespace()
              + " and "
              + controlled.hosts().get(0).namespace()
              + " gave no result: "
              + e,
          e);
    } finally {
      stop(a);
      stop(b);
    }
  }

  private static List<String> turn(Coturn coturn, Optional<TurnTransport> transport) {
    if (transport.isEmpty()) {
      return List.of();
    }
    TurnTransport t = transport.get();
    List<String> args = new ArrayList<>(List.of(coturn.username(), coturn.password(), t.name()));
    if (t == TurnTransport.TLS) {
      InetSocketAddress tls =
          coturn
              .tlsAddress()
              .orElseThrow(
                  () -> new IllegalArgumentException("the topology was built without turnTls"));
      args.add(Integer.toString(tls.getPort()));
      args.add(coturn.certificatePem().toString());
    } else {
      args.add(Integer.toString(coturn.stunAddress().getPort()));
    }
    return args;
  }

  private Process start(LanHost host, String role, InetSocketAddress stun, List<String> turn)
      throws NetemException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", host.namespace()));
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
    cmd.add(IceProbe.class.getName());
    cmd.add(role);
    cmd.add(stun.getAddress().getHostAddress());
    cmd.add(Integer.toString(stun.getPort()));
    cmd.add(Long.toString(Math.max(1, checkTimeout.toSeconds())));
    cmd.addAll(turn);
    try {
      return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new NetemException("cannot start the ICE probe in " + host.namespace() + ": " + e, e);
    }
  }

  /** Forwards {@code from}'s signaling lines to {@code to}; completes with its result line. */
  private static CompletableFuture<JsonNode> pump(Process from, Process to, String role) {
    CompletableFuture<JsonNode> result = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(from.getInputStream(), StandardCharsets.UTF_8))) {
                OutputStream out = to.getOutputStream();
                String line;
                while ((line = in.readLine()) != null) {
                  JsonNode j = JSON.readTree(line);
                  if (j.has("result")) {
                    result.complete(j);
                  } else {
                    synchronized (to) {
                      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                      out.flush();
                    }
                  }
                }
                result.completeExceptionally(
                    new IOException("the " + role + " probe ended without a result"));
              } catch (IOException e) {
                result.completeExceptionally(e);
              }
            },
            "ice-matrix-" + role);
    t.setDaemon(true);
    t.start();
    return result;
  }

  private static void stop(Process p) {
    try {
      p.getOutputStream().close(); // the probe exits when its signaling input ends
    } catch (IOException e) {
      // it is gone already
    }
    try {
      if (!p.waitFor(3, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(3, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

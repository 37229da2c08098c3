package org.rtcheck.interop.netem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.rtcheck.stack.nat.MappingLifetime;

/**
 * Classifies every NAT router of a {@link Topology} with the own RFC 5780 discovery, run from the
 * first host of each LAN against the coturn in the internet namespace, and compares the result with
 * what the router was built as. A NAT that does not classify as labelled is a failed check: tests
 * that rely on a NAT type must not run behind a different one.
 */
public final class NatSelfCheck {
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);

  private final int parallelism;

  /**
   * @param parallelism how many discoveries run at once (each is a JVM; the waits dominate)
   */
  public NatSelfCheck(int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
    this.parallelism = parallelism;
  }

  /** Classifies every router; never throws for a mismatch (see {@link #requireAllMatch}). */
  public List<NatClassification> run(Topology topology) throws NetemException {
    InetSocketAddress stun =
        topology
            .stunAddress()
            .orElseThrow(
                () -> new IllegalArgumentException("the topology was built without stunServer"));
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    try {
      List<Future<NatClassification>> futures = new ArrayList<>();
      for (NatRouter r : topology.routers()) {
        futures.add(pool.submit(() -> classify(r, stun)));
      }
      List<NatClassification> results = new ArrayList<>();
      for (Future<NatClassification> f : futures) {
        results.add(f.get());
      }
      return results;
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof NetemException n) {
        throw n;
      }
      throw new NetemException("NAT self-check failed: " + c, c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetemException("NAT self-check interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Throws when any classification differs from its label. */
  public static void requireAllMatch(List<NatClassification> results) throws NetemException {
    List<NatClassification> bad = results.stream().filter(r -> !r.matches()).toList();
    if (!bad.isEmpty()) {
      StringBuilder s = new StringBuilder("NATs that do not classify as labelled:");
      bad.forEach(b -> s.append("\n  ").append(b.router()).append(": ").append(b));
      throw new NetemException(s.toString());
    }
  }

  /**
   * Measures the mapping lifetime behind {@code router} with RFC 5780 §4.6 (waits from {@code
   * first}, doubling up to {@code max}): a bracket {@code [atLeast, lessThan)} around the router's
   * mapping timeout.
   */
  public MappingLifetime measureLifetime(
      NatRouter router, InetSocketAddress stun, Duration first, Duration max)
      throws NetemException {
    JsonNode j =
        probe(
            router.hosts().get(0),
            stun,
            List.of(Long.toString(first.toMillis()), Long.toString(max.toMillis())),
            PROBE_TIMEOUT.plus(max.multipliedBy(6)));
    JsonNode l = j.get("mappingLifetime");
    if (l == null || l.isNull()) {
      throw new NetemException(
          "discovery in " + router.hosts().get(0).namespace() + " measured no lifetime: " + j);
    }
    return new MappingLifetime(
        Duration.ofMillis(l.path("atLeastMs").asLong()),
        l.has("lessThanMs")
            ? Optional.of(Duration.ofMillis(l.get("lessThanMs").asLong()))
            : Optional.empty());
  }

  NatClassification classify(NatRouter router, InetSocketAddress stun) throws NetemException {
    LanHost host = router.hosts().get(0);
    long start = System.nanoTime();
    JsonNode j = probe(host, stun, List.of(), PROBE_TIMEOUT);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    return compare(router, host, j, took);
  }

  private static JsonNode probe(
      LanHost host, InetSocketAddress stun, List<String> extraArgs, Duration timeout)
      throws NetemException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", host.namespace()));
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The probe is short: the quick JIT tier starts faster.
    cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:+UseSerialGC"));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
    cmd.add(NatProbe.class.getName());
    cmd.add(stun.getAddress().getHostAddress());
    cmd.add(Integer.toString(stun.getPort()));
    cmd.addAll(extraArgs);
    String out = new CommandRunner(timeout).run("RFC 5780 discovery from " + host.namespace(), cmd);
    try {
      return new ObjectMapper().readTree(out);
    } catch (IOException e) {
      throw new NetemException(
          "discovery in " + host.namespace() + " printed no JSON: \"" + out.strip() + "\"", e);
    }
  }

  private static NatClassification compare(
      NatRouter router, LanHost host, JsonNode j, Duration took) {
    if (router.spec().firewall() != FirewallProfile.OPEN) {
      return blockedClassification(router, host, j, took);
    }
    return classify(router.spec().nat(), router.namespace(), host.namespace(), j, took);
  }

  /**
   * Compares one {@link NatProbe} output with the NAT it ran behind (no firewall): the same
   * judgement wherever the router runs (a namespace here, a container in the docker environment).
   *
   * @param router the router's name, for the report
   * @param host the name of the host the probe ran on
   * @param j the probe's JSON ({@link org.rtcheck.interop.subject.own.NatBehaviorJson})
   */
  public static NatClassification classify(
      NatSpec expected, String router, String host, JsonNode j, Duration took) {
    Optional<String> mapping = text(j, "mapping");
    Optional<String> filtering = text(j, "filtering");
    Optional<Boolean> hairpinning =
        j.path("hairpinning").isBoolean()
            ? Optional.of(j.get("hairpinning").asBoolean())
            : Optional.empty();
    String natType = j.path("natType").asText("");
    List<String> differences = new ArrayList<>();
    if (!mapping.equals(Optional.of(expected.mapping().label()))) {
      differences.add(
          "mapping " + mapping.orElse("undetermined") + ", built " + expected.mapping().label());
    }
    if (!filtering.equals(Optional.of(expected.filtering().label()))) {
      differences.add(
          "filtering "
              + filtering.orElse("undetermined")
              + ", built "
              + expected.filtering().label());
    }
    if (!natType.equals(expected.expectedType().name().toLowerCase(Locale.ROOT).replace('_', '-'))
        && !natType.equalsIgnoreCase(expected.expectedType().name())) {
      differences.add("type " + natType + ", built " + expected.expectedType().label());
    }
    if (!hairpinning.equals(Optional.of(expected.hairpinning()))) {
      differences.add(
          "hairpinning "
              + hairpinning.map(String::valueOf).orElse("not tested")
              + ", built "
              + expected.hairpinning());
    }
    if (j.path("problems").size() > 0) {
      differences.add("problems " + j.get("problems"));
    }
    return new NatClassification(
        router,
        host,
        expected,
        mapping,
        filtering,
        hairpinning,
        natType,
        text(j, "mappedAddress"),
        took,
        differences.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", differences)));
  }

  /** Behind a firewall that drops UDP, discovery must say exactly that (RFC 5780 §4.3 test I). */
  private static NatClassification blockedClassification(
      NatRouter router, LanHost host, JsonNode j, Duration took) {
    String natType = j.path("natType").asText("");
    return new NatClassification(
        router.namespace(),
        host.namespace(),
        router.spec().nat(),
        text(j, "mapping"),
        text(j, "filtering"),
        Optional.empty(),
        natType,
        text(j, "mappedAddress"),
        took,
        natType.equals("udp-blocked")
            ? Optional.empty()
            : Optional.of(
                "type "
                    + natType
                    + ", built behind firewall "
                    + router.spec().firewall().label()
                    + " (expected udp-blocked)"));
  }

  private static Optional<String> text(JsonNode j, String field) {
    JsonNode n = j.get(field);
    return n == null || n.isNull() ? Optional.empty() : Optional.of(n.asText());
  }
}

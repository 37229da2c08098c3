package org.rtcheck.docker.nat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Volume;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.rtcheck.docker.image.DebianImage;
import org.rtcheck.docker.run.DockerRun;
import org.rtcheck.interop.netem.NatProbe;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.OutputFrame.OutputType;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * The own RFC 5780 client ({@link NatProbe}) run once in a container on a LAN network, routed
 * through a NAT router: Debian's Java 17 ({@code browsers-docker/java}) with this JVM's classpath
 * mounted read-only at the same paths, so the stack that runs is the one under test.
 */
public final class NatProbeContainer {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private NatProbeContainer() {}

  /** The outcome: the probe's JSON and the container's name. */
  public record Result(String host, JsonNode json, Duration took) {}

  /**
   * Runs one discovery against {@code stun} with {@code gateway} as the default route.
   *
   * @throws IOException when the container fails, exits non-zero or prints no JSON (the message
   *     carries its output)
   */
  public static Result run(DockerRun run, Network lan, InetAddress gateway, InetSocketAddress stun)
      throws IOException {
    String image = DebianImage.of("java").resolve();
    String name = run.id() + "-lan-probe-" + Long.toHexString(System.nanoTime() & 0xfffff);
    String cp = System.getProperty("java.class.path");
    String script =
        "ip route replace default via "
            + gateway.getHostAddress()
            + " && exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "
            + cp
            + " "
            + NatProbe.class.getName()
            + " "
            + stun.getAddress().getHostAddress()
            + " "
            + stun.getPort();
    GenericContainer<?> c =
        new GenericContainer<>(DockerImageName.parse(image))
            .withNetwork(lan)
            .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(TIMEOUT))
            .withCreateContainerCmdModifier(
                cmd -> {
                  cmd.withName(name).withEntrypoint("/bin/sh", "-c", script);
                  // Binds set on the engine's own command: Testcontainers' withFileSystemBind
                  // first checks file mounting with a helper image it tries to pull (minutes
                  // lost where no registry answers).
                  cmd.getHostConfig()
                      .withCapAdd(Capability.NET_ADMIN)
                      .withBinds(
                          classpathRoots(cp).stream()
                              .map(p -> new Bind(p, new Volume(p), AccessMode.ro))
                              .toList());
                });
    run.adopt(c);
    long start = System.nanoTime();
    try {
      c.start();
    } catch (RuntimeException e) {
      throw new IOException(
          "NAT probe container "
              + name
              + " failed: "
              + e.getMessage()
              + "; its output:\n"
              + logs(c),
          e);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    String out = c.getLogs(OutputType.STDOUT).strip();
    run.saveLog(c);
    try {
      return new Result(name, new ObjectMapper().readTree(out), took);
    } catch (IOException e) {
      throw new IOException("NAT probe in " + name + " printed no JSON: " + logs(c), e);
    } finally {
      c.stop();
    }
  }

  private static String logs(GenericContainer<?> c) {
    try {
      return c.getLogs();
    } catch (RuntimeException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** The classpath's existing entries, each mounted once. */
  private static Set<String> classpathRoots(String cp) {
    Set<String> roots = new LinkedHashSet<>();
    for (String entry : cp.split(File.pathSeparator)) {
      File f = new File(entry);
      if (!entry.isEmpty() && f.exists()) {
        roots.add(f.getAbsolutePath());
      }
    }
    return roots;
  }
}

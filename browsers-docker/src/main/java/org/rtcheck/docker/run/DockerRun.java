package org.rtcheck.docker.run;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rtcheck.engine.evidence.AllureEvidence;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * Everything one run creates in Docker: containers and networks carry the labels {@link #RUN_LABEL}
 * (this run's id), {@link #PID_LABEL} and {@link #HOST_LABEL}. Ryuk cannot be pulled here, so this
 * class is the cleanup: {@link #close()} removes this run's containers and networks (after saving
 * each container's log as evidence), and {@link #start(Path)} first removes those of runs whose JVM
 * on this host is gone (a crash, a kill -9).
 */
public final class DockerRun implements AutoCloseable {

  public static final String RUN_LABEL = "org.rtcheck.run";
  public static final String PID_LABEL = "org.rtcheck.pid";
  public static final String HOST_LABEL = "org.rtcheck.host";

  private final String id;
  private final Path evidence;
  private final DockerClient client;
  private final List<Network> networks = new ArrayList<>();
  private final List<GenericContainer<?>> containers = new ArrayList<>();
  private final int staleRemoved;
  private boolean closed;

  private DockerRun(String id, Path evidence, DockerClient client, int staleRemoved) {
    this.id = id;
    this.evidence = evidence;
    this.client = client;
    this.staleRemoved = staleRemoved;
  }

  /**
   * Starts a run: removes stale leftovers, then names this run {@code rtcheck-<pid>-<random>}.
   *
   * @param evidence folder for container logs (created when the first log is written)
   */
  public static DockerRun start(Path evidence) {
    DockerClient client = client();
    int stale = removeStale(client);
    byte[] r = new byte[3];
    new SecureRandom().nextBytes(r);
    String id = "rtcheck-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(r);
    return new DockerRun(id, evidence.resolve(id), client, stale);
  }

  /**
   * Testcontainers' Docker client, refused while Ryuk is on: it would try to pull Ryuk's image and
   * hang where no registry is reachable.
   */
  public static DockerClient client() {
    if (!"true".equalsIgnoreCase(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))
        && !"true"
            .equalsIgnoreCase(
                TestcontainersConfiguration.getInstance()
                    .getUserProperty("ryuk.disabled", "false"))) {
      // Testcontainers reads this setting from the environment or ~/.testcontainers.properties
      // only; with Ryuk on it would try to pull its image and hang without a registry.
      throw new IllegalStateException(
          "set TESTCONTAINERS_RYUK_DISABLED=true (no registry to pull Ryuk from; DockerRun cleans"
              + " up instead)");
    }
    return DockerClientFactory.instance().client();
  }

  /** This run's id, the value of {@link #RUN_LABEL}. */
  public String id() {
    return id;
  }

  /** How many stale containers and networks {@link #start(Path)} removed. */
  public int staleRemoved() {
    return staleRemoved;
  }

  /** Where container logs go: one {@code <name>.log} per container. */
  public Path evidenceDirectory() {
    return evidence;
  }

  public DockerClient dockerClient() {
    return client;
  }

  /** The labels every container and network of this run carries. */
  public Map<String, String> labels() {
    Map<String, String> l = new LinkedHashMap<>();
    l.put(RUN_LABEL, id);
    l.put(PID_LABEL, Long.toString(ProcessHandle.current().pid()));
    l.put(HOST_LABEL, hostName());
    return l;
  }

  /**
   * A new bridge network of this run, named {@code <run id>-<name>}; its subnet comes from the
   * engine's address pool. Containers on it reach each other over UDP and TCP on any port.
   */
  public synchronized Network network(String name) {
    checkOpen();
    Network n =
        Network.builder()
            .createNetworkCmdModifier(c -> c.withName(id + "-" + name).withLabels(labels()))
            .build();
    networks.add(n);
    return n;
  }

  /** Labels the container as this run's and stops it (saving its log) at {@link #close()}. */
  public synchronized <T extends GenericContainer<?>> T adopt(T container) {
    checkOpen();
    container.withLabels(labels());
    containers.add(container);
    return container;
  }

  /**
   * Saves the container's log ({@link #saveLog}) and stops it, once: a container this run no longer
   * holds is left alone, so closing twice (or closing the run afterwards) does nothing more.
   *
   * @return whether this call stopped it
   */
  public synchronized boolean retire(GenericContainer<?> container) {
    if (!containers.removeIf(c -> c == container)) {
      return false;
    }
    saveLog(container);
    container.stop();
    return true;
  }

  /**
   * Writes the container's log so far to the evidence folder and attaches it to the Allure result
   * of the test running on this thread, if any ({@link AllureEvidence}); returns the file.
   */
  public Optional<Path> saveLog(GenericContainer<?> container) {
    if (container.getContainerId() == null) {
      return Optional.empty();
    }
    String name = container.getContainerName();
    String file = (name == null ? container.getContainerId() : name).replaceAll("[^\\w.-]", "");
    try {
      Files.createDirectories(evidence);
      Path p = evidence.resolve(file + ".log");
      String log = container.getLogs();
      Files.writeString(p, log, StandardCharsets.UTF_8);
      AllureEvidence.text("docker logs " + file, "text/plain", "log", log);
      return Optional.of(p);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Stops this run's containers (logs saved first), removes its networks, then sweeps labels. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (GenericContainer<?> c : containers) {
      try {
        if (c.isCreated()) {
          saveLog(c);
        }
        c.stop();
      } catch (RuntimeException e) {
        // the label sweep below removes it
      }
    }
    for (Network n : networks) {
      try {
        n.close();
      } catch (RuntimeException e) {
        // the label sweep below removes it
      }
    }
    removeLabelled(client, RUN_LABEL + "=" + id);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("docker run " + id + " is closed");
    }
  }

  /** Removes containers and networks with this run's label; returns how many. */
  private static int removeLabelled(DockerClient client, String label) {
    int removed = 0;
    for (Container c :
        client.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label)).exec()) {
      try {
        client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
        removed++;
      } catch (RuntimeException e) {
        // gone meanwhile
      }
    }
    for (com.github.dockerjava.api.model.Network n :
        client.listNetworksCmd().withFilter("label", List.of(label)).exec()) {
      try {
        client.removeNetworkCmd(n.getId()).exec();
        removed++;
      } catch (RuntimeException e) {
        // gone meanwhile, or still in use by a container another sweep removes
      }
    }
    return removed;
  }

  /** Removes what runs on this host left behind when their JVM is no longer alive. */
  static int removeStale(DockerClient client) {
    String host = hostName();
    List<String> staleRuns = new ArrayList<>();
    for (Container c :
        client.listContainersCmd().withShowAll(true).withLabelFilter(List.of(RUN_LABEL)).exec()) {
      staleRun(c.getLabels(), host).ifPresent(staleRuns::add);
    }
    for (com.github.dockerjava.api.model.Network n :
        client.listNetworksCmd().withFilter("label", List.of(RUN_LABEL)).exec()) {
      staleRun(n.getLabels(), host).ifPresent(staleRuns::add);
    }
    int removed = 0;
    for (String run : staleRuns.stream().distinct().toList()) {
      removed += removeLabelled(client, RUN_LABEL + "=" + run);
    }
    return removed;
  }

  private static Optional<String> staleRun(Map<String, String> labels, String host) {
    if (labels == null || !host.equals(labels.get(HOST_LABEL))) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(labels.getOrDefault(PID_LABEL, ""));
      boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      return alive ? Optional.empty() : Optional.ofNullable(labels.get(RUN_LABEL));
    } catch (NumberFormatException e) {
      return Optional.ofNullable(labels.get(RUN_LABEL));
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  @Override
  public String toString() {
    return "docker run " + id;
  }
}

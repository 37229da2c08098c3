package org.rtcheck.docker.matrix;

import com.github.dockerjava.api.model.Network.Ipam.Config;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import org.rtcheck.docker.run.DockerRun;
import org.testcontainers.containers.Network;

/**
 * The {@link DockerRun} and its one bridge network ({@code <run>-matrix}) that the interop matrix's
 * containers share under {@code rtcheck.env=docker}, so that a browser container reaches every
 * other one and the host's stacks (at the network's gateway) over UDP. Shared by reference count:
 * the first {@link #acquire()} starts it, the last {@link #release()} removes it with its
 * containers, so an engine run that closed its subjects leaves nothing behind.
 */
public final class MatrixRun {

  private static MatrixRun current;
  private static int holders;

  private final DockerRun run;
  private final Network network;
  private final InetAddress gateway;
  private final String bridge;

  private MatrixRun(DockerRun run, Network network, InetAddress gateway, String bridge) {
    this.run = run;
    this.network = network;
    this.gateway = gateway;
    this.bridge = bridge;
  }

  /** The shared run, started when nobody holds it; each call is matched by one {@link #release}. */
  public static synchronized MatrixRun acquire() {
    if (current == null) {
      current = start();
    }
    holders++;
    return current;
  }

  /** Gives back one {@link #acquire()}; the last one removes the run. */
  public static synchronized void release(MatrixRun run) {
    if (run != current || holders == 0) {
      return;
    }
    if (--holders == 0) {
      current = null;
      run.run.close();
    }
  }

  private static MatrixRun start() {
    DockerRun run =
        DockerRun.start(
            Path.of(System.getProperty("rtcheck.docker.evidence", "target/docker-evidence")));
    try {
      Network network = run.network("matrix");
      String id = network.getId();
      com.github.dockerjava.api.model.Network inspected =
          run.dockerClient().inspectNetworkCmd().withNetworkId(id).exec();
      List<Config> configs = inspected.getIpam().getConfig();
      String gateway =
          configs.stream()
              .map(Config::getGateway)
              .filter(g -> g != null && !g.isBlank())
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("network " + id + " has no gateway"));
      // Docker names a user-defined bridge br-<first 12 hex of the network id>.
      return new MatrixRun(
          run, network, InetAddress.getByName(gateway), "br-" + id.substring(0, 12));
    } catch (UnknownHostException | RuntimeException e) {
      run.close();
      throw new IllegalStateException("cannot start the matrix network: " + e.getMessage(), e);
    }
  }

  public DockerRun run() {
    return run;
  }

  public Network network() {
    return network;
  }

  /** The host's address on the network: where containers reach the host's stacks and pages. */
  public InetAddress gateway() {
    return gateway;
  }

  /** The host's interface of the network (for captures). */
  public String bridge() {
    return bridge;
  }
}

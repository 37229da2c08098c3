package org.rtcheck.docker.browser;

import com.github.dockerjava.api.model.ContainerNetwork;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.rtcheck.docker.bidi.BidiConnection;
import org.rtcheck.docker.bidi.BidiPeer;
import org.rtcheck.docker.image.DebianImage;
import org.rtcheck.docker.run.DockerRun;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

/**
 * Firefox ESR (Debian's) as a container of a {@link DockerRun}, built from {@code
 * browsers-docker/firefox}, driven with WebDriver BiDi (no geckodriver in Debian). Its remote agent
 * listens on the container's loopback; socat forwards port 9223 of the container's run address to
 * it, where this JVM connects directly (no port mapping), naming the agent's own address in the
 * Host header (the only one it upgrades). The page is loaded from the agent's own {@code
 * http://127.0.0.1:9222/}, a secure context inside the container.
 */
public final class FirefoxContainer implements AutoCloseable {

  private static final int BIDI_PORT = 9223;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final URI ORIGIN = URI.create("http://127.0.0.1:9222/");
  private static final String AGENT_HOST = "127.0.0.1:9222";

  private final DockerRun run;
  private final GenericContainer<?> container;
  private final Network network;

  private FirefoxContainer(DockerRun run, GenericContainer<?> container, Network network) {
    this.run = run;
    this.container = container;
    this.network = network;
  }

  /**
   * Builds the image if needed (a few minutes the first time) and starts Firefox on {@code
   * network}.
   */
  public static FirefoxContainer start(DockerRun run, Network network) throws IOException {
    String image = DebianImage.of("firefox").resolve();
    GenericContainer<?> c =
        new GenericContainer<>(DockerImageName.parse(image))
            .withNetwork(network)
            .withNetworkAliases("firefox")
            .withSharedMemorySize(256L * 1024 * 1024)
            .withCreateContainerCmdModifier(
                cmd -> cmd.withName(run.id() + "-firefox-" + System.nanoTime() % 100000));
    run.adopt(c);
    c.start();
    return new FirefoxContainer(run, c, network);
  }

  /** The BiDi WebSocket URL as this JVM reaches it (the container's run address). */
  public URI bidiUrl() throws IOException {
    return URI.create(
        "ws://"
            + address().orElseThrow(() -> new IOException("firefox container has no address"))
            + ":"
            + BIDI_PORT
            + "/session");
  }

  /**
   * The Host header Firefox's agent requires on the WebSocket upgrade ({@code 127.0.0.1:9222}, its
   * own address inside the container), whatever address the client connects to.
   */
  public static String agentHost() {
    return AGENT_HOST;
  }

  /** The page origin inside the container that is a secure context ({@code 127.0.0.1:9222}). */
  public static URI secureOrigin() {
    return ORIGIN;
  }

  /**
   * Waits until Firefox's BiDi agent accepts a WebSocket (its start takes seconds), then lets the
   * connection go, for a client of its own (the browser shim).
   *
   * @throws IOException when the container exited or the agent did not answer within 60 s
   */
  public void awaitAgent() throws IOException {
    connect().close();
  }

  /**
   * A browser peer in this container, ready for interop/shims/README.md operations: retries the
   * connection until Firefox's agent answers (its start takes seconds) or 60 s pass.
   */
  public BidiPeer open() throws IOException {
    BidiConnection bidi = connect();
    try {
      return BidiPeer.open(bidi, ORIGIN);
    } catch (IOException | RuntimeException e) {
      bidi.close();
      throw e;
    }
  }

  /** A BiDi connection to the agent, retried until it answers or the start timeout passes. */
  private BidiConnection connect() throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      if (!container.isRunning()) {
        throw new IOException("firefox container exited:\n" + logs());
      }
      try {
        return BidiConnection.open(bidiUrl(), AGENT_HOST, Duration.ofSeconds(5));
      } catch (IOException e) {
        last = e;
        sleep();
      }
    }
    throw new IOException(
        "Firefox's BiDi agent did not answer within "
            + START_TIMEOUT.toSeconds()
            + " s ("
            + last
            + "); its log:\n"
            + logs());
  }

  private static void sleep() throws IOException {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for Firefox", e);
    }
  }

  /** The container's address on its run network (where its ICE host candidates come from). */
  public Optional<String> address() {
    for (ContainerNetwork n :
        container.getCurrentContainerInfo().getNetworkSettings().getNetworks().values()) {
      if (network.getId().equals(n.getNetworkID())) {
        return Optional.ofNullable(n.getIpAddress());
      }
    }
    return Optional.empty();
  }

  /** Firefox's and socat's output so far. */
  public String logs() {
    return container.getLogs();
  }

  @Override
  public void close() {
    run.retire(container);
  }
}

package org.rtcheck.docker.browser;

import com.github.dockerjava.api.model.ContainerNetwork;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Optional;
import org.rtcheck.docker.image.DebianImage;
import org.rtcheck.docker.run.DockerRun;
import org.rtcheck.docker.webdriver.WebDriverPeer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Chromium and chromedriver (Debian's) as a container of a {@link DockerRun}, built from {@code
 * browsers-docker/chromium}, on a network of the run so its WebRTC traffic stays between
 * containers. The harness reaches chromedriver through a TCP port Testcontainers publishes on the
 * host; the page is loaded from chromedriver's own {@code http://localhost:9515}, a secure context
 * inside the container.
 */
public final class ChromiumContainer implements AutoCloseable {

  private static final int WEBDRIVER_PORT = 9515;
  private static final String CHROMIUM = "/usr/bin/chromium";

  private final DockerRun run;
  private final GenericContainer<?> container;
  private final Network network;

  private ChromiumContainer(DockerRun run, GenericContainer<?> container, Network network) {
    this.run = run;
    this.container = container;
    this.network = network;
  }

  /**
   * Builds the image if needed (a few minutes the first time) and starts chromedriver on {@code
   * network}.
   */
  public static ChromiumContainer start(DockerRun run, Network network) throws IOException {
    String image = DebianImage.of("chromium").resolve();
    GenericContainer<?> c =
        new GenericContainer<>(DockerImageName.parse(image))
            .withNetwork(network)
            .withNetworkAliases("chromium")
            .withExposedPorts(WEBDRIVER_PORT)
            .withSharedMemorySize(256L * 1024 * 1024)
            .waitingFor(
                Wait.forHttp("/status")
                    .forPort(WEBDRIVER_PORT)
                    .withStartupTimeout(Duration.ofSeconds(60)))
            .withCreateContainerCmdModifier(
                cmd -> cmd.withName(run.id() + "-chromium-" + System.nanoTime() % 100000));
    run.adopt(c);
    c.start();
    return new ChromiumContainer(run, c, network);
  }

  /** chromedriver's URL as this JVM reaches it (the published port on the host). */
  public URL webDriverUrl() {
    try {
      return new URL("http", container.getHost(), container.getMappedPort(WEBDRIVER_PORT), "/");
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A browser peer in this container, ready for interop/shims/README.md operations. */
  public WebDriverPeer open() throws IOException {
    return WebDriverPeer.chromium(
        webDriverUrl(), URI.create("http://localhost:" + WEBDRIVER_PORT + "/status"), CHROMIUM);
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

  /** chromedriver's and Chromium's output so far. */
  public String logs() {
    return container.getLogs();
  }

  @Override
  public void close() {
    run.retire(container);
  }
}

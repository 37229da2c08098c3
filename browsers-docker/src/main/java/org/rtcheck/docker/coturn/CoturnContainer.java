package org.rtcheck.docker.coturn;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rtcheck.docker.image.DebianImage;
import org.rtcheck.docker.run.DockerRun;
import org.rtcheck.interop.fixture.TurnServer;
import org.rtcheck.interop.fixture.TurnServerSpec;
import org.rtcheck.stack.dtls.DtlsCertificate;
import org.rtcheck.stack.net.StunBindingClient;
import org.rtcheck.stack.net.StunBindingException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * coturn as a container of a {@link DockerRun}, built from {@code browsers-docker/coturn}: attached
 * to two networks of the run so that it listens on two addresses, 3478 on the first and 3479 on the
 * second, which gives RFC 5780 OTHER-ADDRESS (§7.4) and CHANGE-REQUEST (§7.2) like the host {@code
 * Coturn} fixture on 127.0.0.1 and 127.0.0.2. This JVM reaches it at the container's addresses
 * (Testcontainers maps no UDP port); other containers of the run reach it there too.
 */
public final class CoturnContainer implements TurnServer {

  private static final int PORT = 3478;
  private static final int TLS_PORT = 5349;
  private static final String CERTIFICATE = "/etc/rtcheck/turn-cert.pem";
  private static final String KEY = "/etc/rtcheck/turn-key.pem";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
  private static final Pattern VERSION = Pattern.compile("Coturn-([0-9][0-9A-Za-z.\\-]*)");

  private final DockerRun run;
  private final GenericContainer<?> container;
  private final InetSocketAddress stunAddress;
  private final InetSocketAddress otherAddress;
  private final Optional<InetSocketAddress> tlsAddress;
  private final Optional<Path> certificate;
  private final InetAddress gateway;
  private final String username;
  private final String password;
  private final String realm;

  private CoturnContainer(
      DockerRun run,
      GenericContainer<?> container,
      InetSocketAddress stunAddress,
      InetSocketAddress otherAddress,
      Optional<InetSocketAddress> tlsAddress,
      Optional<Path> certificate,
      InetAddress gateway,
      String username,
      String password,
      String realm) {
    this.run = run;
    this.container = container;
    this.stunAddress = stunAddress;
    this.otherAddress = otherAddress;
    this.tlsAddress = tlsAddress;
    this.certificate = certificate;
    this.gateway = gateway;
    this.username = username;
    this.password = password;
    this.realm = realm;
  }

  /** Starts coturn with the host fixture's default credentials (rtcheck / rtcheck-secret). */
  public static CoturnContainer start(DockerRun run) throws IOException {
    return start(run, TurnServerSpec.defaults());
  }

  /** Starts coturn as {@code spec} asks (RFC 5780 always: it sits on two networks). */
  public static CoturnContainer start(DockerRun run, TurnServerSpec spec) throws IOException {
    return start(run, spec, "rtcheck", "rtcheck-secret", "rtcheck.test");
  }

  /**
   * Builds the image if needed, starts the container and waits until it answers a STUN Binding
   * request on its first address.
   *
   * @throws IOException when the image cannot be built or coturn does not answer within 20 s (the
   *     message carries its log)
   */
  public static CoturnContainer start(
      DockerRun run, TurnServerSpec spec, String username, String password, String realm)
      throws IOException {
    return start(
        run,
        spec,
        username,
        password,
        realm,
        run.network("stun-a"),
        Optional.of(run.network("stun-b")));
  }

  /**
   * Starts coturn on one network with two addresses there (Docker's and a second one it adds with
   * NET_ADMIN, the 200th of the subnet), so that a NAT router on that network reaches both: RFC
   * 5780 discovery from behind it (§4.3, §4.4) needs OTHER-ADDRESS routable the same way.
   */
  public static CoturnContainer startWithTwoAddresses(
      DockerRun run, Network network, TurnServerSpec spec) throws IOException {
    return start(run, spec, "rtcheck", "rtcheck-secret", "rtcheck.test", network, Optional.empty());
  }

  private static CoturnContainer start(
      DockerRun run,
      TurnServerSpec spec,
      String username,
      String password,
      String realm,
      Network primary,
      Optional<Network> secondary)
      throws IOException {
    for (String v : new String[] {username, password, realm}) {
      if (!v.matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException(
            "coturn credential \"" + v + "\" must be [A-Za-z0-9._-]+");
      }
    }
    String image = DebianImage.of("coturn").resolve();
    Optional<String> alias =
        secondary.isPresent() ? Optional.empty() : Optional.of(secondAddress(run, primary));
    // The two addresses are known only once both networks are attached: the shell reads them,
    // sorted as text, and this JVM sorts them the same way to know which one is first.
    String script =
        alias.map(a -> "ip addr add " + a + " dev eth0 && ").orElse("")
            + "set -- $(hostname -I | tr ' ' '\\n' | grep -F . | sort -u); exec turnserver -n --no-cli --simple-log --log-file=stdout"
            + " --listening-port="
            + PORT
            + " --alt-listening-port="
            + (PORT + 1)
            + " --listening-ip=$1 --listening-ip=$2 --relay-ip=$1"
            + " --lt-cred-mech --user="
            + username
            + ":"
            + password
            + " --realm="
            + realm
            + (spec.tls()
                ? " --tls-listening-port=" + TLS_PORT + " --cert=" + CERTIFICATE + " --pkey=" + KEY
                : " --no-tls")
            + (spec.staleNonce().isZero()
                ? ""
                : " --stale-nonce=" + Math.max(1, spec.staleNonce().toSeconds()))
            + " --no-dtls --fingerprint --allow-loopback-peers";
    // The client trusts this self-signed certificate from a host file (RFC 8656 §3.1 TLS); the
    // container gets a copy.
    Optional<Path> certificate = Optional.empty();
    if (spec.tls()) {
      Path dir = Files.createTempDirectory("rtcheck-coturn-container-");
      dir.toFile().deleteOnExit();
      Path cert = dir.resolve("turn-cert.pem");
      Path key = dir.resolve("turn-key.pem");
      DtlsCertificate.generateEcdsa().writePem(cert, key);
      cert.toFile().deleteOnExit();
      key.toFile().deleteOnExit();
      certificate = Optional.of(cert);
    }
    GenericContainer<?> c =
        new SecondNetworkContainer(DockerImageName.parse(image), secondary.orElse(null))
            .withNetwork(primary)
            .withNetworkAliases("coturn")
            .withCreateContainerCmdModifier(
                cmd -> {
                  if (alias.isPresent()) {
                    cmd.getHostConfig().withCapAdd(Capability.NET_ADMIN);
                  }
                  cmd.withName(
                          run.id() + "-coturn-" + Long.toHexString(System.nanoTime() & 0xfffff))
                      .withEntrypoint("/bin/sh", "-c", script);
                });
    if (certificate.isPresent()) {
      Path cert = certificate.get();
      c.withCopyToContainer(Transferable.of(Files.readAllBytes(cert), 0644), CERTIFICATE)
          .withCopyToContainer(
              Transferable.of(Files.readAllBytes(cert.resolveSibling("turn-key.pem")), 0644), KEY);
    }
    run.adopt(c);
    c.start();
    List<String> ips =
        java.util.stream.Stream.of(
                address(c, primary).getHostAddress(),
                alias.isPresent()
                    ? alias.get().substring(0, alias.get().indexOf('/'))
                    : address(c, secondary.get()).getHostAddress())
            .sorted()
            .toList();
    InetAddress a = InetAddress.getByName(ips.get(0));
    InetAddress b = InetAddress.getByName(ips.get(1));
    CoturnContainer coturn =
        new CoturnContainer(
            run,
            c,
            new InetSocketAddress(a, PORT),
            new InetSocketAddress(b, PORT + 1),
            spec.tls() ? Optional.of(new InetSocketAddress(a, TLS_PORT)) : Optional.empty(),
            certificate,
            gateway(c, a),
            username,
            password,
            realm);
    coturn.awaitReady();
    return coturn;
  }

  /** Connects the container to a second network between create and start. */
  private static final class SecondNetworkContainer
      extends GenericContainer<SecondNetworkContainer> {
    private final Network second;

    SecondNetworkContainer(DockerImageName image, Network second) {
      super(image);
      this.second = second;
    }

    @Override
    protected void containerIsCreated(String containerId) {
      if (second == null) {
        return;
      }
      getDockerClient()
          .connectToNetworkCmd()
          .withNetworkId(second.getId())
          .withContainerId(containerId)
          .exec();
    }
  }

  /**
   * The 200th address of the network's IPv4 subnet, with its prefix length: {@code a.b.c.200/24}.
   */
  private static String secondAddress(DockerRun run, Network n) throws IOException {
    com.github.dockerjava.api.model.Network info =
        run.dockerClient().inspectNetworkCmd().withNetworkId(n.getId()).exec();
    for (com.github.dockerjava.api.model.Network.Ipam.Config c : info.getIpam().getConfig()) {
      String subnet = c.getSubnet();
      if (subnet != null && subnet.contains(".") && subnet.contains("/")) {
        int prefix = Integer.parseInt(subnet.substring(subnet.indexOf('/') + 1));
        if (prefix > 24) {
          throw new IOException("network " + n.getId() + " subnet " + subnet + " is too small");
        }
        byte[] base = InetAddress.getByName(subnet.substring(0, subnet.indexOf('/'))).getAddress();
        base[3] = (byte) 200;
        return InetAddress.getByAddress(base).getHostAddress() + "/" + prefix;
      }
    }
    throw new IOException("network " + n.getId() + " has no IPv4 subnet");
  }

  private static InetAddress address(GenericContainer<?> c, Network n) throws IOException {
    InspectContainerResponse info = c.getCurrentContainerInfo();
    Map<String, ContainerNetwork> nets = info.getNetworkSettings().getNetworks();
    for (ContainerNetwork cn : nets.values()) {
      if (n.getId().equals(cn.getNetworkID())) {
        return InetAddress.getByName(cn.getIpAddress());
      }
    }
    throw new IOException("container " + c.getContainerId() + " is not on network " + n.getId());
  }

  /** The host's address on the network where the container has {@code address}. */
  private static InetAddress gateway(GenericContainer<?> c, InetAddress address)
      throws IOException {
    for (ContainerNetwork cn :
        c.getCurrentContainerInfo().getNetworkSettings().getNetworks().values()) {
      if (address.getHostAddress().equals(cn.getIpAddress()) && cn.getGateway() != null) {
        return InetAddress.getByName(cn.getGateway());
      }
    }
    // The address is the one coturn added itself (no network lists it): its network's gateway.
    for (ContainerNetwork cn :
        c.getCurrentContainerInfo().getNetworkSettings().getNetworks().values()) {
      if (cn.getGateway() != null && !cn.getGateway().isEmpty()) {
        return InetAddress.getByName(cn.getGateway());
      }
    }
    throw new IOException("no gateway for " + address + " in container " + c.getContainerId());
  }

  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String last = "no Binding request sent";
    try (StunBindingClient client = StunBindingClient.open()) {
      while (System.nanoTime() < deadline) {
        if (!container.isRunning()) {
          throw new IOException("coturn container exited before answering STUN:\n" + logs());
        }
        try {
          Objects.requireNonNull(client.bind(stunAddress, Duration.ofMillis(300)).get());
          return;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof StunBindingException) {
            return; // an error response still proves coturn is listening
          }
          last = String.valueOf(e.getCause());
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the coturn container", e);
    }
    throw new IOException(
        "coturn container did not answer STUN on "
            + stunAddress
            + " within "
            + READY_TIMEOUT.toSeconds()
            + " s (last: "
            + last
            + "); its log:\n"
            + logs());
  }

  /** The container's output so far (coturn logs to stdout). */
  public String logs() {
    return container.getLogs();
  }

  public String containerId() {
    return container.getContainerId();
  }

  @Override
  public InetSocketAddress stunAddress() {
    return stunAddress;
  }

  @Override
  public Optional<InetSocketAddress> otherAddress() {
    return Optional.of(otherAddress);
  }

  @Override
  public Optional<InetSocketAddress> tlsAddress() {
    return tlsAddress;
  }

  @Override
  public Optional<Path> certificate() {
    return certificate;
  }

  /** The host's address on the container's first network: the container reaches it. */
  @Override
  public InetAddress peerAddress() {
    return gateway;
  }

  @Override
  public boolean running() {
    return container.isRunning();
  }

  @Override
  public String username() {
    return username;
  }

  @Override
  public String password() {
    return password;
  }

  @Override
  public String realm() {
    return realm;
  }

  /** From the {@code Coturn-x.y.z} banner of its log. */
  @Override
  public String version() {
    Matcher m = VERSION.matcher(logs());
    return m.find() ? m.group(1) : "unknown";
  }

  /** Saves the log to the run's evidence and removes the container. Idempotent. */
  @Override
  public void close() {
    if (!run.retire(container)) {
      return;
    }
    certificate.ifPresent(
        p -> {
          try {
            Files.deleteIfExists(p.resolveSibling("turn-key.pem"));
            Files.deleteIfExists(p);
            Files.deleteIfExists(p.getParent());
          } catch (IOException e) {
            // deleteOnExit removes them
          }
        });
  }

  @Override
  public String toString() {
    return "coturn container " + container.getContainerId() + " on " + stunAddress;
  }
}

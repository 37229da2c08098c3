package org.rtcheck.docker.nat;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Map;
import org.rtcheck.docker.image.DebianImage;
import org.rtcheck.docker.run.DockerRun;
import org.rtcheck.interop.netem.FirewallProfile;
import org.rtcheck.interop.netem.NatRuleset;
import org.rtcheck.interop.netem.NatSpec;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * A NAT router as a container of a {@link DockerRun} ({@code browsers-docker/nat-router},
 * NET_ADMIN, forwarding on) between a LAN network and an internet network of the run. Its two
 * interfaces are renamed {@code lan} and {@code wan} so that the rules {@link NatRuleset} writes
 * for a router namespace (RFC 4787 mapping × filtering) load unchanged with {@code nft -f}.
 */
public final class NatRouterContainer implements AutoCloseable {

  private static final String RULES = "/etc/rtcheck-nat.nft";

  private final DockerRun run;
  private final GenericContainer<?> container;
  private final NatSpec spec;
  private final InetAddress lanAddress;
  private final Inet4Address wanAddress;

  private NatRouterContainer(
      DockerRun run,
      GenericContainer<?> container,
      NatSpec spec,
      InetAddress lanAddress,
      Inet4Address wanAddress) {
    this.run = run;
    this.container = container;
    this.spec = spec;
    this.lanAddress = lanAddress;
    this.wanAddress = wanAddress;
  }

  /**
   * Starts the router on both networks, renames its interfaces and loads the rules of {@code nat}.
   *
   * @throws IOException when the image cannot be built or a command in the container fails (the
   *     message carries its output)
   */
  public static NatRouterContainer start(DockerRun run, NatSpec nat, Network lan, Network internet)
      throws IOException {
    String image = DebianImage.of("nat-router").resolve();
    GenericContainer<?> c =
        new GenericContainer<>(DockerImageName.parse(image))
            .withNetwork(lan)
            .withCreateContainerCmdModifier(
                cmd -> {
                  cmd.withName(
                      run.id()
                          + "-nat-"
                          + nat.label()
                              .toLowerCase(java.util.Locale.ROOT)
                              .replaceAll("[^a-z0-9]", ""));
                  cmd.getHostConfig()
                      .withCapAdd(Capability.NET_ADMIN)
                      .withSysctls(Map.of("net.ipv4.ip_forward", "1"));
                });
    run.adopt(c);
    c.start();
    run.dockerClient()
        .connectToNetworkCmd()
        .withNetworkId(internet.getId())
        .withContainerId(c.getContainerId())
        .exec();
    InetAddress lanIp = address(c, lan);
    InetAddress wanIp = address(c, internet);
    if (!(wanIp instanceof Inet4Address wan4)) {
      throw new IOException("router's internet address " + wanIp + " is not IPv4");
    }
    rename(c, lanIp, "lan");
    rename(c, wanIp, "wan");
    String rules = new NatRuleset(nat, wan4, FirewallProfile.OPEN, 0).render();
    c.copyFileToContainer(Transferable.of(rules), RULES);
    exec(c, "nft", "-f", RULES);
    return new NatRouterContainer(run, c, nat, lanIp, wan4);
  }

  /** Renames the interface that carries {@code address}, keeping its address and routes. */
  private static void rename(GenericContainer<?> c, InetAddress address, String name)
      throws IOException {
    String ifname =
        exec(
                c,
                "sh",
                "-c",
                "ip -o -4 addr show | awk '$4 ~ /^"
                    + address.getHostAddress().replace(".", "\\.")
                    + "\\// {print $2}'")
            .strip();
    if (ifname.isEmpty()) {
      throw new IOException("no interface with " + address.getHostAddress() + " in the router");
    }
    // Taking the link down drops its routes; the connected route comes back with the address.
    exec(
        c,
        "sh",
        "-c",
        "ip link set dev "
            + ifname
            + " down && ip link set dev "
            + ifname
            + " name "
            + name
            + " && ip link set dev "
            + name
            + " up");
  }

  static String exec(GenericContainer<?> c, String... command) throws IOException {
    try {
      ExecResult r = c.execInContainer(command);
      if (r.getExitCode() != 0) {
        throw new IOException(
            String.join(" ", command)
                + " exited "
                + r.getExitCode()
                + " in "
                + c.getContainerName()
                + ": "
                + r.getStderr().strip()
                + r.getStdout().strip());
      }
      return r.getStdout();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running " + String.join(" ", command), e);
    }
  }

  static InetAddress address(GenericContainer<?> c, Network n) throws IOException {
    for (ContainerNetwork cn :
        c.getDockerClient()
            .inspectContainerCmd(c.getContainerId())
            .exec()
            .getNetworkSettings()
            .getNetworks()
            .values()) {
      if (n.getId().equals(cn.getNetworkID())) {
        return InetAddress.getByName(cn.getIpAddress());
      }
    }
    throw new IOException("container " + c.getContainerId() + " is not on network " + n.getId());
  }

  public NatSpec spec() {
    return spec;
  }

  /** The router's address on the LAN: its hosts' default gateway. */
  public InetAddress lanAddress() {
    return lanAddress;
  }

  /** The router's public address on the internet network. */
  public Inet4Address wanAddress() {
    return wanAddress;
  }

  /** The loaded rules and counters ({@code nft list ruleset}), for evidence. */
  public String ruleset() {
    try {
      return exec(container, "nft", "list", "ruleset");
    } catch (IOException e) {
      return "nft list ruleset failed: " + e.getMessage();
    }
  }

  public String name() {
    return container.getContainerName().replaceFirst("^/", "");
  }

  @Override
  public void close() {
    run.retire(container);
  }
}

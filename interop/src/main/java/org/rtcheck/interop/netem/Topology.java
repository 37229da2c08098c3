package org.rtcheck.interop.netem;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.rtcheck.interop.fixture.Coturn;

/**
 * An emulated network built from network namespaces: an "internet" namespace with addresses from
 * 198.18.0.0/15 (RFC 2544's benchmarking range, never routed on the real internet), and NAT routers
 * between it and one LAN each ({@code 10.0.N.0/24}) with hosts in it. The host's own namespace gets
 * no interface and no route into any of it.
 *
 * <pre>
 *  [PREFIXnat1h1] 10.0.1.10 ─┐                                 ┌─ br0 198.18.0.1, .0.2
 *  [PREFIXnat1h2] 10.0.1.11 ─┴─ [PREFIXnat1sw] ─ lan [PREFIXnat1] wan ─┤   (STUN) [PREFIXinet]
 *                                   10.0.1.1          198.18.1.1        │
 *  [PREFIXnat2h1] 10.0.2.10 ─── [PREFIXnat2sw] ─ lan [PREFIXnat2] wan ─┘
 * </pre>
 *
 * <p>Everything is named with a {@link RunPrefix} and recorded in a {@link RunRecord} before it is
 * created; {@link #close()} removes it all and checks that no namespace with the prefix is left.
 * {@link Builder#build()} first reaps runs whose owner died.
 */
public final class Topology implements AutoCloseable {
  /** The internet namespace's two addresses: STUN primary and RFC 5780 alternate. */
  public static final String STUN_PRIMARY = "198.18.0.1";

  public static final String STUN_SECONDARY = "198.18.0.2";
  private static final int INTERNET_PREFIX_LENGTH = 15;
  private static final int LAN_PREFIX_LENGTH = 24;
  private static final int MAX_ROUTERS = 200;

  private final String prefix;
  private final RunRecord record;
  private final Reaper reaper;
  private final List<NatRouter> routers = new ArrayList<>();
  private final List<ForwardDelay> delays = new ArrayList<>();
  private Optional<Coturn> coturn = Optional.empty();
  private boolean closed;

  private Topology(String prefix, RunRecord record, Reaper reaper) {
    this.prefix = prefix;
    this.record = record;
    this.reaper = reaper;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** What to build. */
  public static final class Builder {
    private final List<RouterSpec> routers = new ArrayList<>();
    private String prefix;
    private boolean detached;
    private boolean stunServer;
    private boolean turnTls;
    private Path root = RunRecord.ROOT;
    private CommandRunner commands = new CommandRunner();

    public Builder prefix(String prefix) {
      this.prefix = RunPrefix.requireValid(prefix);
      return this;
    }

    public Builder router(RouterSpec spec) {
      routers.add(Objects.requireNonNull(spec));
      return this;
    }

    public Builder router(NatSpec nat) {
      return router(RouterSpec.of(nat));
    }

    /** Starts coturn in the internet namespace on both addresses, RFC 5780 enabled. */
    public Builder stunServer(boolean on) {
      this.stunServer = on;
      return this;
    }

    /** With {@link #stunServer(boolean)}: coturn also takes TURN over TLS on 198.18.0.1:443. */
    public Builder turnTls(boolean on) {
      this.turnTls = on;
      return this;
    }

    /**
     * Lets the network outlive this process ({@code rtcheck net up}); only {@code rtcheck net down}
     * (or {@link Reaper#remove(String)}) removes it.
     */
    public Builder detached(boolean on) {
      this.detached = on;
      return this;
    }

    /** Where the run is recorded (tests); default {@link RunRecord#ROOT}. */
    public Builder recordRoot(Path root) {
      this.root = Objects.requireNonNull(root);
      return this;
    }

    /**
     * Builds it. On any failure everything already created is removed before the exception leaves.
     *
     * @throws NetemException naming the step, namespace and command that failed
     * @throws UnsupportedImpairmentException when an impairment needs what the kernel lacks
     */
    public Topology build() throws NetemException {
      if (routers.isEmpty()) {
        throw new IllegalArgumentException("a topology needs at least one NAT router");
      }
      if (routers.size() > MAX_ROUTERS) {
        throw new IllegalArgumentException("at most " + MAX_ROUTERS + " NAT routers");
      }
      NetemSupport.unavailableReason()
          .ifPresent(
              r -> {
                throw new IllegalStateException(r);
              });
      Reaper reaper = new Reaper(root, commands);
      reaper.reapOrphans();
      String p = prefix != null ? prefix : RunPrefix.next();
      RunRecord record = RunRecord.create(root, p, detached);
      Topology t = new Topology(p, record, reaper);
      try {
        t.create(commands, routers, stunServer, turnTls, detached);
        record.writeTopology(t.toJson());
        return t;
      } catch (NetemException | RuntimeException | Error e) {
        t.closeQuietly(e);
        throw e;
      }
    }
  }

  private void create(
      CommandRunner commands,
      List<RouterSpec> specs,
      boolean stunServer,
      boolean turnTls,
      boolean detached)
      throws NetemException {
    String inet = internetNamespace();
    addNamespace(commands, inet);
    ip(commands, inet, "link", "add", "br0", "type", "bridge");
    ip(commands, inet, "addr", "add", STUN_PRIMARY + "/" + INTERNET_PREFIX_LENGTH, "dev", "br0");
    ip(commands, inet, "addr", "add", STUN_SECONDARY + "/" + INTERNET_PREFIX_LENGTH, "dev", "br0");
    ip(commands, inet, "link", "set", "br0", "up");
    // The rest of the internet: a default route into a veth whose far end has no address, so a
    // relay sending to a peer's private host candidate (RFC 8445 §6.1.2.2 pairs every candidate)
    // sees its datagram vanish as on the real internet instead of ENETUNREACH, on which coturn
    // ends the whole allocation. No ARP: nothing would answer, and a failed resolution errors too.
    ip(commands, inet, "link", "add", "void", "type", "veth", "peer", "name", "void0");
    ip(commands, inet, "link", "set", "void", "arp", "off", "up");
    ip(commands, inet, "link", "set", "void0", "up");
    ip(commands, inet, "route", "add", "default", "dev", "void");

    int index = 1;
    for (RouterSpec spec : specs) {
      routers.add(createRouter(commands, index++, spec));
    }
    if (stunServer) {
      try {
        Coturn c =
            Coturn.start(
                Coturn.Options.defaults()
                    .rfc5780(true)
                    .tls(turnTls)
                    .inNamespace(inet, address(STUN_PRIMARY), address(STUN_SECONDARY)));
        if (detached) {
          c.detach();
          record.addPath(c.directory());
        }
        coturn = Optional.of(c);
      } catch (IOException e) {
        throw new NetemException("cannot start coturn in " + inet + ": " + e.getMessage(), e);
      }
    }
  }

  private NatRouter createRouter(CommandRunner commands, int index, RouterSpec spec)
      throws NetemException {
    String inet = internetNamespace();
    String router = prefix + "nat" + index;
    Inet4Address wan = address("198.18." + index + ".1");
    Inet4Address gateway = address("10.0." + index + ".1");
    addNamespace(commands, router);
    String uplink = "n" + index;
    ip(
        commands, router, "link", "add", "wan", "type", "veth", "peer", "name", uplink, "netns",
        inet);
    ip(commands, inet, "link", "set", uplink, "master", "br0", "up");
    ip(
        commands,
        router,
        "addr",
        "add",
        wan.getHostAddress() + "/" + INTERNET_PREFIX_LENGTH,
        "dev",
        "wan");
    ip(commands, router, "link", "set", "wan", "up");
    // The LAN switch is a bridge in a namespace of its own: with the bridge itself as the
    // router's LAN interface, the kernel drops hairpinned datagrams (routed back out of the
    // bridge they came in on), while a plain veth to a switch forwards them.
    String lanSwitch = router + "sw";
    addNamespace(commands, lanSwitch);
    ip(commands, lanSwitch, "link", "add", "br0", "type", "bridge");
    ip(commands, lanSwitch, "link", "set", "br0", "up");
    ip(
        commands, router, "link", "add", "lan", "type", "veth", "peer", "name", "uplink", "netns",
        lanSwitch);
    ip(commands, lanSwitch, "link", "set", "uplink", "master", "br0", "up");
    ip(
        commands,
        router,
        "addr",
        "add",
        gateway.getHostAddress() + "/" + LAN_PREFIX_LENGTH,
        "dev",
        "lan");
    ip(commands, router, "link", "set", "lan", "up");

    List<LanHost> hosts = new ArrayList<>();
    for (int h = 1; h <= spec.hosts(); h++) {
      String host = router + "h" + h;
      Inet4Address a = address("10.0." + index + "." + (9 + h));
      addNamespace(commands, host);
      ip(
          commands, lanSwitch, "link", "add", "h" + h, "type", "veth", "peer", "name", "eth0",
          "netns", host);
      ip(commands, lanSwitch, "link", "set", "h" + h, "master", "br0", "up");
      ip(
          commands,
          host,
          "addr",
          "add",
          a.getHostAddress() + "/" + LAN_PREFIX_LENGTH,
          "dev",
          "eth0");
      ip(commands, host, "link", "set", "eth0", "up");
      ip(commands, host, "route", "add", "default", "via", gateway.getHostAddress());
      hosts.add(new LanHost(host, a));
    }

    NatRuleset rules =
        new NatRuleset(spec.nat(), wan, spec.firewall(), spec.impairment().lossPercent());
    commands.run(
        "load the NAT ruleset into " + router,
        List.of("ip", "netns", "exec", router, "nft", "-f", "-"),
        Optional.of(rules.render()));
    long timeout = spec.nat().mappingTimeout().toSeconds();
    sysctl(commands, router, "net.ipv4.ip_forward", "1");
    // RFC 4787 §4.3: conntrack's idle timers are the kernel side of the mapping timeout.
    sysctl(commands, router, "net.netfilter.nf_conntrack_udp_timeout", Long.toString(timeout));
    sysctl(
        commands, router, "net.netfilter.nf_conntrack_udp_timeout_stream", Long.toString(timeout));
    new LinkShaper(commands)
        .apply(router, List.of("wan", "lan"), spec.impairment())
        .ifPresent(delays::add);
    return new NatRouter(index, router, wan, gateway, LAN_PREFIX_LENGTH, spec, hosts);
  }

  private void addNamespace(CommandRunner commands, String ns) throws NetemException {
    record.addNamespace(ns);
    commands.run("create namespace " + ns, List.of("ip", "netns", "add", ns));
    ip(commands, ns, "link", "set", "lo", "up");
  }

  private static void ip(CommandRunner commands, String ns, String... args) throws NetemException {
    List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
    cmd.addAll(List.of(args));
    commands.run("in " + ns, cmd);
  }

  private static void sysctl(CommandRunner commands, String ns, String key, String value)
      throws NetemException {
    commands.run(
        "set " + key + " in " + ns,
        List.of("ip", "netns", "exec", ns, "sysctl", "-q", "-w", key + "=" + value));
  }

  static Inet4Address address(String dotted) {
    try {
      return (Inet4Address) InetAddress.getByName(dotted);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(dotted, e);
    }
  }

  public String prefix() {
    return prefix;
  }

  public String internetNamespace() {
    return prefix + "inet";
  }

  public List<NatRouter> routers() {
    return List.copyOf(routers);
  }

  public NatRouter router(int index) {
    return routers.get(index - 1);
  }

  /** The STUN server's primary address in the internet namespace, when one was started. */
  public Optional<InetSocketAddress> stunAddress() {
    return coturn.map(Coturn::stunAddress);
  }

  public Optional<Coturn> coturn() {
    return coturn;
  }

  public RunRecord record() {
    return record;
  }

  /** Namespaces and addresses, for {@code rtcheck net up --json} and {@code net ls}. */
  public String toJson() {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("prefix", prefix);
    ObjectNode internet = root.putObject("internet");
    internet.put("namespace", internetNamespace());
    internet.putArray("addresses").add(STUN_PRIMARY).add(STUN_SECONDARY);
    coturn.ifPresent(
        c -> {
          ObjectNode stun = internet.putObject("stun");
          stun.put("server", STUN_PRIMARY + ":" + c.stunAddress().getPort());
          c.otherAddress()
              .ifPresent(
                  o -> stun.put("other", o.getAddress().getHostAddress() + ":" + o.getPort()));
          stun.put("username", c.username());
          stun.put("password", c.password());
          stun.put("realm", c.realm());
        });
    ArrayNode rs = root.putArray("routers");
    for (NatRouter r : routers) {
      ObjectNode o = rs.addObject();
      o.put("namespace", r.namespace());
      o.put("nat", r.spec().nat().label());
      o.put("type", r.spec().nat().expectedType().label());
      o.put("hairpinning", r.spec().nat().hairpinning());
      o.put("mappingTimeoutSeconds", r.spec().nat().mappingTimeout().toSeconds());
      o.put("firewall", r.spec().firewall().label());
      o.put("impairment", r.spec().impairment().toString());
      o.put("wan", r.wanAddress().getHostAddress());
      o.put("lan", r.lanGateway().getHostAddress() + "/" + r.lanPrefixLength());
      ArrayNode hs = o.putArray("hosts");
      for (LanHost h : r.hosts()) {
        hs.addObject().put("namespace", h.namespace()).put("address", h.address().getHostAddress());
      }
    }
    try {
      return json.writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Stops coturn, kills what runs in the namespaces, deletes them and the record, and checks that
   * {@code ip netns list} has nothing with the prefix left. Idempotent.
   */
  @Override
  public synchronized void close() throws NetemException {
    if (closed) {
      return;
    }
    closed = true;
    coturn.ifPresent(Coturn::close);
    delays.forEach(ForwardDelay::close);
    reaper.remove(record);
  }

  private void closeQuietly(Throwable cause) {
    try {
      close();
    } catch (NetemException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public String toString() {
    return "topology " + prefix + " (" + routers.size() + " NAT routers)";
  }
}

package org.rtcheck.cli.stun;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.rtcheck.cli.HostPort;
import org.rtcheck.interop.subject.own.NatBehaviorJson;
import org.rtcheck.stack.nat.NatBehavior;
import org.rtcheck.stack.nat.NatDiscoveryConfig;
import org.rtcheck.stack.nat.NatType;
import org.rtcheck.stack.nat.Rfc5780Problem;
import org.rtcheck.stack.net.NatBehaviorDiscovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rtcheck stun nat-type SERVER}: RFC 5780 NAT behaviour discovery. */
@Command(
    name = "nat-type",
    mixinStandardHelpOptions = true,
    description = {
      "Runs RFC 5780 NAT behaviour discovery against a STUN server and prints the RFC 4787 mapping"
          + " and filtering behaviour, hairpinning, the mapping lifetime (with --lifetime) and the"
          + " classic NAT name.",
      "The server must implement RFC 5780 (OTHER-ADDRESS, CHANGE-REQUEST; RESPONSE-PORT for"
          + " --lifetime), e.g. coturn listening on two IP addresses. A server that does not is"
          + " reported, and what cannot be tested without it is left undetermined.",
      "Exit status: 0 classified, 1 UDP blocked or undetermined, 2 bad arguments or local error."
    })
public final class StunNatTypeCommand implements Callable<Integer> {
  private static final int DEFAULT_PORT = 3478;

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "SERVER",
      description =
          "The STUN server: HOST[:PORT], [IPV6]:PORT (default port " + DEFAULT_PORT + ").")
  String server;

  @Option(
      names = "--alt",
      paramLabel = "HOST:PORT",
      description =
          "The server's alternate address, used instead of the OTHER-ADDRESS it returns (for"
              + " servers that leave it out); must differ from SERVER in IP address and port.")
  String alternate;

  @Option(
      names = "--timeout",
      paramLabel = "S",
      description =
          "Seconds the whole discovery may take (default: 30, plus 5 × --lifetime). Unanswered"
              + " tests take about 2.2 s each.")
  Integer timeoutSeconds;

  @Option(
      names = "--lifetime",
      paramLabel = "MAX_S",
      description =
          "Also measure the mapping lifetime (RFC 5780 §4.6), waiting up to MAX_S seconds of"
              + " silence.")
  Integer lifetimeSeconds;

  @Option(names = "--no-hairpinning", description = "Skip the hairpinning test (RFC 5780 §4.5).")
  boolean noHairpinning;

  @Option(
      names = "--local",
      paramLabel = "IP",
      description = "Local IP address to send from (default: the one routing picks).")
  String local;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    NatDiscoveryConfig config = config();
    Optional<InetAddress> localIp = Optional.empty();
    if (local != null) {
      localIp = Optional.of(resolve(local, "--local"));
    }
    NatBehavior r;
    try {
      r = NatBehaviorDiscovery.discover(config, localIp);
    } catch (IOException e) {
      spec.commandLine().getErr().println("nat-type: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 2;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (json) {
      out.println(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(NatBehaviorJson.describe(r)));
    } else {
      print(out, r);
    }
    out.flush();
    NatType type = r.natType();
    return type == NatType.UNDETERMINED || type == NatType.UDP_BLOCKED ? 1 : 0;
  }

  private NatDiscoveryConfig config() {
    InetSocketAddress primary = parse(server, "SERVER");
    NatDiscoveryConfig config = NatDiscoveryConfig.forServer(primary);
    try {
      if (alternate != null) {
        config = config.withAlternate(parse(alternate, "--alt"));
      }
      config = config.withHairpinning(!noHairpinning);
      Duration limit = NatDiscoveryConfig.DEFAULT_TIME_LIMIT;
      if (lifetimeSeconds != null) {
        if (lifetimeSeconds < 1) {
          throw new ParameterException(spec.commandLine(), "--lifetime must be at least 1 second");
        }
        Duration max = Duration.ofSeconds(lifetimeSeconds);
        // Doubling from a sixteenth of the maximum: five waits reach it.
        Duration first =
            max.dividedBy(16).compareTo(Duration.ofSeconds(1)) < 0
                ? Duration.ofSeconds(1)
                : max.dividedBy(16);
        config = config.withMappingLifetime(first, max);
        limit = limit.plus(max.multipliedBy(5));
      }
      if (timeoutSeconds != null) {
        if (timeoutSeconds < 1) {
          throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second");
        }
        limit = Duration.ofSeconds(timeoutSeconds);
      }
      return config.withTimeLimit(limit);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private static void print(PrintWriter out, NatBehavior r) {
    row(out, "server", text(r.server()) + r.software().map(s -> " (" + s + ")").orElse(""));
    r.alternateAddress().ifPresent(a -> row(out, "alternate address", text(a)));
    row(out, "local address", text(r.localAddress()));
    row(out, "mapped address", r.mappedAddress().map(StunNatTypeCommand::text).orElse("none"));
    row(
        out,
        "mapping",
        r.mapping().map(m -> m.label() + " (" + m.abbreviation() + ")").orElse("undetermined"));
    row(
        out,
        "filtering",
        r.filtering().map(f -> f.label() + " (" + f.abbreviation() + ")").orElse("undetermined"));
    row(out, "hairpinning", r.hairpinning().label());
    r.mappingLifetime().ifPresent(l -> row(out, "mapping lifetime", l.toString()));
    row(out, "NAT type", label(r));
    for (Rfc5780Problem p : r.problems()) {
      row(out, "problem", p.toString());
    }
  }

  private static String label(NatBehavior r) {
    return NatBehaviorJson.label(r);
  }

  private static void row(PrintWriter out, String name, String value) {
    out.printf(Locale.ROOT, "%-18s %s%n", name, value);
  }

  private static String text(InetSocketAddress a) {
    return NatBehaviorJson.text(a);
  }

  private InetSocketAddress parse(String hostPort, String what) {
    try {
      return HostPort.parse(what, hostPort, DEFAULT_PORT);
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
  }

  private InetAddress resolve(String host, String what) {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw bad(what + ": cannot resolve host \"" + host + "\"");
    }
  }

  private ParameterException bad(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}

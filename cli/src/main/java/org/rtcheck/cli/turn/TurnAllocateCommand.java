package org.rtcheck.cli.turn;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rtcheck.cli.HostPort;
import org.rtcheck.stack.net.TurnConnection;
import org.rtcheck.stack.net.TurnTlsTrust;
import org.rtcheck.stack.turn.TurnConfig;
import org.rtcheck.stack.turn.TurnError;
import org.rtcheck.stack.turn.TurnException;
import org.rtcheck.stack.turn.TurnTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rtcheck turn allocate SERVER}: allocates, prints the relayed and mapped addresses, keeps
 * refreshing until stopped, then deletes the allocation (also on Ctrl-C).
 */
@Command(
    name = "allocate",
    mixinStandardHelpOptions = true,
    description = {
      "Allocates a relayed address on a TURN server (RFC 8656) with long-term credentials, prints"
          + " the relayed and server-reflexive addresses and the lifetime, then refreshes the"
          + " allocation until interrupted (Ctrl-C), --count refreshes or --duration seconds, and"
          + " deletes it (Refresh with lifetime 0).",
      "Exit status: 0 allocated (and deleted), 1 the server refused (the typed reason is printed,"
          + " e.g. unauthenticated), 2 bad arguments, 3 no answer or no connection (timeout,"
          + " TLS handshake)."
    })
public final class TurnAllocateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SERVER", description = "HOST:PORT of the TURN server.")
  String server;

  @Option(names = "--user", required = true, description = "Long-term credential user name.")
  String user;

  @Option(names = "--password", required = true, description = "Its password.")
  String password;

  @Option(
      names = "--transport",
      defaultValue = "udp",
      description = "udp, tcp or tls (default: ${DEFAULT-VALUE}).")
  String transport;

  @Option(names = "--realm", description = "Fail unless the server's REALM is this one.")
  String realm;

  @Option(names = "--insecure", description = "TLS: trust any server certificate.")
  boolean insecure;

  @Option(
      names = "--ca",
      paramLabel = "PEM",
      description = "TLS: trust exactly the certificate(s) in this PEM file.")
  Path ca;

  @Option(names = "--lifetime", paramLabel = "S", description = "LIFETIME to ask for, seconds.")
  Long lifetime;

  @Option(
      names = "--interval",
      paramLabel = "S",
      description = "Seconds between Refresh requests (default: a minute before expiry).")
  Long interval;

  @Option(names = "--count", paramLabel = "N", description = "Stop after N refreshes.")
  Integer count;

  @Option(names = "--duration", paramLabel = "S", description = "Stop after S seconds.")
  Long duration;

  @Option(
      names = "--timeout",
      defaultValue = "10",
      description =
          "Seconds to wait for the connection and each answer (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    InetSocketAddress target = parse(server);
    TurnTransport t;
    try {
      t = TurnTransport.parse(transport);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (timeoutSeconds < 1) {
      throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second");
    }
    if ((count != null && count < 0) || (duration != null && duration < 0)) {
      throw new ParameterException(spec.commandLine(), "--count and --duration are not negative");
    }
    if (interval != null && interval < 1) {
      throw new ParameterException(spec.commandLine(), "--interval must be at least 1 second");
    }
    if (insecure && ca != null) {
      throw new ParameterException(spec.commandLine(), "--insecure or --ca, not both");
    }
    TurnTlsTrust trust;
    try {
      trust =
          insecure ? TurnTlsTrust.insecure() : ca != null ? TurnTlsTrust.certificates(ca) : null;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--ca: " + e.getMessage());
    }
    TurnConfig config = TurnConfig.of(user, password).withTransport(t).withExpectedRealm(realm);
    if (lifetime != null) {
      config = config.withLifetime(Duration.ofSeconds(lifetime));
    }
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    TurnConnection c;
    try {
      c = TurnConnection.open(target, config, trust, timeout);
    } catch (TurnException e) {
      return report(out, e);
    }
    // Ctrl-C: delete the allocation before the JVM exits.
    Thread hook = new Thread(c::close, "rtcheck-turn-delete");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      TurnConnection.Allocation a = c.allocate(timeout);
      out.printf(Locale.ROOT, "relayed %s%n", format(a.relayed()));
      out.printf(Locale.ROOT, "mapped %s%n", format(a.mapped()));
      out.printf(Locale.ROOT, "lifetime %d s%n", a.lifetime().getSeconds());
      out.printf(Locale.ROOT, "transport %s, local %s%n", t.lowerCase(), format(c.localAddress()));
      out.flush();
      long every =
          interval != null
              ? interval
              : Math.max(
                  1, Math.max(a.lifetime().getSeconds() / 2, a.lifetime().getSeconds() - 60));
      long stopAt =
          duration != null
              ? System.nanoTime() + Duration.ofSeconds(duration).toNanos()
              : Long.MAX_VALUE;
      int refreshes = 0;
      while (count == null || refreshes < count) {
        long next = System.nanoTime() + Duration.ofSeconds(every).toNanos();
        long wake = Math.min(next, stopAt);
        long left = wake - System.nanoTime();
        if (left > 0) {
          Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
        if (System.nanoTime() - stopAt >= 0) {
          break;
        }
        Duration granted =
            TurnConnection.await(
                c.refresh(lifetime != null ? Duration.ofSeconds(lifetime) : null),
                timeout,
                "Refresh");
        refreshes++;
        out.printf(Locale.ROOT, "refreshed: lifetime %d s%n", granted.getSeconds());
        out.flush();
      }
      TurnConnection.await(c.deleteAllocation(), timeout, "Refresh(0)");
      out.println("deleted");
      out.flush();
      return 0;
    } catch (TurnException e) {
      return report(out, e);
    } finally {
      c.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down: the hook runs
      }
    }
  }

  private static int report(PrintWriter out, TurnException e) {
    TurnError error = e.error();
    out.println("error: " + error);
    out.flush();
    return switch (error.reason()) {
      case TIMEOUT, CONNECTION -> 3;
      default -> 1;
    };
  }

  private static String format(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  private InetSocketAddress parse(String hostPort) {
    try {
      return HostPort.parse("SERVER", hostPort, HostPort.REQUIRED);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}

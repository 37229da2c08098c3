package org.rtcheck.cli.stun;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.rtcheck.cli.HostPort;
import org.rtcheck.stack.net.BindingResult;
import org.rtcheck.stack.net.StunBindingClient;
import org.rtcheck.stack.net.StunBindingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rtcheck stun binding HOST:PORT}: one Binding request over UDP. */
@Command(
    name = "binding",
    mixinStandardHelpOptions = true,
    description = {
      "Sends a STUN Binding request over UDP (RFC 8489 §6.2.1 retransmissions) and prints the"
          + " XOR-MAPPED-ADDRESS and the server's SOFTWARE.",
      "Exit status: 0 answered, 1 error response or no answer, 2 bad arguments."
    })
public final class StunBindingCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "HOST:PORT",
      description = "The STUN server, e.g. 127.0.0.1:3478 or [::1]:3478.")
  String server;

  @Option(
      names = "--timeout",
      defaultValue = "5",
      description = "Seconds to wait (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    InetSocketAddress target = parse(server);
    if (timeoutSeconds < 1) {
      throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second");
    }
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.put("server", target.getAddress().getHostAddress() + ":" + target.getPort());
    int status;
    try (StunBindingClient client = StunBindingClient.open()) {
      BindingResult r = client.bind(target, Duration.ofSeconds(timeoutSeconds)).get();
      result.put("mappedAddress", r.mappedAddress().getAddress().getHostAddress());
      result.put("mappedPort", r.mappedAddress().getPort());
      r.software().ifPresent(s -> result.put("software", s));
      result.put("rttMs", r.rtt().toNanos() / 1e6);
      status = 0;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TimeoutException) {
        result.put("error", "no answer from " + server + " within " + timeoutSeconds + " s");
      } else if (cause instanceof StunBindingException be) {
        result.put("error", "error response: " + be.getMessage());
        be.errorCode().ifPresent(c -> result.put("errorCode", c.code()));
      } else {
        result.put("error", String.valueOf(cause));
      }
      status = 1;
    }
    if (json) {
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
    } else if (status == 0) {
      out.printf(
          Locale.ROOT,
          "XOR-MAPPED-ADDRESS %s:%d%n",
          result.path("mappedAddress").asText(),
          result.path("mappedPort").asInt());
      if (result.has("software")) {
        out.println("SOFTWARE " + result.path("software").asText());
      }
      out.printf(Locale.ROOT, "rtt %.2f ms%n", result.path("rttMs").asDouble());
    } else {
      out.println(result.path("error").asText());
    }
    out.flush();
    return status;
  }

  private InetSocketAddress parse(String hostPort) {
    try {
      return HostPort.parse("HOST:PORT", hostPort, HostPort.REQUIRED);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}

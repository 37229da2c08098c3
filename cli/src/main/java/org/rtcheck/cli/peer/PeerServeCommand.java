package org.rtcheck.cli.peer;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.rtcheck.stack.net.IceUdpTransport;
import org.rtcheck.stack.peer.EchoPeer;
import org.rtcheck.stack.peer.PeerConnectionConfig;
import org.rtcheck.stack.signaling.HttpSignalingServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code rtcheck peer serve}: the echo endpoint. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the WebRTC Echo Test contract: POST /offer with an RTCSessionDescriptionInit is"
          + " answered (non-trickle) by a new own peer that echoes every data channel message on"
          + " the channel it came from and every RTP packet back to its sender. WHIP (RFC 9725)"
          + " on POST /whip, DELETE on the returned Location.",
      "Runs until interrupted."
    })
public final class PeerServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description =
          "HTTP address (default: ${DEFAULT-VALUE}). ICE gathers on loopback only when this is a"
              + " loopback address, else on every interface.")
  String bind;

  @Option(
      names = "--max-sessions",
      defaultValue = "32",
      description =
          "Concurrent peers before offers are refused with 422 (default: ${DEFAULT-VALUE}).")
  int maxSessions;

  @Option(
      names = "--duration",
      paramLabel = "S",
      description = "Stop after S seconds instead of running until interrupted.")
  Integer durationSeconds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be 0..65535, got " + port);
    }
    if (maxSessions < 1) {
      throw new ParameterException(spec.commandLine(), "--max-sessions must be at least 1");
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new ParameterException(spec.commandLine(), "--bind " + bind + ": unknown host");
    }
    PeerConnectionConfig config = PeerConnectionConfig.loopback();
    if (!address.isLoopbackAddress()) {
      try {
        config = config.withTransport(IceUdpTransport.Options.allInterfaces());
      } catch (SocketException e) {
        throw new ParameterException(spec.commandLine(), "cannot list interfaces: " + e);
      }
    }
    CountDownLatch stop = new CountDownLatch(1);
    try (EchoPeer echo = new EchoPeer(config, maxSessions);
        HttpSignalingServer server =
            HttpSignalingServer.start(new InetSocketAddress(address, port), echo)) {
      Thread hook = new Thread(stop::countDown, "rtcheck-peer-serve-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      String base = "http://" + hostPort(server.address());
      out.println("echo: POST " + base + "/offer");
      out.println("whip: POST " + base + "/whip");
      out.flush();
      if (durationSeconds != null) {
        stop.await(durationSeconds, TimeUnit.SECONDS);
      } else {
        stop.await();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
      out.println(
          "served: "
              + server.answeredCount()
              + " offers, "
              + echo.echoedRtpPackets()
              + " RTP echoed");
      out.flush();
    } catch (java.net.BindException e) {
      spec.commandLine()
          .getErr()
          .println("rtcheck peer serve: cannot bind " + bind + ":" + port + ": " + e.getMessage());
      return 2;
    }
    return 0;
  }

  static String hostPort(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}

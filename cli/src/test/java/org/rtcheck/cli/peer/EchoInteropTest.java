package org.rtcheck.cli.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtcheck.cli.RtcheckCommand;
import org.rtcheck.interop.subject.shim.ShimSubjectProvider;
import org.rtcheck.stack.peer.EchoPeer;
import org.rtcheck.stack.peer.PeerConnectionConfig;
import org.rtcheck.stack.signaling.HttpSignalingServer;

/**
 * The own peer against the Node stacks through the WebRTC Echo Test contract, both ways: the own
 * echo endpoint ({@code rtcheck peer serve}) answering their offers, and {@code rtcheck peer offer}
 * against their echo endpoints ({@code interop/shims/node/echo.js}).
 */
class EchoInteropTest {

  private static Path echoScript() {
    Path script =
        ShimSubjectProvider.shimsRoot()
            .map(r -> r.resolve("node").resolve("echo.js"))
            .filter(Files::isRegularFile)
            .orElse(null);
    assumeTrue(script != null, "interop/shims/node/echo.js not found");
    assumeTrue(
        Files.isDirectory(script.getParent().resolve("node_modules")),
        "no node_modules in " + script.getParent() + " (npm ci there)");
    return script;
  }

  @ParameterizedTest
  @ValueSource(strings = {"libwebrtc", "libdatachannel", "werift"})
  void theirOfferToTheOwnEchoEndpoint(String stack) throws Exception {
    Path script = echoScript();
    try (EchoPeer echo = new EchoPeer(PeerConnectionConfig.loopback(), 4);
        HttpSignalingServer server =
            HttpSignalingServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), echo)) {
      String url = "http://127.0.0.1:" + server.address().getPort() + "/offer";
      Process p =
          new ProcessBuilder(
                  "node", script.toString(), "offer", url, "--stack", stack, "--messages", "10")
              .directory(script.getParent().toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      try {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
        String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        JsonNode result =
            new ObjectMapper().readTree(line.lines().reduce((a, b) -> b).orElse("{}"));
        assertThat(result.path("ok").asBoolean()).as(line).isTrue();
        assertThat(result.path("echoed").asInt()).isEqualTo(10);
        assertThat(echo.echoedMessages()).isGreaterThanOrEqualTo(10);
      } finally {
        p.destroyForcibly();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"libwebrtc", "libdatachannel", "werift"})
  void theOwnOfferToTheirEchoEndpoint(String stack) throws Exception {
    Path script = echoScript();
    Process server =
        new ProcessBuilder("node", script.toString(), "serve", "--stack", stack)
            .directory(script.getParent().toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start(); // stdin stays open: closing it stops the server
    try {
      BufferedReader r =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      JsonNode listening = new ObjectMapper().readTree(r.readLine());
      String url = listening.path("listening").asText();
      assertThat(url).startsWith("http://127.0.0.1:");
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          RtcheckCommand.execute(
              new PrintWriter(out),
              new PrintWriter(err),
              List.of("peer", "offer", url, "--messages", "10").toArray(String[]::new));
      assertThat(code).as(out + "\n" + err).isZero();
      assertThat(out.toString()).contains("data channel echoed: 10/10");
    } finally {
      server.getOutputStream().close();
      if (!server.waitFor(5, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }
}

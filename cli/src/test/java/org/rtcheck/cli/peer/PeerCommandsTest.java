package org.rtcheck.cli.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.rtcheck.cli.RtcheckCommand;
import org.rtcheck.stack.peer.EchoPeer;
import org.rtcheck.stack.peer.PeerConnectionConfig;
import org.rtcheck.stack.signaling.HttpSignalingServer;

class PeerCommandsTest {

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = RtcheckCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void offerAgainstTheEchoEndpointGetsEveryPacketBack() throws Exception {
    try (EchoPeer echo = new EchoPeer(PeerConnectionConfig.loopback(), 4);
        HttpSignalingServer server =
            HttpSignalingServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), echo)) {
      String base = "http://127.0.0.1:" + server.address().getPort();
      Run r = run("peer", "offer", base + "/offer", "--packets", "10");
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      assertThat(r.out())
          .contains("rtp echoed: 10/10")
          .contains("srtp profile:")
          .contains("rtt ms:");
      Run w = run("peer", "offer", base + "/whip", "--whip", "--packets", "3");
      assertThat(w.code()).as(w.out() + w.err()).isZero();
      assertThat(w.out()).contains("rtp echoed: 3/3").contains("data channel echoed: 20/20");
    }
  }

  @Test
  void serveListensAndStopsAfterItsDuration() {
    Run r = run("peer", "serve", "--port", "0", "--duration", "1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .containsPattern("echo: POST http://127.0.0.1:\\d+/offer")
        .contains("served: 0 offers");
  }

  @Test
  void badArgumentsAndUnreachableEndpointsAreNamed() {
    assertThat(run("peer", "offer", "ftp://x/offer").err()).contains("http or https");
    assertThat(
            run("peer", "offer", "http://127.0.0.1:9/offer", "--packets", "0", "--messages", "0")
                .code())
        .isEqualTo(2);
    assertThat(run("peer", "offer", "http://127.0.0.1:9/offer", "--size", "1").code()).isEqualTo(2);
    Run down = run("peer", "offer", "http://127.0.0.1:1/offer", "--timeout", "2");
    assertThat(down.code()).isEqualTo(1);
    assertThat(down.err()).contains("UNREACHABLE");
    assertThat(run("peer", "serve", "--port", "70000").code()).isEqualTo(2);
  }
}

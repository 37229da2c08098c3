package org.rtcheck.interop.netem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcheck.stack.nat.NatType;

/**
 * Loss and rate, measured: a UDP echo and a TCP sink in the internet namespace (python3), traffic
 * from a host behind a router with {@code loss=20%,rate=2mbit}.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LinkImpairmentTest {
  private static final String SERVERS =
      "import socket,threading\n"
          + "def echo():\n"
          + "  u=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); u.bind(('198.18.0.1',7))\n"
          + "  while True:\n"
          + "    d,a=u.recvfrom(2048); u.sendto(d,a)\n"
          + "def sink():\n"
          + "  s=socket.socket(); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
          + "  s.bind(('198.18.0.1',9)); s.listen(4)\n"
          + "  while True:\n"
          + "    c=s.accept()[0]\n"
          + "    while c.recv(65536): pass\n"
          + "    c.close()\n"
          + "threading.Thread(target=echo).start(); threading.Thread(target=sink).start()\n"
          + "print('ready',flush=True)\n";

  private static final String UDP_CLIENT =
      "import socket\n"
          + "u=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); u.settimeout(0.05)\n"
          + "got=0\n"
          + "for i in range(400):\n"
          + "  u.sendto(b'x'*64,('198.18.0.1',7))\n"
          + "  try:\n"
          + "    u.recv(2048); got+=1\n"
          + "  except socket.timeout: pass\n"
          + "print(got)\n";

  private static final String TCP_CLIENT =
      "import socket,time\n"
          + "s=socket.create_connection(('198.18.0.1',9),timeout=20)\n"
          + "t=time.time(); s.sendall(b'x'*500000); s.shutdown(socket.SHUT_WR); s.recv(1)\n"
          + "print(int((time.time()-t)*1000))\n";

  @Test
  void lossAndRateShowInTheTraffic() throws Exception {
    assumeTrue(NetemSupport.available(), () -> NetemSupport.unavailableReason().orElse(""));
    assumeTrue(CommandRunner.find("python3").isPresent(), "python3 is not installed");
    LinkImpairment impairment = LinkImpairment.parse("loss=20%,rate=2mbit");
    try (Topology t =
        Topology.builder()
            .router(
                new RouterSpec(
                    NatSpec.classic(NatType.PORT_RESTRICTED_CONE),
                    1,
                    FirewallProfile.OPEN,
                    impairment))
            .build()) {
      CommandRunner commands = new CommandRunner(java.time.Duration.ofSeconds(40));
      String router = t.router(1).namespace();
      assertThat(commands.run("show", List.of("tc", "-n", router, "qdisc", "show")))
          .contains("tbf")
          .contains("dev wan")
          .contains("dev lan")
          .contains("2Mbit");
      assertThat(
              commands.run(
                  "show", List.of("ip", "netns", "exec", router, "nft", "list", "ruleset")))
          .contains("numgen random mod 100 < 20 drop");

      Process servers =
          new ProcessBuilder("ip", "netns", "exec", t.internetNamespace(), "python3", "-c", SERVERS)
              .redirectError(new File("/dev/null"))
              .start();
      assertThat(new String(servers.getInputStream().readNBytes(5))).isEqualTo("ready");
      String host = t.router(1).hosts().get(0).namespace();

      // 20 % each way: 0.8 × 0.8 = 64 % of 400 echoes come back.
      int echoed =
          Integer.parseInt(
              commands
                  .run(
                      "udp echo", List.of("ip", "netns", "exec", host, "python3", "-c", UDP_CLIENT))
                  .strip());
      System.out.printf("netem: loss=20%% each way: %d of 400 UDP echoes returned%n", echoed);
      assertThat(echoed).isBetween(180, 330);

      // 500 kB at 2 Mbit/s is 2 s at best; TCP under 20 % loss is slower still.
      long ms =
          Long.parseLong(
              commands
                  .run(
                      "tcp upload",
                      List.of("ip", "netns", "exec", host, "python3", "-c", TCP_CLIENT))
                  .strip());
      System.out.printf("netem: 500 kB upload through rate=2mbit,loss=20%%: %d ms%n", ms);
      assertThat(ms).isGreaterThanOrEqualTo(1_800);
    }
  }
}

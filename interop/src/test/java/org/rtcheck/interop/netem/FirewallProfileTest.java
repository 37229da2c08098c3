package org.rtcheck.interop.netem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcheck.stack.nat.NatType;

/**
 * TCP through the firewall profiles: a listener on 198.18.0.1 ports 80 and 443 in the internet
 * namespace (python3, killed with the namespace by {@link Topology#close()}), and connection
 * attempts from a host behind each profile. UDP behind the profiles is covered by {@link
 * NatSelfCheckTest} (RFC 5780 discovery reports UDP blocked).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FirewallProfileTest {
  private static final String LISTEN =
      "import socket,threading\n"
          + "def serve(p):\n"
          + "  s=socket.socket(); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
          + "  s.bind(('198.18.0.1',p)); s.listen(8)\n"
          + "  while True: s.accept()[0].close()\n"
          + "for p in (80,443): threading.Thread(target=serve,args=(p,)).start()\n"
          + "print('ready',flush=True)\n";

  @Test
  void tcp443OnlyLetsOut443AndUdpBlockedStillLetsOutTcp() throws Exception {
    assumeTrue(NetemSupport.available(), () -> NetemSupport.unavailableReason().orElse(""));
    assumeTrue(CommandRunner.find("python3").isPresent(), "python3 is not installed");
    NatSpec nat = NatSpec.classic(NatType.PORT_RESTRICTED_CONE);
    String prefix;
    try (Topology t =
        Topology.builder()
            .router(new RouterSpec(nat, 1, FirewallProfile.TCP_443_ONLY, LinkImpairment.NONE))
            .router(new RouterSpec(nat, 1, FirewallProfile.UDP_BLOCKED, LinkImpairment.NONE))
            .router(new RouterSpec(nat, 1, FirewallProfile.OPEN, LinkImpairment.NONE))
            .build()) {
      prefix = t.prefix();
      Process listener =
          new ProcessBuilder("ip", "netns", "exec", t.internetNamespace(), "python3", "-c", LISTEN)
              .redirectError(new File("/dev/null"))
              .start();
      assertThat(new String(listener.getInputStream().readNBytes(5))).isEqualTo("ready");

      String strict = t.router(1).hosts().get(0).namespace();
      String noUdp = t.router(2).hosts().get(0).namespace();
      String open = t.router(3).hosts().get(0).namespace();
      assertThat(connects(strict, 443)).isTrue();
      assertThat(connects(strict, 80)).isFalse();
      assertThat(connects(noUdp, 80)).isTrue();
      assertThat(connects(open, 80)).isTrue();
      assertThat(connects(open, 443)).isTrue();
    }
    // The listener ran in the internet namespace: close() killed it with the namespace.
    assertThat(new Reaper().namespacesWithPrefix(prefix)).isEmpty();
  }

  private static boolean connects(String namespace, int port) throws NetemException {
    CommandRunner.Result r =
        new CommandRunner()
            .attempt(
                "connect",
                List.of(
                    "ip",
                    "netns",
                    "exec",
                    namespace,
                    "python3",
                    "-c",
                    "import socket; socket.create_connection(('198.18.0.1',"
                        + port
                        + "),timeout=1)"),
                Optional.empty());
    return r.exitCode() == 0;
  }
}

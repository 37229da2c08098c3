package org.rtcheck.interop.netem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcheck.interop.fixture.Coturn;
import org.rtcheck.stack.nat.NatType;

/**
 * Delay without sch_netem ({@link ForwardDelay}, NFQUEUE): STUN Binding round trips from behind a
 * router with {@code delay=20ms} take about 40 ms (20 ms each way), still get an answer through the
 * NAT, and nothing of the delay program is left after close.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ForwardDelayTest {
  private static final String STUN_RTT =
      "import socket, os, time, struct\n"
          + "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(2)\n"
          + "out = []\n"
          + "for i in range(15):\n"
          + "    req = struct.pack('>HHI', 1, 0, 0x2112A442) + os.urandom(12)\n"
          + "    t = time.monotonic(); s.sendto(req, ('198.18.0.1', 3478))\n"
          + "    try:\n"
          + "        s.recvfrom(2048); out.append('%.2f' % ((time.monotonic() - t) * 1000))\n"
          + "    except socket.timeout:\n"
          + "        out.append('-1')\n"
          + "print(' '.join(out))\n";

  @Test
  void delaysBothDirectionsThroughTheNat() throws Exception {
    assumeTrue(NetemSupport.available(), () -> NetemSupport.unavailableReason().orElse(""));
    assumeTrue(Coturn.installed(), Coturn::notInstalledReason);
    assumeTrue(
        ForwardDelay.unavailableReason().isEmpty(), () -> ForwardDelay.unavailableReason().get());
    RouterSpec delayed =
        new RouterSpec(
            NatSpec.classic(NatType.PORT_RESTRICTED_CONE),
            1,
            FirewallProfile.OPEN,
            LinkImpairment.parse("delay=20ms"));
    String prefix;
    try (Topology t = Topology.builder().stunServer(true).router(delayed).build()) {
      prefix = t.prefix();
      String host = t.router(1).hosts().get(0).namespace();
      String out =
          new CommandRunner()
              .run("stun rtt", List.of("ip", "netns", "exec", host, "python3", "-c", STUN_RTT));
      double[] rtts =
          Arrays.stream(out.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
      System.out.println("netem: delay=20ms, STUN round trips (ms): " + out.trim());
      assertThat(Arrays.stream(rtts).allMatch(r -> r > 0)).as("every request answered").isTrue();
      double[] sorted = rtts.clone();
      Arrays.sort(sorted);
      double median = sorted[sorted.length / 2];
      assertThat(median).as("two 20 ms delays").isBetween(39.0, 90.0);
    }
    assertThat(new Reaper().namespacesWithPrefix(prefix)).isEmpty();
    assertThat(
            ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("rtcheck-nfqueue-delay"))
                .count())
        .isZero();
  }
}

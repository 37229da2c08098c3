package org.rtcheck.stack.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.ice.IceAgent;
import org.rtcheck.stack.ice.IceConfig;
import org.rtcheck.stack.ice.IceRole;

/**
 * How long a warm loopback {@link IceUdpTransport#gather} takes on a shared loop (one socket, no
 * STUN server): printed for a person to read, not asserted, since timings depend on the machine.
 */
class GatherTimingTest {

  private static final int WARMUP = 300;
  private static final int COUNTED = 200;

  @Test
  void printsTheTimeOfAWarmLoopbackGather() throws Exception {
    long[] micros = new long[COUNTED];
    try (NetLoop loop = new NetLoop()) {
      for (int i = 0; i < WARMUP + COUNTED; i++) {
        try (IceUdpTransport t =
            IceUdpTransport.create(
                new IceAgent(IceConfig.defaults(), IceRole.CONTROLLING),
                IceUdpTransport.Options.loopbackOnly(),
                loop)) {
          long t0 = System.nanoTime();
          assertThat(t.gather(Duration.ofSeconds(5))).hasSize(1);
          if (i >= WARMUP) {
            micros[i - WARMUP] = (System.nanoTime() - t0) / 1000;
          }
        }
      }
    }
    Arrays.sort(micros);
    System.out.printf(
        Locale.ROOT,
        "warm loopback gather (us), %d runs: median %d, p90 %d, max %d%n",
        COUNTED,
        micros[COUNTED / 2],
        micros[COUNTED * 9 / 10],
        micros[COUNTED - 1]);
  }
}

package org.rtcheck.interop.netem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcheck.interop.fixture.Coturn;

/**
 * Data channels over impaired links, for correctness only (no timing asserts): under loss with a
 * rate limit, the own stack and libwebrtc in both roles open a channel and move 1 MiB intact within
 * the bench's generous timeouts, trickling candidates through the harness.
 */
class ImpairedLinkBenchTest {

  @Test
  void bytesFitTheRateLimit() {
    ImpairedLinkBench bench = new ImpairedLinkBench(1, 8 << 20, 16 * 1024);
    assertThat(bench.bytesUnder(LinkImpairment.parse("loss=5%"))).isEqualTo(8 << 20);
    assertThat(bench.bytesUnder(LinkImpairment.parse("rate=2mbit,loss=1%")))
        .isEqualTo(2_490_368) // 2.5 MB, whole 16 KiB messages
        .isLessThan(8 << 20);
  }

  @Test
  void tableRatiosAgainstLibwebrtc() {
    LinkImpairment clean = LinkImpairment.NONE;
    DataChannelOutcome ref =
        new DataChannelOutcome(
            PeerStack.LIBWEBRTC,
            PeerStack.LIBWEBRTC,
            100,
            8_000_000,
            1000,
            true,
            Optional.of("srflx"),
            Optional.of("srflx"));
    DataChannelOutcome own =
        new DataChannelOutcome(
            PeerStack.OWN,
            PeerStack.OWN,
            200,
            8_000_000,
            4000,
            true,
            Optional.of("srflx"),
            Optional.of("prflx"));
    String table =
        ImpairedLinkBench.table(
            List.of(
                new ImpairedLinkBench.Row(
                    clean,
                    PeerStack.LIBWEBRTC,
                    PeerStack.LIBWEBRTC,
                    List.of(ref),
                    Optional.empty()),
                new ImpairedLinkBench.Row(
                    clean, PeerStack.OWN, PeerStack.OWN, List.of(own), Optional.empty()),
                new ImpairedLinkBench.Row(
                    clean,
                    PeerStack.OWN,
                    PeerStack.LIBWEBRTC,
                    List.of(),
                    Optional.of("the channel did not open"))));
    assertThat(table)
        .contains("own -> own")
        .contains("2.00") // setup twice libwebrtc's
        .contains("0.25") // a quarter of its throughput
        .contains("FAILED: the channel did not open");
  }

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void ownAndLibwebrtcOverALossyRateLimitedLink() throws Exception {
    assumeTrue(NetemSupport.available(), () -> NetemSupport.unavailableReason().orElse(""));
    assumeTrue(Coturn.installed(), Coturn::notInstalledReason);
    PeerStack.LIBWEBRTC.unavailableReason().ifPresent(r -> assumeTrue(false, r));
    List<String> progress = new ArrayList<>();
    List<ImpairedLinkBench.Row> rows =
        new ImpairedLinkBench(1, 1 << 20, 16 * 1024)
            .run(
                List.of(LinkImpairment.parse("rate=10mbit,loss=2%")),
                List.of(
                    List.of(PeerStack.OWN, PeerStack.LIBWEBRTC),
                    List.of(PeerStack.LIBWEBRTC, PeerStack.OWN)),
                progress::add);
    System.out.println(ImpairedLinkBench.table(rows));
    assertThat(rows).hasSize(2);
    for (ImpairedLinkBench.Row r : rows) {
      assertThat(r.failure()).as(r.toString()).isEmpty();
      assertThat(r.intact()).as(r.toString()).isTrue();
      assertThat(r.runs()).allSatisfy(o -> assertThat(o.relayed()).isFalse());
    }
    assertThat(progress).hasSize(2);
  }
}

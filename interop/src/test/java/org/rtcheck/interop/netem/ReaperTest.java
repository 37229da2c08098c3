package org.rtcheck.interop.netem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcheck.stack.nat.NatType;

/** What a crashed run leaves behind is reaped; what a live run owns is not. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReaperTest {

  @BeforeEach
  void requireNetem() {
    assumeTrue(NetemSupport.available(), () -> NetemSupport.unavailableReason().orElse(""));
  }

  @Test
  void aKilledRunsNamespacesAreReapedByTheNextRun() throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                TopologyHolder.class.getName())
            .redirectErrorStream(true)
            .start();
    String prefix;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      prefix = out.readLine();
      assertThat(prefix).matches("rtc[0-9]+a-");
      Reaper reaper = new Reaper();
      assertThat(reaper.namespacesWithPrefix(prefix)).hasSize(4); // inet, nat1, nat1sw, nat1h1
      // A live owner keeps its network.
      assertThat(reaper.reapOrphans()).doesNotContain(prefix);
      assertThat(reaper.namespacesWithPrefix(prefix)).hasSize(4);

      child.destroyForcibly(); // SIGKILL: no finally, no shutdown hook runs
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

      assertThat(reaper.reapOrphans()).contains(prefix);
      assertThat(reaper.namespacesWithPrefix(prefix)).isEmpty();
      assertThat(RunRecord.find(RunRecord.ROOT, prefix)).isEmpty();
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void removeByPrefixTakesADetachedNetworkDown() throws Exception {
    Topology t =
        Topology.builder().router(NatSpec.classic(NatType.FULL_CONE)).detached(true).build();
    String prefix = t.prefix();
    Reaper reaper = new Reaper();
    try {
      assertThat(RunRecord.find(RunRecord.ROOT, prefix).orElseThrow().detached()).isTrue();
      assertThat(reaper.reapOrphans()).doesNotContain(prefix);
      assertThat(reaper.remove(prefix)).isTrue();
      assertThat(reaper.namespacesWithPrefix(prefix)).isEmpty();
      assertThat(reaper.remove(prefix)).isFalse();
    } finally {
      t.close();
    }
    assertThat(reaper.namespacesWithPrefix(prefix)).isEmpty();
  }

  @Test
  void aFailedBuildLeavesNothingBehind() throws Exception {
    LinkImpairment delay = LinkImpairment.parse("delay=40ms,jitter=5ms");
    String prefix = RunPrefix.next();
    try {
      Topology.builder()
          .prefix(prefix)
          .router(
              new RouterSpec(NatSpec.classic(NatType.FULL_CONE), 1, FirewallProfile.OPEN, delay))
          .build()
          .close();
      // sch_netem or the NFQUEUE fallback (ForwardDelay) applied the delay; close() removed it all.
    } catch (UnsupportedImpairmentException e) {
      assertThat(e.getMessage()).contains("sch_netem").contains("loss= and rate= work");
    }
    assertThat(new Reaper().namespacesWithPrefix(prefix)).isEmpty();
    assertThat(RunRecord.find(RunRecord.ROOT, prefix)).isEmpty();
  }
}

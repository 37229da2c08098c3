package org.rtcheck.cli.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcheck.cli.Cli;
import org.rtcheck.cli.Cli.Result;
import org.rtcheck.interop.fixture.Coturn;
import org.rtcheck.interop.netem.CommandRunner;
import org.rtcheck.interop.netem.NetemSupport;
import org.rtcheck.interop.netem.Reaper;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NetCommandsTest {

  @Test
  void upLsDownRoundTrip() throws Exception {
    assumeTrue(NetemSupport.available(), () -> NetemSupport.unavailableReason().orElse(""));
    assumeTrue(Coturn.installed(), Coturn::notInstalledReason);
    Result up =
        Cli.run("net", "up", "--nat", "port-restricted", "--lan-hosts", "2", "--check", "--json");
    assertThat(up.exitCode()).as(up.describe()).isZero();
    JsonNode t = new ObjectMapper().readTree(up.out());
    String prefix = t.get("prefix").asText();
    try {
      assertThat(up.err()).contains("port-restricted-cone").doesNotContain("MISMATCH");
      assertThat(t.at("/internet/stun/server").asText()).isEqualTo("198.18.0.1:3478");
      JsonNode router = t.at("/routers/0");
      assertThat(router.get("nat").asText()).isEqualTo("EIM+APDF");
      assertThat(router.get("hosts")).hasSize(2);
      String host = router.at("/hosts/1/namespace").asText();
      assertThat(router.at("/hosts/1/address").asText()).isEqualTo("10.0.1.11");
      // A user can enter a host; it has no route but through its NAT.
      String routes = new CommandRunner().run("routes", List.of("ip", "-n", host, "route", "show"));
      assertThat(routes).contains("default via 10.0.1.1");

      Result ls = Cli.run("net", "ls");
      assertThat(ls.exitCode()).as(ls.describe()).isZero();
      assertThat(ls.out()).contains(prefix).contains("detached");
      Result lsJson = Cli.run("net", "ls", "--json");
      assertThat(lsJson.out()).contains("\"prefix\" : \"" + prefix + "\"");
    } finally {
      Result down = Cli.run("net", "down", prefix);
      assertThat(down.exitCode()).as(down.describe()).isZero();
      assertThat(down.out()).contains("removed " + prefix);
    }
    assertThat(new Reaper().namespacesWithPrefix(prefix)).isEmpty();
    assertThat(Cli.run("net", "down", prefix).exitCode()).isEqualTo(1);
  }

  @Test
  void benchBadArgumentsAreUsageErrors() {
    Result pair = Cli.run("net", "bench", "--pair", "own");
    assertThat(pair.exitCode()).as(pair.describe()).isEqualTo(2);
    assertThat(pair.err()).contains("OFFERER:ANSWERER");
    Result stack = Cli.run("net", "bench", "--pair", "own:chrome");
    assertThat(stack.exitCode()).as(stack.describe()).isEqualTo(2);
    assertThat(stack.err()).contains("unknown stack \"chrome\"");
    Result runs = Cli.run("net", "bench", "--runs", "0");
    assertThat(runs.exitCode()).as(runs.describe()).isEqualTo(2);
    assertThat(runs.err()).contains("--runs must be 1..50");
  }

  @Test
  void badArgumentsAreUsageErrors() {
    Result r = Cli.run("net", "up", "--nat", "cone");
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
    assertThat(r.err()).contains("MAPPING+FILTERING");
    r = Cli.run("net", "up", "--nat", "symmetric", "--impair", "loss=lots");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("loss must be a whole percentage");
    r = Cli.run("net", "down");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("PREFIX or --all");
    r = Cli.run("net", "down", "../etc");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("PREFIX must look like");
    assertThat(r.unexpected()).isEmpty();
  }

  @Test
  void delayIsAppliedOrATypedErrorAndLeavesNothing() throws Exception {
    assumeTrue(NetemSupport.available(), () -> NetemSupport.unavailableReason().orElse(""));
    List<String> before = new Reaper().namespacesWithPrefix("rtc");
    Result r = Cli.run("net", "up", "--nat", "full-cone", "--impair", "delay=30ms");
    if (r.exitCode() == 0) {
      // sch_netem, or the NFQUEUE fallback (ForwardDelay): the network was built; take it down.
      String prefix = r.out().lines().findFirst().orElseThrow().split("\\s+")[1];
      assertThat(Cli.run("net", "down", prefix).exitCode()).isZero();
      return;
    }
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
    assertThat(r.err()).contains("sch_netem");
    assertThat(new Reaper().namespacesWithPrefix("rtc")).isEqualTo(before);
  }
}

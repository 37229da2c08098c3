package org.rtcheck.docker.nat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rtcheck.docker.DockerAssumptions;
import org.rtcheck.docker.NothingLeft;
import org.rtcheck.docker.run.DockerRun;
import org.rtcheck.interop.netem.NatClassification;
import org.rtcheck.interop.netem.NatSpec;
import org.rtcheck.stack.nat.NatType;

/**
 * The docker environment's NAT scenario: the own RFC 5780 client in a LAN container behind a NAT
 * router container classifies it as built (the local counterpart is NatSelfCheckTest). mvn verify
 * runs port-restricted cone; {@code -Drtcheck.docker.nat=all} adds symmetric.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DockerNatSelfCheckTest {

  static List<NatType> types() {
    return "all".equals(System.getProperty("rtcheck.docker.nat"))
        ? List.of(NatType.SYMMETRIC, NatType.PORT_RESTRICTED_CONE)
        : List.of(NatType.PORT_RESTRICTED_CONE);
  }

  @ParameterizedTest
  @MethodSource("types")
  void ownDiscoveryBehindARouterContainerClassifiesItAsBuilt(NatType type) throws Exception {
    DockerAssumptions.assumeDocker();
    String runId;
    DockerNatSelfCheck.Outcome outcome;
    long t0 = System.nanoTime();
    try (DockerRun run = DockerRun.start(Path.of("target", "docker-evidence"))) {
      runId = run.id();
      outcome = DockerNatSelfCheck.classify(run, NatSpec.classic(type));
    }
    NatClassification c = outcome.classification();
    System.out.printf(
        "docker nat: %s in %d ms (run %s)%n", c, (System.nanoTime() - t0) / 1_000_000, runId);
    assertThat(c.matches()).as(c + "\n" + outcome.ruleset()).isTrue();
    assertThat(outcome.ruleset()).contains("table ip rtcheck_nat");
    NothingLeft.assertRunRemoved(runId);
  }
}

package org.rtcheck.interop.netem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.rtcheck.interop.fixture.Coturn;
import org.rtcheck.stack.nat.NatType;

/**
 * The own ICE agent behind every pair of classic NATs (two routers of each type, so a type also
 * meets itself across two NATs), coturn as STUN server in the internet namespace. Where theory
 * ({@link IceReachability}) promises a direct path, a server- or peer-reflexive pair must be
 * selected. Where only a relay can help, no direct pair may be found, and the cell is then skipped
 * as pending: the TURN client is being written on another branch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IceNatMatrixTest {
  private static final List<NatType> CLASSIC =
      List.of(
          NatType.FULL_CONE,
          NatType.ADDRESS_RESTRICTED_CONE,
          NatType.PORT_RESTRICTED_CONE,
          NatType.SYMMETRIC);

  private Topology topology;
  private String prefix;
  private final IceNatMatrix matrix = new IceNatMatrix(Duration.ofSeconds(8));

  @BeforeAll
  void build() throws Exception {
    assumeTrue(NetemSupport.available(), () -> NetemSupport.unavailableReason().orElse(""));
    assumeTrue(Coturn.installed(), Coturn::notInstalledReason);
    Topology.Builder b = Topology.builder().stunServer(true);
    for (NatType t : CLASSIC) {
      b.router(NatSpec.classic(t)).router(NatSpec.classic(t));
    }
    topology = b.build();
    prefix = topology.prefix();
  }

  @AfterAll
  void tearDown() throws Exception {
    if (topology != null) {
      topology.close();
      assertThat(new Reaper().namespacesWithPrefix(prefix)).isEmpty();
    }
  }

  @TestFactory
  Stream<DynamicTest> natByNat() {
    List<DynamicTest> cells = new ArrayList<>();
    for (int i = 0; i < CLASSIC.size(); i++) {
      for (int j = i; j < CLASSIC.size(); j++) {
        int a = 2 * i + 1; // the first router of type i
        int b = 2 * j + 2; // the second router of type j
        cells.add(
            DynamicTest.dynamicTest(
                CLASSIC.get(i).label() + " x " + CLASSIC.get(j).label(), () -> cell(a, b)));
      }
    }
    return cells.stream();
  }

  private void cell(int a, int b) throws Exception {
    IceCellOutcome c = matrix.run(topology, topology.router(a), topology.router(b));
    System.out.println("ice: " + c);
    if (c.directExpected()) {
      assertThat(c.connected()).as(c.toString()).isTrue();
      assertThat(c.remoteType())
          .hasValueSatisfying(t -> assertThat(t).isIn("SERVER_REFLEXIVE", "PEER_REFLEXIVE"));
    } else {
      assertThat(c.connected()).as("no direct pair may exist: " + c).isFalse();
      Assumptions.abort(
          "needs a relay (no direct pair found, as expected): pending the TURN client");
    }
  }
}

package org.rtcheck.interop.netem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.rtcheck.interop.fixture.Coturn;
import org.rtcheck.stack.nat.NatType;

/**
 * The own ICE agent behind every pair of classic NATs (two routers of each type, so a type also
 * meets itself across two NATs), coturn as STUN and TURN server in the internet namespace. Where
 * theory ({@link IceReachability}) promises a direct path, the agents gather host and
 * server-reflexive candidates only and a server- or peer-reflexive pair must be selected. Where
 * only a relay can help, both agents also offer a relayed candidate (TURN over UDP) and the
 * selected pair must use one. (Offering the relay in direct cells too makes the pair a race: the
 * own controlling agent nominates the first pair that succeeds, and srflx→relay sometimes beats the
 * prflx pair.)
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
    NatRouter ra = topology.router(a);
    NatRouter rb = topology.router(b);
    boolean relay = !IceReachability.directPathExpected(ra.spec().nat(), rb.spec().nat());
    IceCellOutcome c = matrix.run(topology, ra, rb, relay);
    System.out.println("ice: " + c);
    assertThat(c.connected()).as(c.toString()).isTrue();
    if (c.directExpected()) {
      assertThat(c.relayed()).as(c.toString()).isFalse();
      assertThat(c.remoteType())
          .hasValueSatisfying(t -> assertThat(t).isIn("SERVER_REFLEXIVE", "PEER_REFLEXIVE"));
    } else {
      assertThat(c.relayed()).as("only a relay connects these NATs: " + c).isTrue();
    }
    assertThat(c.asExpected()).as(c.toString()).isTrue();
  }
}

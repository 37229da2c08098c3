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
 * Third-party stacks and the own stack as processes in LAN hosts behind the emulated NATs (the
 * representative cells of the ICE matrix), coturn in the internet namespace as STUN server and,
 * where {@link IceReachability} says only a relay connects the two NATs, as TURN server (UDP). Per
 * cell: the data channel opens, 1 MiB arrives intact, and the selected pair the offerer's stats
 * name is direct (server- or peer-reflexive) or relayed as theory predicts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LanPeerMatrixTest {
  private static final int FULL_CONE = 1;
  private static final int PORT_RESTRICTED_A = 2;
  private static final int PORT_RESTRICTED_B = 3;
  private static final int SYMMETRIC_A = 4;
  private static final int SYMMETRIC_B = 5;

  /** Router pairs: two direct cells, two that need a relay. */
  private static final int[][] CELLS = {
    {FULL_CONE, SYMMETRIC_A},
    {PORT_RESTRICTED_A, PORT_RESTRICTED_B},
    {PORT_RESTRICTED_A, SYMMETRIC_A},
    {SYMMETRIC_A, SYMMETRIC_B},
  };

  private static final PeerStack[][] PAIRS = {
    {PeerStack.OWN, PeerStack.LIBWEBRTC},
    {PeerStack.LIBWEBRTC, PeerStack.OWN},
    {PeerStack.LIBWEBRTC, PeerStack.LIBDATACHANNEL},
    {PeerStack.WERIFT, PeerStack.LIBWEBRTC},
  };

  private Topology topology;
  private String prefix;
  private final LanDataChannelRun run =
      new LanDataChannelRun(1 << 20, 16 * 1024, Duration.ofSeconds(15), Duration.ofSeconds(20));

  @BeforeAll
  void build() throws Exception {
    assumeTrue(NetemSupport.available(), () -> NetemSupport.unavailableReason().orElse(""));
    assumeTrue(Coturn.installed(), Coturn::notInstalledReason);
    topology =
        Topology.builder()
            .stunServer(true)
            .router(NatSpec.classic(NatType.FULL_CONE))
            .router(NatSpec.classic(NatType.PORT_RESTRICTED_CONE))
            .router(NatSpec.classic(NatType.PORT_RESTRICTED_CONE))
            .router(NatSpec.classic(NatType.SYMMETRIC))
            .router(NatSpec.classic(NatType.SYMMETRIC))
            .build();
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
  Stream<DynamicTest> stacksBehindNats() {
    List<DynamicTest> tests = new ArrayList<>();
    for (PeerStack[] pair : PAIRS) {
      for (int[] cell : CELLS) {
        tests.add(
            DynamicTest.dynamicTest(
                pair[0].label()
                    + " -> "
                    + pair[1].label()
                    + ": "
                    + label(cell[0])
                    + " x "
                    + label(cell[1]),
                () -> cell(pair[0], pair[1], cell[0], cell[1])));
      }
    }
    return tests.stream();
  }

  private String label(int router) {
    return switch (router) {
      case FULL_CONE -> "full-cone";
      case PORT_RESTRICTED_A, PORT_RESTRICTED_B -> "port-restricted";
      default -> "symmetric";
    };
  }

  private void cell(PeerStack offerer, PeerStack answerer, int a, int b) throws Exception {
    offerer.unavailableReason().ifPresent(r -> assumeTrue(false, r));
    answerer.unavailableReason().ifPresent(r -> assumeTrue(false, r));
    NatRouter ra = topology.router(a);
    NatRouter rb = topology.router(b);
    boolean direct = IceReachability.directPathExpected(ra.spec().nat(), rb.spec().nat());
    Coturn coturn = topology.coturn().orElseThrow();
    Duration start = Duration.ofSeconds(20);
    try (LanPeer x = LanPeer.start(offerer, ra.hosts().get(0), start);
        LanPeer y = LanPeer.start(answerer, rb.hosts().get(0), start)) {
      DataChannelOutcome o = run.run(x, y, LanDataChannelRun.iceServers(coturn, !direct), true);
      System.out.println("netem peers: " + label(a) + " x " + label(b) + ": " + o);
      assertThat(o.intact()).as(o.toString()).isTrue();
      assertThat(o.pairKnown()).as("the offerer's stats name the selected pair: " + o).isTrue();
      if (direct) {
        assertThat(o.relayed()).as("a direct pair is expected: " + o).isFalse();
        assertThat(o.remoteType()).hasValueSatisfying(t -> assertThat(t).isIn("srflx", "prflx"));
      } else {
        assertThat(o.relayed()).as("only a relay connects these NATs: " + o).isTrue();
      }
    }
  }
}

package org.rtcheck.stack.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The frozen/waiting rules of RFC 8445 §6.1.2.6, §6.1.4.2 and §7.2.5.3.3. */
class CheckListTest {

  private static InetSocketAddress addr(String ip, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  @Test
  void oneWaitingPairPerFoundationAndSuccessUnfreezesTheRest() throws Exception {
    CheckList list = new CheckList(100);
    // Two local sockets on one IP share a foundation; so do the two remote ones.
    Candidate l1 = Candidate.host(addr("192.0.2.1", 5000), 1, 65535);
    Candidate l2 = Candidate.host(addr("192.0.2.1", 5002), 1, 65534);
    Candidate r1 = Candidate.host(addr("198.51.100.1", 6000), 1, 65535);
    Candidate r2 = Candidate.host(addr("198.51.100.1", 6002), 1, 65534);
    CandidatePair p11 = list.add(l1, r1, IceRole.CONTROLLING);
    CandidatePair p12 = list.add(l1, r2, IceRole.CONTROLLING);
    CandidatePair p21 = list.add(l2, r1, IceRole.CONTROLLING);
    assertThat(p11.foundation()).isEqualTo(p12.foundation()).isEqualTo(p21.foundation());
    assertThat(p11.state()).isEqualTo(CandidatePairState.WAITING);
    assertThat(p12.state()).isEqualTo(CandidatePairState.FROZEN);
    assertThat(p21.state()).isEqualTo(CandidatePairState.FROZEN);
    assertThat(list.pairs()).first().isSameAs(p11);

    // The highest Waiting pair goes first; while it is In-Progress nothing else may start.
    assertThat(list.next()).isSameAs(p11);
    p11.state(CandidatePairState.IN_PROGRESS);
    assertThat(list.next()).isNull();

    // §7.2.5.3.3: its success unfreezes its foundation.
    p11.state(CandidatePairState.SUCCEEDED);
    list.unfreeze(p11.foundation());
    assertThat(p12.state()).isEqualTo(CandidatePairState.WAITING);
    assertThat(p21.state()).isEqualTo(CandidatePairState.WAITING);
    assertThat(list.activeCount()).isEqualTo(2);
  }

  @Test
  void theLowestComponentThenTheHighestPriorityIsTheWaitingPairOfAFoundation() throws Exception {
    CheckList list = new CheckList(100);
    Candidate l2 = Candidate.host(addr("192.0.2.1", 5001), 2, 65535);
    Candidate r2 = Candidate.host(addr("198.51.100.1", 6001), 2, 65535);
    Candidate l1 = Candidate.host(addr("192.0.2.1", 5000), 1, 65535);
    Candidate r1 = Candidate.host(addr("198.51.100.1", 6000), 1, 65535);
    CandidatePair rtcp = list.add(l2, r2, IceRole.CONTROLLING);
    CandidatePair rtp = list.add(l1, r1, IceRole.CONTROLLING);
    assertThat(rtp.foundation()).isEqualTo(rtcp.foundation());
    assertThat(rtp.state()).isEqualTo(CandidatePairState.WAITING);
    assertThat(rtcp.state()).isEqualTo(CandidatePairState.FROZEN);
  }

  @Test
  void withNothingWaitingAFrozenPairOfAnIdleFoundationIsChecked() throws Exception {
    CheckList list = new CheckList(100);
    Candidate l1 = Candidate.host(addr("192.0.2.1", 5000), 1, 65535);
    Candidate r1 = Candidate.host(addr("198.51.100.1", 6000), 1, 65535);
    Candidate r2 = Candidate.host(addr("198.51.100.1", 6002), 1, 65534);
    CandidatePair first = list.add(l1, r1, IceRole.CONTROLLED);
    CandidatePair second = list.add(l1, r2, IceRole.CONTROLLED);
    first.state(CandidatePairState.FAILED);
    assertThat(second.state()).isEqualTo(CandidatePairState.FROZEN);
    assertThat(list.next()).isSameAs(second); // §6.1.4.2
  }

  @Test
  void triggeredChecksGoFirstAndPruningKeepsOnePairPerPath() throws Exception {
    CheckList list = new CheckList(100);
    Candidate l1 = Candidate.host(addr("192.0.2.1", 5000), 1, 65535);
    Candidate r1 = Candidate.host(addr("198.51.100.1", 6000), 1, 65535);
    Candidate r2 = Candidate.host(addr("198.51.100.9", 6000), 1, 60000);
    CandidatePair high = list.add(l1, r1, IceRole.CONTROLLING);
    CandidatePair low = list.add(l1, r2, IceRole.CONTROLLING);
    list.trigger(low);
    assertThat(list.next()).isSameAs(low);
    assertThat(list.next()).isSameAs(high);
    // §6.1.2.4: a server-reflexive local candidate pairs as its base: the same path.
    Candidate srflx =
        Candidate.serverReflexive(
            addr("203.0.113.5", 40000), l1.base(), addr("203.0.113.1", 3478), 1, 65535);
    assertThat(list.add(srflx, r1, IceRole.CONTROLLING)).isSameAs(high);
    assertThat(list.pairs()).hasSize(2);
  }

  @Test
  void theSizeLimitDropsTheLowestUncheckedPairs() throws Exception {
    CheckList list = new CheckList(2);
    Candidate l1 = Candidate.host(addr("192.0.2.1", 5000), 1, 65535);
    for (int i = 0; i < 4; i++) {
      list.add(
          l1,
          Candidate.host(addr("198.51.100." + (i + 1), 6000), 1, 65535 - i),
          IceRole.CONTROLLING);
    }
    assertThat(list.pairs()).hasSize(2);
    assertThat(list.pairs())
        .extracting(p -> p.remote().address().getAddress().getHostAddress())
        .containsExactly("198.51.100.1", "198.51.100.2");
  }
}

package org.rtcheck.stack.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CandidatePriorityTest {

  @Test
  void formulaOfRfc8445Section5122() {
    // 2^24 * 126 + 2^8 * 65535 + (256 - 1), worked out by hand.
    assertThat(CandidatePriority.compute(CandidateType.HOST, 65535, 1))
        .isEqualTo(126L * 16777216 + 65535L * 256 + 255);
    assertThat(CandidatePriority.compute(CandidateType.RELAYED, 0, 255)).isEqualTo(1);
    assertThatThrownBy(() -> CandidatePriority.compute(CandidateType.RELAYED, 0, 256))
        .hasMessageContaining("1..2^31-1");
    assertThat(CandidatePriority.compute(CandidateType.SERVER_REFLEXIVE, 1, 2))
        .isEqualTo(100L * 16777216 + 256 + 254);
  }

  @Test
  void typeOrderIsHostPrflxSrflxRelay() {
    long host = CandidatePriority.compute(CandidateType.HOST, 0, 1);
    long prflx = CandidatePriority.compute(CandidateType.PEER_REFLEXIVE, 65535, 1);
    long srflx = CandidatePriority.compute(CandidateType.SERVER_REFLEXIVE, 65535, 1);
    long relay = CandidatePriority.compute(CandidateType.RELAYED, 65535, 1);
    assertThat(host).isGreaterThan(prflx);
    assertThat(prflx).isGreaterThan(srflx);
    assertThat(srflx).isGreaterThan(relay);
  }

  @Test
  void outOfRangeInputsAreRefusedByName() {
    assertThatThrownBy(() -> CandidatePriority.compute(127, 0, 1)).hasMessageContaining("type");
    assertThatThrownBy(() -> CandidatePriority.compute(1, 65536, 1)).hasMessageContaining("local");
    assertThatThrownBy(() -> CandidatePriority.compute(1, 0, 0)).hasMessageContaining("component");
    assertThatThrownBy(() -> CandidatePriority.compute(1, 0, 257))
        .hasMessageContaining("component");
  }

  @Test
  void pairPriorityOfSection6123() {
    long g = 2130706431L;
    long d = 1694498815L;
    assertThat(CandidatePriority.pair(g, d)).isEqualTo((d << 32) + 2 * g + 1);
    assertThat(CandidatePriority.pair(d, g)).isEqualTo((d << 32) + 2 * g);
    assertThat(CandidatePriority.pair(g, g)).isEqualTo((g << 32) + 2 * g);
    // Both roles compute the same number for the same pair.
    assertThat(CandidatePriority.pair(IceRole.CONTROLLING, g, d))
        .isEqualTo(CandidatePriority.pair(IceRole.CONTROLLED, d, g));
    // The largest value still fits in a signed long.
    long max = CandidatePriority.MAX_PRIORITY;
    assertThat(CandidatePriority.pair(max, max)).isEqualTo((max << 32) + 2 * max);
    assertThatThrownBy(() -> CandidatePriority.pair(max + 1, 1)).hasMessageContaining("2^31");
  }

  @Test
  void tcpLocalPreferenceOfRfc6544() {
    assertThat(CandidatePriority.tcpLocalPreference(6, 8191)).isEqualTo(6 * 8192 + 8191);
    assertThatThrownBy(() -> CandidatePriority.tcpLocalPreference(8, 0))
        .hasMessageContaining("direction");
  }
}

package org.rtcheck.stack.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rtcheck.stack.ice.IceRole.CONTROLLED;
import static org.rtcheck.stack.ice.IceRole.CONTROLLING;
import static org.rtcheck.stack.ice.RoleConflict.Resolution.NONE;
import static org.rtcheck.stack.ice.RoleConflict.Resolution.RESPOND_487;
import static org.rtcheck.stack.ice.RoleConflict.Resolution.SWITCH_ROLE;

import org.junit.jupiter.api.Test;

class RoleConflictTest {

  @Test
  void rulesOfSection7311() {
    assertThat(RoleConflict.onRequest(CONTROLLING, 5, CONTROLLED, 9)).isEqualTo(NONE);
    assertThat(RoleConflict.onRequest(CONTROLLING, 9, CONTROLLING, 5)).isEqualTo(RESPOND_487);
    assertThat(RoleConflict.onRequest(CONTROLLING, 5, CONTROLLING, 5)).isEqualTo(RESPOND_487);
    assertThat(RoleConflict.onRequest(CONTROLLING, 5, CONTROLLING, 9)).isEqualTo(SWITCH_ROLE);
    assertThat(RoleConflict.onRequest(CONTROLLED, 9, CONTROLLED, 5)).isEqualTo(SWITCH_ROLE);
    assertThat(RoleConflict.onRequest(CONTROLLED, 5, CONTROLLED, 5)).isEqualTo(SWITCH_ROLE);
    assertThat(RoleConflict.onRequest(CONTROLLED, 5, CONTROLLED, 9)).isEqualTo(RESPOND_487);
  }

  @Test
  void tieBreakersCompareUnsigned() {
    // -1 is 2^64-1 unsigned: the largest tie-breaker there is.
    assertThat(RoleConflict.onRequest(CONTROLLING, -1, CONTROLLING, Long.MAX_VALUE))
        .isEqualTo(RESPOND_487);
    assertThat(RoleConflict.onRequest(CONTROLLING, Long.MAX_VALUE, CONTROLLING, -1))
        .isEqualTo(SWITCH_ROLE);
  }

  @Test
  void theRequesterSwitchesAwayFromTheRoleItClaimed() {
    assertThat(RoleConflict.afterResponse487(CONTROLLING)).isEqualTo(CONTROLLED);
    assertThat(RoleConflict.afterResponse487(CONTROLLED)).isEqualTo(CONTROLLING);
  }
}

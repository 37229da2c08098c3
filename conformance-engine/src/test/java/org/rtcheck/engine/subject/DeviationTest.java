package org.rtcheck.engine.subject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviationTest {

  private static Deviation deviation(String symptom, boolean intermittent) {
    return new Deviation(
        "interop/x/y", "a reason", Optional.empty(), Optional.ofNullable(symptom), intermittent);
  }

  @Test
  void aDeviationWithoutSymptomExcusesAnyFailureAndMustOccur() {
    Deviation d = deviation(null, false);
    assertThat(d.judge(List.of("step 3: anything"))).isEqualTo(Deviation.Outcome.DEVIATED);
    assertThat(d.judge(List.of())).isEqualTo(Deviation.Outcome.DID_NOT_OCCUR);
  }

  @Test
  void aSymptomExcusesOnlyTheFailureThatShowsIt() {
    Deviation d = deviation("session of the current generation", false);
    assertThat(d.judge(List.of("step 19: its ICE session of the current generation is checking")))
        .isEqualTo(Deviation.Outcome.DEVIATED);
    assertThat(d.judge(List.of("step 20: send buffer not drained")))
        .isEqualTo(Deviation.Outcome.OTHER_FAILURE);
  }

  @Test
  void anIntermittentDeviationLetsAMatchingRunPass() {
    Deviation d = deviation("checking", true);
    assertThat(d.judge(List.of())).isEqualTo(Deviation.Outcome.PASSED);
    assertThat(d.judge(List.of("stuck in checking"))).isEqualTo(Deviation.Outcome.DEVIATED);
    assertThat(d.judge(List.of("timeout in DTLS"))).isEqualTo(Deviation.Outcome.OTHER_FAILURE);
    assertThat(d.toString()).startsWith("intermittent: a reason");
  }

  @Test
  void anIntermittentDeviationNeedsASymptom() {
    assertThatThrownBy(() -> deviation(null, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("interop/x/y")
        .hasMessageContaining("needs a symptom");
  }
}

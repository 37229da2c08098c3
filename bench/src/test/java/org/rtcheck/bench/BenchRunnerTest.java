package org.rtcheck.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchRunnerTest {

  @Test
  void comparesTheOwnStackWithEachOtherSubject() {
    BenchRunner.Row own = new BenchRunner.Row("StunDecode", "own", 3_000_000, 10_000);
    BenchRunner.Row ice4j = new BenchRunner.Row("StunDecode", "ice4j", 1_000_000, Double.NaN);
    assertThat(BenchRunner.comparison(own, ice4j)).isEqualTo("own stack is 3.0x faster than ice4j");
    assertThat(BenchRunner.comparison(ice4j, own)).isEqualTo("own stack is 3.0x slower than own");

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BenchRunner.print(List.of(own, ice4j), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String table = bytes.toString(StandardCharsets.UTF_8);
    assertThat(table)
        .contains("StunDecode", "3,000,000", "333.3", "1000.0", "n/a")
        .contains("StunDecode: own stack is 3.0x faster than ice4j");
  }

  @Test
  void knowsItsGroups() {
    assertThat(BenchRunner.groups()).contains("stun");
    assertThatThrownBy(() -> BenchRunner.run("nope", System.out, BenchRunner.Settings.quick()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

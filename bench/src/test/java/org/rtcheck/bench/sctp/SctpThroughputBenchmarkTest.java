package org.rtcheck.bench.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SctpThroughputBenchmarkTest {

  @Test
  void oneInvocationDeliversAll64MiB() throws Exception {
    long t0 = System.nanoTime();
    long bytes = SctpThroughputBenchmark.transfer(new byte[SctpThroughputBenchmark.MESSAGE], 1);
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertThat(bytes).isEqualTo(SctpThroughputBenchmark.TOTAL);
    System.out.printf(
        "SCTP in memory, cold JVM: %.1f MiB/s%n", SctpThroughputBenchmark.MIB / seconds);
  }
}

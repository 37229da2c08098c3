package org.rtcheck.bench.sdp;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.rtcheck.stack.sdp.SdpFinding;
import org.rtcheck.stack.sdp.SdpLinter;
import org.rtcheck.stack.sdp.SdpParser;
import org.rtcheck.stack.sdp.SdpType;
import org.rtcheck.stack.sdp.SessionDescription;

/** Linting the parsed Chromium-style offer of {@link SdpParseBenchmark} as an offer. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SdpLintBenchmark {

  private SessionDescription offer;

  @Setup
  public void setUp() {
    offer = SdpParser.parse(SdpParseBenchmark.CHROME_OFFER).description().orElseThrow();
  }

  @Benchmark
  public List<SdpFinding> own() {
    return SdpLinter.check(offer, SdpType.OFFER, false);
  }
}

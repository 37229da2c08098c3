package org.rtcheck.bench.sdp;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.rtcheck.stack.sdp.SdpParseMode;
import org.rtcheck.stack.sdp.SdpParseResult;
import org.rtcheck.stack.sdp.SdpParser;

/**
 * Parsing the Chromium offer of the SDP corpus (harvested from the installed Chromium by {@code
 * rtcheck sdp harvest}) with the own stack. There is no third-party Java SDP parser on the class
 * path to compare with, so the group has the {@code own} subject only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SdpParseBenchmark {

  /** The real Chromium offer of the SDP corpus (audio, video, a data channel). */
  static final String CHROME_OFFER = SdpCorpus.offer("chromium");

  @Setup
  public void check() {
    if (!SdpParser.parse(CHROME_OFFER, SdpParseMode.STRICT).errors().isEmpty()) {
      throw new IllegalStateException("the corpus Chromium offer does not parse cleanly");
    }
  }

  @Benchmark
  public SdpParseResult own() {
    return SdpParser.parse(CHROME_OFFER, SdpParseMode.STRICT);
  }
}

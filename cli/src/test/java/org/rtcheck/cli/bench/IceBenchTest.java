package org.rtcheck.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcheck.interop.fixture.Coturn;

@Timeout(value = 180, unit = TimeUnit.SECONDS)
class IceBenchTest {

  @Test
  void printsOwnHostAndRelayRowsNextToLibwebrtcOrSaysWhyNot() throws Exception {
    assumeTrue(Coturn.installed(), Coturn::notInstalledReason);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = IceBench.run(3, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(out);
    assertThat(code).isZero();
    assertThat(out).containsPattern("host-only +[0-9.]+ +[0-9.]+ +0 ");
    assertThat(out).containsPattern("relay-only +[0-9.]+ +[0-9.]+ +0 ");
    if (IceBench.nodeProblem().isPresent()) {
      assertThat(out).contains("libwebrtc column skipped");
    } else {
      assertThat(out).containsPattern("host-only( +[0-9.]+){2} +0( +[0-9.]+){2} +[0-9]+ +[0-9.]+");
    }
  }
}

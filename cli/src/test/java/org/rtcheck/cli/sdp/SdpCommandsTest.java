package org.rtcheck.cli.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtcheck.cli.Cli;
import org.rtcheck.interop.subject.shim.ShimSubjectProvider;

class SdpCommandsTest {

  static final String FP =
      "19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2";

  static final String OFFER =
      String.join(
          "\r\n",
          "v=0",
          "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
          "s=-",
          "t=0 0",
          "a=group:BUNDLE 0",
          "m=audio 9 UDP/TLS/RTP/SAVPF 111",
          "c=IN IP4 0.0.0.0",
          "a=mid:0",
          "a=ice-ufrag:a1B2",
          "a=ice-pwd:abcdefghijklmnopqrstuv",
          "a=fingerprint:sha-256 " + FP,
          "a=setup:actpass",
          "a=rtcp-mux",
          "a=sendrecv",
          "a=rtpmap:111 opus/48000/2",
          "a=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host",
          "");

  private static Path write(Path dir, String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void aCleanOfferExitsZeroWithItsSummary(@TempDir Path dir) throws Exception {
    Cli.Result r = Cli.run("sdp", "check", write(dir, "offer.sdp", OFFER).toString());
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.out())
        .contains("SDP offer, 1 m-section(s), BUNDLE 0")
        .contains("111 opus/48000/2")
        .contains("setup actpass")
        .contains("0 violation(s)");
  }

  @Test
  void violationsExitOneWithLineAndRfc(@TempDir Path dir) throws Exception {
    Path f = write(dir, "answer.sdp", OFFER);
    Cli.Result r = Cli.run("sdp", "check", "--type", "answer", f.toString());
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
    assertThat(r.out()).contains("line 12").contains("setup-answer").contains("RFC 8842");
    Cli.Result json = Cli.run("sdp", "check", "--type", "answer", "--json", f.toString());
    JsonNode node = new ObjectMapper().readTree(json.out());
    assertThat(node.path("check").path("violations").toString()).contains("setup-answer");
  }

  @Test
  void strictModeNamesSyntaxErrors(@TempDir Path dir) throws Exception {
    Path f = write(dir, "lf.sdp", OFFER.replace("\r\n", "\n"));
    assertThat(Cli.run("sdp", "check", f.toString()).exitCode()).isZero();
    Cli.Result strict = Cli.run("sdp", "check", "--strict", f.toString());
    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(strict.out()).contains("line-ending");
  }

  @Test
  void unparseableAndBadArgumentsExitTwo(@TempDir Path dir) throws Exception {
    Cli.Result r = Cli.run("sdp", "check", write(dir, "x.sdp", "hello\r\n").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).contains("not parseable: line 1");
    assertThat(Cli.run("sdp", "check", dir.resolve("missing.sdp").toString()).err())
        .contains("no such file");
    Path binary = dir.resolve("bin.sdp");
    Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
    assertThat(Cli.run("sdp", "check", binary.toString()).err()).contains("not UTF-8");
    assertThat(Cli.run("sdp", "check", "--type", "maybe", binary.toString()).exitCode())
        .isEqualTo(2);
  }

  @Test
  void randomInputNeverEscapes(@TempDir Path dir) throws Exception {
    Random random = new Random(7);
    for (int i = 0; i < 300; i++) {
      StringBuilder s = new StringBuilder(OFFER);
      for (int k = 0; k < 5; k++) {
        int at = random.nextInt(s.length());
        s.setCharAt(at, (char) (' ' + random.nextInt(95)));
      }
      if (random.nextBoolean()) {
        s.setLength(random.nextInt(s.length()));
      }
      Cli.Result r = Cli.run("sdp", "check", write(dir, "r.sdp", s.toString()).toString());
      assertThat(r.unexpected()).as(r.describe()).isEmpty();
      assertThat(r.exitCode()).isBetween(0, 2);
    }
  }

  @Test
  void formatWritesCanonicalSdp(@TempDir Path dir) throws Exception {
    Path f = write(dir, "messy.sdp", OFFER.replace("\r\n", "\n").replace("s=-", "s=-\n"));
    Cli.Result r = Cli.run("sdp", "format", f.toString());
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.out()).startsWith("v=0\r\n").contains("\r\na=mid:0\r\n").doesNotContain("\n\n");
  }

  @Test
  void harvestWritesTheCorpusAndItsVectors(@TempDir Path dir) throws Exception {
    assumeTrue(ShimSubjectProvider.shimsRoot().isPresent(), "no interop/shims here");
    Cli.Result r = Cli.run("sdp", "harvest", "--peer", "werift", "--vectors-dir", dir.toString());
    assumeTrue(!r.out().contains("skipped werift"), () -> "werift not installed: " + r.out());
    assertThat(r.exitCode()).as(r.describe()).isZero();
    JsonNode entry =
        new ObjectMapper().readTree(dir.resolve("rtcheck/sdp-corpus/werift.json").toFile());
    assertThat(entry.path("offer").asText()).startsWith("v=0").contains("m=application");
    assertThat(entry.path("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
    JsonNode vectors =
        new ObjectMapper().readTree(dir.resolve("rtcheck/vectors/sdp/corpus.json").toFile());
    assertThat(vectors.path("vectors").size()).isEqualTo(8);
    assertThat(
            Cli.run("sdp", "harvest", "--peer", "nope", "--vectors-dir", dir.toString()).exitCode())
        .isEqualTo(2);
  }
}

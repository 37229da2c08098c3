package org.rtcheck.vectors.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.rtcheck.docker.image.DebianImage;
import org.rtcheck.docker.image.NodeShimsImage;
import org.rtcheck.docker.matrix.NodeShimPlacement;
import org.rtcheck.docker.run.DockerRun;
import org.rtcheck.engine.RtcheckTestEngine;
import org.rtcheck.interop.env.DockerEngineProbe;

/**
 * Interop matrix cells under {@code rtcheck.env=docker}, through the engine as {@code rtcheck run
 * --env docker} runs them: a browser in a container of the run (browsers-docker's
 * DockerBrowserPlacement; Chromium over WebDriver, Firefox over BiDi) or GStreamer's webrtcbin in a
 * container (GStreamerShimPlacement) offers, libwebrtc or the own stack on the host answers
 * (gathering on the run network's gateway), or libwebrtc in a node-shims container does, 1 MiB over
 * a reliable channel. Then nothing of the run is left: no container or network with this JVM's
 * label, no shim or browser process. Skipped, saying why, where no Docker engine answers.
 */
class DockerMatrixCellTest {

  @ParameterizedTest(name = "{0} -> {1} (node stacks on the {2})")
  @CsvSource({
    "chromium, libwebrtc, host",
    "chromium, own, host",
    "firefox, libwebrtc, host",
    "chromium, libwebrtc, container",
    "gstreamer, libwebrtc, host"
  })
  void aBrowserInAContainerMovesOneMebibyteAndLeavesNothing(
      String offerer, String answerer, String node) throws Exception {
    DockerEngineProbe.Answer engine = DockerEngineProbe.fromEnvironment().ping();
    assumeTrue(engine.answers(), () -> "no Docker engine: " + engine.detail());
    assumeTrue(DebianImage.baseImagePresent(), "no debian:bookworm image in the Docker engine");
    if (offerer.equals("firefox") || offerer.equals("gstreamer")) {
      // Their images take minutes to build on a new machine; CI builds only Chromium's.
      String tag = DebianImage.of(offerer).tag();
      assumeTrue(
          DebianImage.imagePresent(tag),
          () ->
              tag
                  + " is not built (docker build -t "
                  + tag
                  + " browsers-docker/"
                  + offerer
                  + " builds it)");
    }
    if (node.equals("container")) {
      String tag = NodeShimsImage.forHost(Path.of("..", "interop", "shims")).tag();
      assumeTrue(
          DebianImage.imagePresent(tag),
          () ->
              tag
                  + " is not built (./mvnw -pl browsers-docker -am verify"
                  + " -Drtcheck.docker.excluded=none builds it)");
    }
    String before = System.getProperty("rtcheck.env");
    System.setProperty("rtcheck.env", "docker");
    System.setProperty(NodeShimPlacement.WHERE, node);
    EngineExecutionResults results;
    try {
      results =
          EngineTestKit.engine(RtcheckTestEngine.ENGINE_ID)
              .selectors(selectClass(DataChannelMatrixTest.class))
              .configurationParameter(RtcheckTestEngine.SUBJECTS, offerer + "," + answerer)
              .configurationParameter(RtcheckTestEngine.TIMEOUT_MS, "60000")
              .filters(
                  TagFilter.includeTags(
                      "subject:"
                          + offerer
                          + " & answerer:"
                          + answerer
                          + " & matrix-feature:datachannel.reliable"))
              .execute();
    } finally {
      System.clearProperty(NodeShimPlacement.WHERE);
      if (before == null) {
        System.clearProperty("rtcheck.env");
      } else {
        System.setProperty("rtcheck.env", before);
      }
    }
    List<Event> skipped = results.testEvents().skipped().list();
    assumeTrue(
        skipped.isEmpty(),
        () ->
            "cell skipped: "
                + skipped.stream()
                    .map(e -> e.getPayload().map(String::valueOf).orElse("?"))
                    .collect(Collectors.joining("; ")));
    assertThat(results.testEvents().started().count()).as("cells started").isEqualTo(1);
    assertThat(results.testEvents().failed().list())
        .as("failed cells (with their reasons)")
        .isEmpty();
    assertThat(results.testEvents().succeeded().count()).as("cells passed").isEqualTo(1);

    var client = DockerRun.client();
    List<String> mine = List.of(DockerRun.PID_LABEL + "=" + ProcessHandle.current().pid());
    assertThat(client.listContainersCmd().withShowAll(true).withLabelFilter(mine).exec())
        .as("containers of this JVM's runs")
        .isEmpty();
    assertThat(client.listNetworksCmd().withFilter("label", mine).exec())
        .as("networks of this JVM's runs")
        .isEmpty();
    assertThat(
            ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("?"))
                .filter(c -> c.contains("shim") || c.contains("chrom") || c.contains("dumpcap"))
                .toList())
        .as("shim, browser or capture processes left")
        .isEmpty();
  }
}

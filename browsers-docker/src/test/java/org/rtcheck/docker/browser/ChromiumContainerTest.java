package org.rtcheck.docker.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcheck.docker.DockerAssumptions;
import org.rtcheck.docker.OwnAnswerer;
import org.rtcheck.docker.run.DockerRun;
import org.rtcheck.docker.webdriver.WebDriverPeer;
import org.testcontainers.containers.Network;

/**
 * The docker environment's browser cell: Chromium in its container offers, the own stack answers,
 * Chromium accepts; its host candidate is its address on the run's network; nothing is left.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ChromiumContainerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void chromiumInAContainerOffersAndAcceptsTheOwnStacksAnswer() throws Exception {
    DockerAssumptions.assumeDocker();
    String runId;
    try (DockerRun run = DockerRun.start(Path.of("target", "docker-evidence"))) {
      runId = run.id();
      Network lan = run.network("lan");
      try (ChromiumContainer container = ChromiumContainer.start(run, lan);
          WebDriverPeer chromium = container.open()) {
        JsonNode offer =
            JSON.readTree(
                chromium.call(
                    "jsep.offer", "{\"audio\":true,\"video\":true,\"datachannel\":true}"));
        assertThat(offer.has("ok")).as(offer.toString()).isTrue();
        String sdp = offer.path("ok").path("sdp").asText();
        assertThat(sdp).startsWith("v=0").contains("m=audio").contains("m=video");
        assertThat(container.address()).isPresent();
        assertThat(sdp).contains("a=candidate").contains(" " + container.address().get() + " ");

        String answer = OwnAnswerer.answer(sdp);
        JsonNode accepted =
            JSON.readTree(
                chromium.call(
                    "jsep.accept-answer", JSON.createObjectNode().put("sdp", answer).toString()));
        assertThat(accepted.has("ok")).as(accepted.toString()).isTrue();
        System.out.printf(
            "docker run %s: %s in container at %s%n",
            runId, chromium.browser(), container.address().get());
      }
      assertThat(Files.list(run.evidenceDirectory()).map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.contains("chromium") && n.endsWith(".log"));
    }
    // After close: no container or network of that run remains.
    try (DockerRun check = DockerRun.start(Path.of("target", "docker-evidence"))) {
      assertThat(
              check
                  .dockerClient()
                  .listContainersCmd()
                  .withShowAll(true)
                  .withLabelFilter(java.util.List.of(DockerRun.RUN_LABEL + "=" + runId))
                  .exec())
          .isEmpty();
      assertThat(
              check
                  .dockerClient()
                  .listNetworksCmd()
                  .withFilter("label", java.util.List.of(DockerRun.RUN_LABEL + "=" + runId))
                  .exec())
          .isEmpty();
    }
  }
}

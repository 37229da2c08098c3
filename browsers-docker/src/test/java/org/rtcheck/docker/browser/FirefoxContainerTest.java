package org.rtcheck.docker.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcheck.docker.DockerAssumptions;
import org.rtcheck.docker.OwnAnswerer;
import org.rtcheck.docker.bidi.BidiPeer;
import org.rtcheck.docker.run.DockerRun;
import org.testcontainers.containers.Network;

/**
 * The docker environment's Firefox cell, over WebDriver BiDi: Firefox in its container offers, the
 * own stack answers, Firefox accepts; its host candidate is its run address; nothing is left.
 */
// Builds an image of its own (minutes on a new machine): not in the CI subset, see README.
@Tag("docker-extra")
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class FirefoxContainerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void firefoxInAContainerOffersAndAcceptsTheOwnStacksAnswer() throws Exception {
    DockerAssumptions.assumeDocker();
    String runId;
    try (DockerRun run = DockerRun.start(Path.of("target", "docker-evidence"))) {
      runId = run.id();
      Network lan = run.network("lan");
      try (FirefoxContainer container = FirefoxContainer.start(run, lan);
          BidiPeer firefox = container.open()) {
        JsonNode offer =
            JSON.readTree(
                firefox.call("jsep.offer", "{\"audio\":true,\"video\":true,\"datachannel\":true}"));
        assertThat(offer.has("ok")).as(offer.toString()).isTrue();
        String sdp = offer.path("ok").path("sdp").asText();
        assertThat(sdp).startsWith("v=0").contains("m=audio").contains("m=video");
        assertThat(container.address()).isPresent();
        assertThat(sdp).contains("a=candidate").contains(" " + container.address().get() + " ");

        String answer = OwnAnswerer.answer(sdp);
        JsonNode accepted =
            JSON.readTree(
                firefox.call(
                    "jsep.accept-answer", JSON.createObjectNode().put("sdp", answer).toString()));
        assertThat(accepted.has("ok")).as(accepted.toString()).isTrue();
        assertThat(firefox.browser()).startsWith("firefox");
        System.out.printf(
            "docker run %s: %s in container at %s%n",
            runId, firefox.browser(), container.address().get());
      }
      assertThat(Files.list(run.evidenceDirectory()).map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.contains("firefox") && n.endsWith(".log"));
    }
    org.rtcheck.docker.NothingLeft.assertRunRemoved(runId);
  }
}

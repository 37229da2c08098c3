package org.rtcheck.docker.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcheck.docker.DockerAssumptions;
import org.rtcheck.docker.NothingLeft;
import org.rtcheck.docker.OwnAnswerer;
import org.rtcheck.docker.image.NodeShimsImage;
import org.rtcheck.docker.run.DockerRun;
import org.rtcheck.engine.shim.ShimSubject;
import org.rtcheck.interop.subject.shim.ShimSubjectProvider;
import org.testcontainers.containers.Network;

/**
 * The node-shims image builds here (npm ci through the host's CA bundle) and one node-stack cell
 * runs in docker: werift in its container offers, the own stack answers, werift accepts.
 */
// Builds an image of its own (minutes on a new machine): not in the CI subset, see README.
@Tag("docker-extra")
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class NodeShimContainerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void weriftInAContainerOffersAndAcceptsTheOwnStacksAnswer() throws Exception {
    DockerAssumptions.assumeDocker();
    Optional<Path> shims = ShimSubjectProvider.shimsRoot();
    assumeTrue(shims.isPresent(), "no interop/shims folder (set -Drtcheck.home)");
    NodeShimsImage image = NodeShimsImage.forHost(shims.get());
    String runId;
    try (DockerRun run = DockerRun.start(Path.of("target", "docker-evidence"))) {
      runId = run.id();
      Network lan = run.network("lan");
      try (ShimSubject werift =
          NodeShimContainer.open(run, lan, image, "werift", Duration.ofSeconds(60))) {
        JsonNode offer =
            werift.invoke(
                "jsep.offer",
                JSON.createObjectNode()
                    .put("audio", true)
                    .put("video", true)
                    .put("datachannel", true));
        String sdp = offer.path("sdp").asText();
        assertThat(sdp).as(offer.toString()).startsWith("v=0").contains("a=candidate");
        String answer = OwnAnswerer.answer(sdp);
        werift.invoke("jsep.accept-answer", JSON.createObjectNode().put("sdp", answer));
        System.out.printf(
            "docker run %s: %s %s in a container%n", runId, werift.displayName(), image.tag());
      }
    }
    NothingLeft.assertRunRemoved(runId);
  }
}

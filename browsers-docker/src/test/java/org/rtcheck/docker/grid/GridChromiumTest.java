package org.rtcheck.docker.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcheck.docker.OwnAnswerer;
import org.rtcheck.docker.webdriver.WebDriverPeer;

/**
 * The grid environment end to end: a real Selenium Grid on loopback with Debian's Chromium and
 * chromedriver, a browser cell through it (Chromium's jsep.offer, the own stack's answer, Chromium
 * accepting it), and the node and browser versions recorded.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GridChromiumTest {
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void chromiumOnTheGridOffersAndAcceptsTheOwnStacksAnswer() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of(CHROMEDRIVER)), "no " + CHROMEDRIVER + " (chromium-driver)");
    assumeTrue(Files.isExecutable(Path.of(CHROMIUM)), "no " + CHROMIUM + " (chromium)");
    try (LocalGrid grid = LocalGrid.start(CHROMEDRIVER, CHROMIUM)) {
      JsonNode status = JSON.readTree(grid.status());
      JsonNode node = status.path("value").path("nodes").path(0);
      assertThat(node.path("uri").asText()).as(grid.status()).startsWith("http");
      String nodeVersion = node.path("version").asText();

      try (WebDriverPeer chromium =
          WebDriverPeer.chromium(grid.url().toURL(), grid.url().resolve("/status"), CHROMIUM)) {
        JsonNode offer =
            JSON.readTree(
                chromium.call(
                    "jsep.offer", "{\"audio\":true,\"video\":true,\"datachannel\":true}"));
        assertThat(offer.has("ok")).as(offer.toString()).isTrue();
        String sdp = offer.path("ok").path("sdp").asText();
        assertThat(sdp)
            .startsWith("v=0")
            .contains("m=audio")
            .contains("m=video")
            .contains("a=candidate");

        String answer = OwnAnswerer.answer(sdp);
        JsonNode accepted =
            JSON.readTree(
                chromium.call(
                    "jsep.accept-answer", JSON.createObjectNode().put("sdp", answer).toString()));
        assertThat(accepted.has("ok")).as(accepted.toString()).isTrue();

        System.out.printf(
            "grid %s node %s (Selenium %s), browser %s, session %s%n",
            grid.url(),
            node.path("uri").asText(),
            nodeVersion,
            chromium.browser(),
            chromium.sessionId());
        assertThat(chromium.browser()).startsWith("chrome").matches(".* [0-9]+\\..*");
      }
    }
  }
}

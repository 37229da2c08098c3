package org.rtcheck.interop.subject.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rtcheck.engine.subject.Subject;

/** The real peers behind the shims, driven through the Java shim client. */
class ShimPeersTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Map<String, Subject> peers;

  @BeforeAll
  static void load() {
    peers =
        new ShimSubjectProvider()
            .subjects().stream().collect(Collectors.toMap(Subject::id, Function.identity()));
  }

  @AfterAll
  static void close() {
    peers.values().forEach(Subject::close);
  }

  private static Subject peer(String id) {
    Subject s = peers.get(id);
    assumeTrue(s != null, "no shim " + id + " under interop/shims");
    assumeTrue(
        s.unavailableReason().isEmpty(), () -> id + " is not available: " + s.unavailableReason());
    return s;
  }

  @ParameterizedTest(name = "{0} offers, {1} answers, {0} accepts")
  @CsvSource({
    "werift, libwebrtc",
    "libwebrtc, libdatachannel",
    "libdatachannel, werift",
    "chromium, firefox",
    "firefox, gstreamer",
    "gstreamer, chromium",
    "libwebrtc, chromium",
  })
  void offerAnswerAcrossStacks(String offerer, String answerer) throws Exception {
    Subject a = peer(offerer);
    Subject b = peer(answerer);
    ObjectNode media = JSON.createObjectNode();
    media.put("audio", true).put("video", true).put("datachannel", true);
    JsonNode offer = a.invoke("jsep.offer", media);
    assertThat(offer.path("type").asText()).isEqualTo("offer");
    assertThat(offer.path("sdp").asText())
        .startsWith("v=0")
        .contains("m=audio", "m=video", "m=application");
    JsonNode answer =
        b.invoke("jsep.answer", JSON.createObjectNode().put("sdp", offer.path("sdp").asText()));
    assertThat(answer.path("sdp").asText()).contains("a=setup:");
    JsonNode accepted =
        a.invoke(
            "jsep.accept-answer", JSON.createObjectNode().put("sdp", answer.path("sdp").asText()));
    assertThat(accepted.isObject()).isTrue();
    assertThat(a.version()).isNotBlank().isNotEqualTo("?");
  }

  @ParameterizedTest
  @CsvSource({"werift", "libwebrtc", "libdatachannel", "chromium", "firefox", "gstreamer"})
  void harvestGivesAnOfferAndItsAnswer(String id) throws Exception {
    Subject s = peer(id);
    ObjectNode media = JSON.createObjectNode();
    media.put("audio", true).put("video", true).put("datachannel", true);
    JsonNode both = s.invoke("jsep.harvest", media);
    for (String part : List.of("offer", "answer")) {
      assertThat(both.path(part).asText()).as(id + " " + part).startsWith("v=0");
    }
  }
}

package org.rtcheck.interop.subject.own;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.rtcheck.engine.subject.Subject;
import org.rtcheck.interop.subject.shim.ShimSubjectProvider;

/**
 * The own stack offers and libwebrtc (node shim, {@code @roamhq/wrtc}) answers; then the own side
 * adds audio and restarts ICE in later offers that libwebrtc answers, with the data channel
 * carrying messages before and after; then libwebrtc re-offers and the own side answers. Needs only
 * ops the node shim already has: libwebrtc answers a restart offer on its own (RFC 8445 §9).
 */
class OwnLibwebrtcRestartTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode args(String pc) {
    return JSON.createObjectNode().put("pc", pc);
  }

  private static void exchange(Subject offerer, String a, Subject answerer, String b)
      throws Exception {
    JsonNode offer = offerer.invoke("pc.offer", args(a));
    JsonNode answer = answerer.invoke("pc.answer", args(b).put("sdp", offer.get("sdp").asText()));
    offerer.invoke("pc.accept-answer", args(a).put("sdp", answer.get("sdp").asText()));
  }

  private static void transfer(Subject from, String a, Subject to, String b, int count)
      throws Exception {
    JsonNode sent =
        from.invoke(
            "dc.send",
            args(a)
                .put("label", "ops")
                .put("count", count)
                .put("messageSize", 1000)
                .put("seed", 3));
    JsonNode got =
        to.invoke(
            "dc.receive-check",
            args(b)
                .put("label", "ops")
                .put("bytes", sent.get("bytes").asLong())
                .put("timeoutMs", 10_000));
    assertThat(got.get("sha256")).isEqualTo(sent.get("sha256"));
  }

  private static void waitForNewPair(OwnStackSubject own, String a, int before) throws Exception {
    long end = System.currentTimeMillis() + 10_000;
    while (own.invoke("pc.stats", args(a)).get("selectedPairChanges").asInt() <= before
        && System.currentTimeMillis() < end) {
      Thread.sleep(20);
    }
    assertThat(own.invoke("pc.stats", args(a)).get("selectedPairChanges").asInt())
        .as("a pair selected by the restart's checks")
        .isGreaterThan(before);
  }

  /** libwebrtc's inbound-rtp stats entry for audio once it counted {@code min} packets. */
  private static JsonNode awaitInboundAudio(Subject lw, String b, long min) throws Exception {
    long end = System.currentTimeMillis() + 10_000;
    JsonNode last = JSON.createObjectNode();
    while (System.currentTimeMillis() < end) {
      for (JsonNode st : lw.invoke("pc.stats", args(b)).path("stats")) {
        if (st.path("type").asText().equals("inbound-rtp")
            && (st.path("kind").asText().equals("audio")
                || st.path("mediaType").asText().equals("audio"))) {
          last = st;
        }
      }
      if (last.path("packetsReceived").asLong() >= min) {
        return last;
      }
      Thread.sleep(100);
    }
    return last;
  }

  @Test
  void ownOfferRenegotiatesAudioAndRestartsIceWithLibwebrtc() throws Exception {
    Subject lw =
        new ShimSubjectProvider()
            .subjects().stream().filter(s -> s.id().equals("libwebrtc")).findFirst().orElse(null);
    assumeTrue(lw != null, "no libwebrtc shim under interop/shims");
    try (OwnStackSubject own = new OwnStackSubject()) {
      assumeTrue(lw.unavailableReason().isEmpty(), () -> "libwebrtc: " + lw.unavailableReason());
      String a = own.invoke("pc.create", JSON.createObjectNode()).get("pc").asText();
      String b = lw.invoke("pc.create", JSON.createObjectNode()).get("pc").asText();
      own.invoke("dc.create", args(a).put("label", "ops"));
      exchange(own, a, lw, b);
      own.invoke("pc.wait", args(a).put("state", "connected"));
      lw.invoke("pc.wait", args(b).put("state", "connected"));
      lw.invoke("dc.wait-open", args(b).put("label", "ops"));
      transfer(own, a, lw, b, 50);

      // A later offer adds an audio m-section; libwebrtc answers it on the same transport.
      own.invoke("pc.add-media", args(a).put("audio", true).put("video", false));
      JsonNode offer = own.invoke("pc.offer", args(a));
      JsonNode answer = lw.invoke("pc.answer", args(b).put("sdp", offer.get("sdp").asText()));
      assertThat(answer.get("sdp").asText()).contains("m=audio").contains("a=mid:1");
      own.invoke("pc.accept-answer", args(a).put("sdp", answer.get("sdp").asText()));
      transfer(own, a, lw, b, 100);
      // libwebrtc takes the synthetic Opus stream (SRTP, payload type, MID routing).
      JsonNode inbound = awaitInboundAudio(lw, b, 25);
      assertThat(inbound.path("packetsReceived").asLong()).isGreaterThanOrEqualTo(25);
      assertThat(inbound.path("mid").asText()).isEqualTo("1");
      assertThat(inbound.path("totalSamplesReceived").asLong()).as("decoded").isPositive();
      System.out.println("libwebrtc inbound-rtp audio from the own stack: " + inbound);

      JsonNode old = own.invoke("pc.stats", args(a));
      String before = old.get("localUfrag").asText();
      own.invoke("pc.restart-ice", args(a));
      JsonNode restart = own.invoke("pc.offer", args(a));
      JsonNode restarted = lw.invoke("pc.answer", args(b).put("sdp", restart.get("sdp").asText()));
      own.invoke("pc.accept-answer", args(a).put("sdp", restarted.get("sdp").asText()));
      own.invoke("pc.wait", args(a).put("state", "connected"));
      waitForNewPair(own, a, old.get("selectedPairChanges").asInt());
      transfer(own, a, lw, b, 150);
      JsonNode stats = own.invoke("pc.stats", args(a));
      assertThat(stats.get("localUfrag").asText()).isNotEqualTo(before);
      assertThat(stats.get("selectedPair").isObject()).isTrue();
      assertThat(stats.get("connectionState").asText()).isEqualTo("connected");

      // libwebrtc offers next (roles of the offer swap, DTLS roles stay: RFC 8842 §5.5); the own
      // side answers on the same association and receives on the same channel.
      exchange(lw, b, own, a);
      transfer(lw, b, own, a, 50);
      transfer(own, a, lw, b, 200);
      assertThat(own.invoke("pc.stats", args(a)).get("connectionState").asText())
          .isEqualTo("connected");
      own.invoke("pc.close", args(a));
      lw.invoke("pc.close", args(b));
    } finally {
      lw.close();
    }
  }
}

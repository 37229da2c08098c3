package org.rtcheck.interop.subject.own;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rtcheck.engine.subject.Subject;
import org.rtcheck.interop.subject.shim.ShimSubjectProvider;

/**
 * The own stack offers and a real peer (libwebrtc through the node shim, Chromium, Firefox)
 * answers; then the own side adds audio (synthetic Opus, which the peer must receive) and restarts
 * ICE in later offers that the peer answers, with the data channel carrying messages before and
 * after; then the peer re-offers and the own side answers. Needs only ops the shims already have: a
 * peer answers a restart offer on its own (RFC 8445 §9).
 */
class OwnRenegotiationInteropTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode args(String pc) {
    return JSON.createObjectNode().put("pc", pc);
  }

  private void exchange(Subject offerer, String a, Subject answerer, String b) throws Exception {
    JsonNode offer = offerer.invoke("pc.offer", args(a));
    JsonNode answer = answerer.invoke("pc.answer", args(b).put("sdp", offer.get("sdp").asText()));
    offerer.invoke("pc.accept-answer", args(a).put("sdp", answer.get("sdp").asText()));
    trickle(offerer, a, answerer, b);
  }

  /** For trickle sessions: what each side gathered so far goes to the other (both ways). */
  private void trickle(Subject x, String a, Subject y, String b) throws Exception {
    if (!trickleOn) {
      return;
    }
    forward(x, a, y, b);
    forward(y, b, x, a);
  }

  private static void forward(Subject from, String a, Subject to, String b) throws Exception {
    JsonNode c = from.invoke("pc.candidates", args(a).put("timeoutMs", 3_000));
    ObjectNode add = args(b);
    add.set("candidates", c.get("candidates"));
    to.invoke("pc.add-candidate", add.put("endOfCandidates", c.get("endOfCandidates").asBoolean()));
  }

  /** Whether this run's sessions trickle; JUnit makes one instance per run. */
  private boolean trickleOn;

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

  /** The peer's inbound-rtp stats entry for audio once it counted {@code min} packets. */
  private static JsonNode awaitInboundAudio(Subject them, String b, long min) throws Exception {
    long end = System.currentTimeMillis() + 10_000;
    JsonNode last = JSON.createObjectNode();
    while (System.currentTimeMillis() < end) {
      for (JsonNode st : them.invoke("pc.stats", args(b)).path("stats")) {
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

  @ParameterizedTest(name = "{0}, trickle {1}")
  @CsvSource({
    "libwebrtc, false",
    "chromium, false",
    "firefox, false",
    "libwebrtc, true",
    "chromium, true"
  })
  void ownOfferRenegotiatesAudioAndRestartsIce(String peer, boolean trickle) throws Exception {
    trickleOn = trickle;
    Subject them =
        new ShimSubjectProvider()
            .subjects().stream().filter(s -> s.id().equals(peer)).findFirst().orElse(null);
    assumeTrue(them != null, "no " + peer + " shim under interop/shims");
    try (OwnStackSubject own = new OwnStackSubject()) {
      assumeTrue(them.unavailableReason().isEmpty(), () -> peer + ": " + them.unavailableReason());
      ObjectNode create = JSON.createObjectNode().put("trickle", trickle);
      String a = own.invoke("pc.create", create).get("pc").asText();
      String b = them.invoke("pc.create", create).get("pc").asText();
      own.invoke("dc.create", args(a).put("label", "ops"));
      exchange(own, a, them, b);
      own.invoke("pc.wait", args(a).put("state", "connected"));
      them.invoke("pc.wait", args(b).put("state", "connected"));
      them.invoke("dc.wait-open", args(b).put("label", "ops"));
      transfer(own, a, them, b, 50);

      // A later offer adds an audio m-section; the peer answers it on the same transport.
      own.invoke("pc.add-media", args(a).put("audio", true).put("video", false));
      JsonNode offer = own.invoke("pc.offer", args(a));
      JsonNode answer = them.invoke("pc.answer", args(b).put("sdp", offer.get("sdp").asText()));
      assertThat(answer.get("sdp").asText()).contains("m=audio").contains("a=mid:1");
      own.invoke("pc.accept-answer", args(a).put("sdp", answer.get("sdp").asText()));
      trickle(own, a, them, b);
      transfer(own, a, them, b, 100);
      // The peer takes the synthetic Opus stream (SRTP, payload type, MID routing).
      JsonNode inbound = awaitInboundAudio(them, b, 25);
      System.out.println(peer + " inbound-rtp audio from the own stack: " + inbound);
      assertThat(inbound.path("packetsReceived").asLong()).isGreaterThanOrEqualTo(25);
      assertThat(inbound.path("packetsDiscarded").asLong()).isZero();
      if (!peer.equals("chromium")) {
        // Chromium pulls decoded samples only into an audio sink, which this shim page has not.
        assertThat(inbound.path("totalSamplesReceived").asLong()).as("decoded").isPositive();
      }

      JsonNode old = own.invoke("pc.stats", args(a));
      String before = old.get("localUfrag").asText();
      own.invoke("pc.restart-ice", args(a));
      JsonNode restart = own.invoke("pc.offer", args(a));
      JsonNode restarted =
          them.invoke("pc.answer", args(b).put("sdp", restart.get("sdp").asText()));
      own.invoke("pc.accept-answer", args(a).put("sdp", restarted.get("sdp").asText()));
      trickle(own, a, them, b);
      own.invoke("pc.wait", args(a).put("state", "connected"));
      waitForNewPair(own, a, old.get("selectedPairChanges").asInt());
      transfer(own, a, them, b, 150);
      JsonNode stats = own.invoke("pc.stats", args(a));
      assertThat(stats.get("localUfrag").asText()).isNotEqualTo(before);
      assertThat(stats.get("selectedPair").isObject()).isTrue();
      assertThat(stats.get("connectionState").asText()).isEqualTo("connected");

      // The peer offers next (roles of the offer swap, DTLS roles stay: RFC 8842 §5.5); the own
      // side answers on the same association and receives on the same channel.
      exchange(them, b, own, a);
      transfer(them, b, own, a, 50);
      transfer(own, a, them, b, 200);
      assertThat(own.invoke("pc.stats", args(a)).get("connectionState").asText())
          .isEqualTo("connected");
      own.invoke("pc.close", args(a));
      them.invoke("pc.close", args(b));
    } finally {
      them.close();
    }
  }
}

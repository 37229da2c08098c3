package org.rtcheck.interop.subject.own;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.rtcheck.engine.subject.SubjectException;

/**
 * The media, renegotiation and ICE restart ops (pc.add-media, media.check, pc.restart-ice, the
 * extended pc.stats; interop/shims/README.md) between two own peer connections in one subject, in
 * the order the harness runs them.
 */
class PeerMediaOpsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode args(String pc) {
    return JSON.createObjectNode().put("pc", pc);
  }

  /** pc.offer on a, pc.answer on b, pc.accept-answer on a. */
  private static void exchange(OwnStackSubject own, String a, String b) throws Exception {
    JsonNode offer = own.invoke("pc.offer", args(a));
    JsonNode answer = own.invoke("pc.answer", args(b).put("sdp", offer.get("sdp").asText()));
    own.invoke("pc.accept-answer", args(a).put("sdp", answer.get("sdp").asText()));
  }

  private static void connected(OwnStackSubject own, String pc) throws Exception {
    own.invoke("pc.wait", args(pc).put("state", "connected").put("timeoutMs", 15_000));
  }

  private static void transfer(OwnStackSubject own, String a, String b, int count)
      throws Exception {
    JsonNode sent =
        own.invoke(
            "dc.send",
            args(a)
                .put("label", "ops")
                .put("count", count)
                .put("messageSize", 1000)
                .put("seed", 7));
    JsonNode got =
        own.invoke(
            "dc.receive-check",
            args(b).put("label", "ops").put("bytes", sent.get("bytes").asLong()));
    assertThat(got.get("sha256")).isEqualTo(sent.get("sha256"));
  }

  /** Drains pc.candidates of one side into pc.add-candidate of the other. */
  private static void trickle(OwnStackSubject own, String from, String to) throws Exception {
    JsonNode c = own.invoke("pc.candidates", args(from).put("timeoutMs", 2_000));
    ObjectNode add = args(to);
    add.set("candidates", c.get("candidates"));
    own.invoke(
        "pc.add-candidate", add.put("endOfCandidates", c.get("endOfCandidates").asBoolean()));
  }

  @Test
  void trickleSessionsRestartIceFromTheAnsweringSide() throws Exception {
    try (OwnStackSubject own = new OwnStackSubject()) {
      ObjectNode trickle = JSON.createObjectNode().put("trickle", true);
      String a = own.invoke("pc.create", trickle).get("pc").asText();
      String b = own.invoke("pc.create", trickle).get("pc").asText();
      own.invoke("dc.create", args(a).put("label", "ops"));
      exchange(own, a, b);
      trickle(own, a, b);
      trickle(own, b, a);
      connected(own, a);
      connected(own, b);
      own.invoke("dc.wait-open", args(b).put("label", "ops"));
      transfer(own, a, b, 50);

      // b, the first answerer, restarts and offers; a answers with new credentials too.
      String ufragA = own.invoke("pc.stats", args(a)).get("localUfrag").asText();
      int pairsA = own.invoke("pc.stats", args(a)).get("selectedPairChanges").asInt();
      own.invoke("pc.restart-ice", args(b));
      exchange(own, b, a);
      trickle(own, b, a);
      trickle(own, a, b);
      connected(own, b);
      transfer(own, a, b, 100);
      long end = System.currentTimeMillis() + 10_000;
      while (own.invoke("pc.stats", args(a)).get("selectedPairChanges").asInt() <= pairsA
          && System.currentTimeMillis() < end) {
        Thread.sleep(20);
      }
      JsonNode stats = own.invoke("pc.stats", args(a));
      assertThat(stats.get("localUfrag").asText()).isNotEqualTo(ufragA);
      assertThat(stats.get("selectedPairChanges").asInt()).isGreaterThan(pairsA);
    }
  }

  @Test
  void audioAddedAfterConnectThenIceRestartWithDataBeforeAndAfter() throws Exception {
    try (OwnStackSubject own = new OwnStackSubject()) {
      assertThat(own.capabilities()).contains("pc.add-media", "media.check", "pc.restart-ice");
      String a = own.invoke("pc.create", JSON.createObjectNode()).get("pc").asText();
      String b = own.invoke("pc.create", JSON.createObjectNode()).get("pc").asText();
      own.invoke("dc.create", args(a).put("label", "ops"));
      exchange(own, a, b);
      connected(own, a);
      connected(own, b);
      own.invoke("dc.wait-open", args(b).put("label", "ops"));
      transfer(own, a, b, 50);

      // Renegotiation: both sides add audio after connected, a offers again.
      JsonNode added = own.invoke("pc.add-media", args(a).put("audio", true).put("video", false));
      assertThat(added.get("mids").isNull()).isTrue();
      own.invoke("pc.add-media", args(b).put("audio", true).put("video", false));
      exchange(own, a, b);
      JsonNode atB =
          own.invoke(
              "media.check",
              args(b).put("kind", "audio").put("minPackets", 25).put("timeoutMs", 5_000));
      assertThat(atB.get("packets").asLong()).isGreaterThanOrEqualTo(25);
      assertThat(atB.get("payloadTypes").toString()).isEqualTo("[111]");
      assertThat(atB.get("ssrcs")).hasSize(1);
      assertThat(atB.get("decoded").isNull()).isTrue();
      JsonNode atA =
          own.invoke(
              "media.check",
              args(a).put("kind", "audio").put("minPackets", 10).put("timeoutMs", 5_000));
      assertThat(atA.get("packets").asLong()).isGreaterThanOrEqualTo(10);
      assertThatThrownBy(
              () ->
                  own.invoke(
                      "media.check",
                      args(a).put("kind", "video").put("minPackets", 1).put("timeoutMs", 300)))
          .isInstanceOfSatisfying(
              SubjectException.class,
              e -> {
                assertThat(e.kind()).isEqualTo("timeout");
                assertThat(e.getMessage()).contains("no track");
              });
      assertThatThrownBy(
              () -> own.invoke("pc.add-media", args(a).put("audio", false).put("video", true)))
          .isInstanceOfSatisfying(
              SubjectException.class,
              e -> assertThat(e.kind()).isEqualTo(SubjectException.UNIMPLEMENTED));

      // ICE restart: new ufrag in the stats, data still flows on the existing channel.
      String before = own.invoke("pc.stats", args(a)).get("localUfrag").asText();
      own.invoke("pc.restart-ice", args(a));
      exchange(own, a, b);
      connected(own, a);
      // Messages 0..99: the receiver has 0..49 already, so this checks 50 new ones arrive.
      transfer(own, a, b, 100);
      JsonNode stats = own.invoke("pc.stats", args(a));
      assertThat(stats.get("localUfrag").asText()).isNotEqualTo(before).isNotEmpty();
      assertThat(stats.get("selectedPair").get("local").asText()).isEqualTo("host");
      assertThat(stats.get("selectedPair").get("remote").asText()).isIn("host", "prflx");
      JsonNode more =
          own.invoke(
              "media.check",
              args(b)
                  .put("kind", "audio")
                  .put("minPackets", atB.get("packets").asLong() + 25)
                  .put("timeoutMs", 5_000));
      assertThat(more.get("packets").asLong()).isGreaterThan(atB.get("packets").asLong());
      own.invoke("pc.close", args(a));
      own.invoke("pc.close", args(b));
    }
  }
}

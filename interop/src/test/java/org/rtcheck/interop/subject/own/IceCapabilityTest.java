package org.rtcheck.interop.subject.own;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.rtcheck.engine.subject.SubjectException;

class IceCapabilityTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  @Test
  void answersThroughTheSubject() throws Exception {
    try (OwnStackSubject own = new OwnStackSubject()) {
      assertThat(own.capabilities()).contains("ice.pair-priority", "ice.answer-check");
      JsonNode a =
          own.invoke(
              "ice.candidate-priority",
              json("{\"type\":\"host\",\"localPreference\":65535,\"component\":1}"));
      assertThat(a.get("priority").asLong()).isEqualTo(2130706431L);
      JsonNode f =
          own.invoke(
              "ice.foundation",
              json(
                  "{\"a\":{\"type\":\"host\",\"base\":\"[2001:db8::1]:1\"},"
                      + "\"b\":{\"type\":\"host\",\"base\":\"[2001:db8:0::1]:2\"}}"));
      assertThat(f.get("equal").asBoolean()).isTrue();
    }
  }

  @Test
  void tcpPairingThroughTheAgent() throws Exception {
    JsonNode ap =
        IceCapability.tcpPairing(
            json(
                "{\"local\":{\"transport\":\"tcp\",\"tcpType\":\"active\"},"
                    + "\"remote\":{\"transport\":\"tcp\",\"tcpType\":\"passive\"}}"));
    assertThat(ap.get("compatible").asBoolean()).isTrue();
    assertThat(ap.get("checked").asBoolean()).isTrue();
    JsonNode pa =
        IceCapability.tcpPairing(
            json(
                "{\"local\":{\"transport\":\"tcp\",\"tcpType\":\"passive\"},"
                    + "\"remote\":{\"transport\":\"tcp\",\"tcpType\":\"active\"}}"));
    assertThat(pa.get("compatible").asBoolean()).isTrue();
    assertThat(pa.get("checked").asBoolean()).isFalse(); // RFC 6544 §6.2 pruning
    assertThatThrownBy(
            () ->
                IceCapability.tcpPairing(json("{\"local\":{\"transport\":\"tcp\"},\"remote\":{}}")))
        .isInstanceOfSatisfying(
            SubjectException.class,
            e -> assertThat(e.kind()).isEqualTo(SubjectException.INVALID_ARGS));
  }

  @Test
  void badInputIsATypedError() throws Exception {
    assertThatThrownBy(
            () -> IceCapability.pairPriority(json("{\"role\":\"boss\",\"local\":1,\"remote\":1}")))
        .isInstanceOfSatisfying(
            SubjectException.class,
            e -> assertThat(e.kind()).isEqualTo(SubjectException.INVALID_ARGS));
    assertThatThrownBy(
            () ->
                IceCapability.pairPriority(
                    json("{\"role\":\"controlling\",\"local\":0,\"remote\":1}")))
        .isInstanceOfSatisfying(
            SubjectException.class, e -> assertThat(e.kind()).isEqualTo("out-of-range"));
    assertThatThrownBy(
            () ->
                IceCapability.foundation(
                    json("{\"a\":{\"type\":\"host\",\"base\":\"example.org:1\"},\"b\":{}}")))
        .isInstanceOfSatisfying(
            SubjectException.class,
            e -> assertThat(e.kind()).isEqualTo(SubjectException.INVALID_ARGS));
    assertThatThrownBy(
            () ->
                IceCapability.roleConflict(
                    json(
                        "{\"role\":\"controlled\",\"tieBreaker\":\"xyz\","
                            + "\"request\":{\"claims\":\"controlled\",\"tieBreaker\":\"00\"}}")))
        .isInstanceOfSatisfying(
            SubjectException.class,
            e -> assertThat(e.kind()).isEqualTo(SubjectException.INVALID_ARGS));
  }
}

package org.rtcheck.interop.subject.own;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.rtcheck.engine.subject.SubjectException;

/** The own subject's rtcp.* ops: round trips and the typed refusals of bad input. */
class RtcpCapabilityTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  private static String kind(OwnStackSubject own, String op, String args) {
    try {
      own.invoke(op, json(args));
    } catch (SubjectException e) {
      return e.kind();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError(op + " " + args + " was accepted");
  }

  @Test
  void encodedPacketsDecodeToTheSameFields() throws Exception {
    try (OwnStackSubject own = new OwnStackSubject()) {
      String packets =
          "[{\"type\":\"RR\",\"senderSsrc\":7,\"reportBlocks\":[{\"ssrc\":9,\"fractionLost\":3,"
              + "\"cumulativeLost\":-2,\"extendedHighestSequence\":65540,\"jitter\":5,"
              + "\"lastSenderReport\":6,\"delaySinceLastSenderReport\":7}]},"
              + "{\"type\":\"SDES\",\"cnames\":[{\"ssrc\":7,\"cname\":\"abc\"}]},"
              + "{\"type\":\"BYE\",\"sources\":[7]}]";
      String hex =
          own.invoke("rtcp.encode", json("{\"packets\":" + packets + "}")).get("hex").asText();
      JsonNode decoded = own.invoke("rtcp.decode", json("{\"hex\":\"" + hex + "\"}"));
      JsonNode block = decoded.at("/packets/0/reportBlocks/0");
      assertThat(block.get("cumulativeLost").asInt()).isEqualTo(-2);
      assertThat(block.get("extendedHighestSequence").asLong()).isEqualTo(65540);
      assertThat(decoded.at("/packets/1/cnames/0/cname").asText()).isEqualTo("abc");
      assertThat(decoded.at("/packets/2/sources/0").asLong()).isEqualTo(7);
    }
  }

  @Test
  void badInputIsATypedError() throws Exception {
    try (OwnStackSubject own = new OwnStackSubject()) {
      assertThat(kind(own, "rtcp.decode", "{}")).isEqualTo(SubjectException.INVALID_ARGS);
      assertThat(kind(own, "rtcp.decode", "{\"hex\":\"zz\"}"))
          .isEqualTo(SubjectException.INVALID_ARGS);
      assertThat(kind(own, "rtcp.decode", "{\"hex\":\"40c9000100000001\"}"))
          .isEqualTo("bad-version");
      assertThat(
              kind(
                  own,
                  "rtcp.encode",
                  "{\"packets\":[{\"type\":\"RR\",\"senderSsrc\":1,"
                      + "\"reportBlocks\":[{\"ssrc\":2,\"fractionLost\":256}]}]}"))
          .isEqualTo(SubjectException.INVALID_ARGS);
      assertThat(
              kind(
                  own,
                  "rtcp.encode",
                  "{\"packets\":[{\"type\":\"RR\",\"senderSsrc\":4294967296}]}"))
          .isEqualTo(SubjectException.INVALID_ARGS);
      assertThat(
              kind(
                  own,
                  "rtcp.encode",
                  "{\"packets\":[{\"type\":\"SDES\",\"cnames\":[{\"ssrc\":1,\"cname\":\"a\"},"
                      + "{\"ssrc\":2,\"cname\":\"b\"}]}]}"))
          .isEqualTo(SubjectException.UNIMPLEMENTED);
      assertThat(kind(own, "rtcp.report", "{\"atMs\":1}")).isEqualTo(SubjectException.INVALID_ARGS);
      own.invoke("rtcp.reception", json("{}"));
      assertThat(kind(own, "rtcp.report", "{\"atMs\":1}")).isEqualTo("invalid-state");
      assertThat(kind(own, "rtcp.receive-rtp", "{\"ssrc\":1,\"seq\":70000,\"atMs\":1}"))
          .isEqualTo(SubjectException.INVALID_ARGS);
      assertThat(kind(own, "rtcp.receive-rtp", "{\"ssrc\":1,\"seq\":1}"))
          .isEqualTo(SubjectException.INVALID_ARGS);
    }
  }
}

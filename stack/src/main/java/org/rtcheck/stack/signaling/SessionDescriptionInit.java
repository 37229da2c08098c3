package org.rtcheck.stack.signaling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Objects;

/**
 * The W3C RTCSessionDescriptionInit dictionary as JSON: {@code {"type": "offer", "sdp": "v=0…"}}.
 *
 * @param type {@code offer}, {@code answer}, {@code pranswer} or {@code rollback}
 * @param sdp the description
 */
public record SessionDescriptionInit(String type, String sdp) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public SessionDescriptionInit {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(sdp, "sdp");
  }

  public static SessionDescriptionInit offer(String sdp) {
    return new SessionDescriptionInit("offer", sdp);
  }

  public static SessionDescriptionInit answer(String sdp) {
    return new SessionDescriptionInit("answer", sdp);
  }

  /**
   * Parses the JSON and checks that {@code type} is {@code expectedType}.
   *
   * @param where names the source in error messages ("POST /offer body", "answer from URL")
   */
  public static SessionDescriptionInit parse(String json, String expectedType, String where)
      throws SignalingException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new SignalingException(
          SignalingException.Reason.MALFORMED_JSON,
          where + " is not JSON: " + e.getOriginalMessage(),
          e);
    }
    if (root == null || !root.isObject()) {
      throw new SignalingException(
          SignalingException.Reason.MALFORMED_JSON, where + " is not a JSON object");
    }
    JsonNode type = root.get("type");
    JsonNode sdp = root.get("sdp");
    if (type == null || !type.isTextual()) {
      throw new SignalingException(
          SignalingException.Reason.MISSING_FIELD, where + " has no string field \"type\"");
    }
    if (sdp == null || !sdp.isTextual()) {
      throw new SignalingException(
          SignalingException.Reason.MISSING_FIELD, where + " has no string field \"sdp\"");
    }
    String t = type.asText().toLowerCase(Locale.ROOT);
    if (!t.equals(expectedType)) {
      throw new SignalingException(
          SignalingException.Reason.WRONG_TYPE,
          where + " has type \"" + type.asText() + "\", expected \"" + expectedType + "\"");
    }
    return new SessionDescriptionInit(t, sdp.asText());
  }

  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("type", type);
    o.put("sdp", sdp);
    return o.toString();
  }
}

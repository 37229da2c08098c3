package org.rtcheck.interop.subject.own;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.stack.stun.PasswordAlgorithm;
import org.rtcheck.stack.stun.StunAttribute;
import org.rtcheck.stack.stun.StunCheckResult;
import org.rtcheck.stack.stun.StunCredentials;
import org.rtcheck.stack.stun.StunFingerprintCheck;
import org.rtcheck.stack.stun.StunIntegrityCheck;
import org.rtcheck.stack.stun.StunMessage;
import org.rtcheck.stack.stun.StunMessageBuilder;
import org.rtcheck.stack.stun.StunParseException;
import org.rtcheck.stack.stun.TransactionId;

/** The own stack's {@code stun.decode} and {@code stun.encode} capabilities. */
public final class StunCapability {

  private static final HexFormat HEX = HexFormat.of();

  private StunCapability() {}

  /**
   * {@code stun.decode}: the message, and each check's result.
   *
   * @throws SubjectException kind {@code malformed} with {@code offset} and {@code reason}
   */
  public static ObjectNode decode(JsonNode args) throws SubjectException {
    byte[] bytes = hex(args, "hex");
    StunMessage message;
    try {
      message = StunMessage.decode(bytes);
    } catch (StunParseException e) {
      ObjectNode details = JsonNodeFactory.instance.objectNode();
      details.put("offset", e.offset());
      details.put("reason", e.reason().name());
      throw new SubjectException("malformed", e.getMessage(), details);
    }
    ObjectNode out = StunMessageJson.describe(message);
    ObjectNode checks = out.putObject("checks");
    ObjectNode detail = out.putObject("checkDetails");
    JsonNode creds = args.get("credentials");
    if (creds == null) {
      unchecked(checks, detail, "messageIntegrity", message, StunAttribute.MessageIntegrity.class);
      unchecked(
          checks,
          detail,
          "messageIntegritySha256",
          message,
          StunAttribute.MessageIntegritySha256.class);
    } else {
      StunCredentials credentials = credentials(creds);
      put(
          checks,
          detail,
          "messageIntegrity",
          StunIntegrityCheck.messageIntegrity(message, credentials));
      put(
          checks,
          detail,
          "messageIntegritySha256",
          StunIntegrityCheck.messageIntegritySha256(message, credentials));
    }
    put(checks, detail, "fingerprint", StunFingerprintCheck.verify(message));
    return out;
  }

  /** Without credentials a present integrity attribute cannot be checked. */
  private static void unchecked(
      ObjectNode checks,
      ObjectNode detail,
      String name,
      StunMessage message,
      Class<? extends StunAttribute> type) {
    boolean present = message.first(type).isPresent();
    checks.put(name, present ? "unchecked" : "absent");
    detail.put(name, present ? "no credentials given" : "not in the message");
  }

  private static void put(ObjectNode checks, ObjectNode detail, String name, StunCheckResult r) {
    checks.put(
        name,
        switch (r.status()) {
          case PASS -> "pass";
          case FAIL -> "fail";
          case ABSENT -> "absent";
        });
    detail.put(name, r.detail());
  }

  static JsonNode encode(JsonNode args) {
    TransactionId tx = TransactionId.fromHex(text(args, "transactionId"));
    StunMessageBuilder builder =
        StunMessage.builder(
            StunMessageJson.parseClass(text(args, "class")),
            StunMessageJson.parseMethod(text(args, "method")),
            tx);
    JsonNode padding = args.get("padding");
    if (padding != null) {
      builder.paddingByte((byte) Integer.parseInt(padding.asText(), 16));
    }
    StunCredentials credentials =
        args.has("credentials") ? credentials(args.get("credentials")) : null;
    for (JsonNode a : args.path("attributes")) {
      String type = a.path("type").asText();
      switch (type) {
        case "MESSAGE-INTEGRITY" -> builder.addMessageIntegrity(key(credentials, type));
        case "MESSAGE-INTEGRITY-SHA256" ->
            builder.addMessageIntegritySha256(key(credentials, type));
        case "FINGERPRINT" -> builder.addFingerprint();
        default -> builder.add(StunMessageJson.parse(a));
      }
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("hex", HEX.formatHex(builder.encode()));
    return out;
  }

  private static byte[] key(StunCredentials credentials, String type) {
    if (credentials == null) {
      throw new IllegalArgumentException(type + " needs \"credentials\"");
    }
    return credentials.key();
  }

  /** The credentials object of the capability contract. */
  public static StunCredentials credentials(JsonNode c) {
    StunCredentials.Profile profile =
        switch (c.path("profile").asText("opaquestring")) {
          case "opaquestring", "precis" -> StunCredentials.Profile.PRECIS;
          case "saslprep" -> StunCredentials.Profile.SASLPREP;
          default ->
              throw new IllegalArgumentException(
                  "credentials.profile \""
                      + c.path("profile").asText()
                      + "\" is not saslprep or opaquestring");
        };
    String password = text(c, "password");
    if (!c.has("username")) {
      return new StunCredentials.ShortTerm(password, profile);
    }
    PasswordAlgorithm algorithm =
        switch (c.path("algorithm").asText("MD5")) {
          case "MD5" -> PasswordAlgorithm.MD5;
          case "SHA-256" -> PasswordAlgorithm.SHA256;
          default ->
              throw new IllegalArgumentException(
                  "credentials.algorithm \""
                      + c.path("algorithm").asText()
                      + "\" is not MD5 or SHA-256");
        };
    return new StunCredentials.LongTerm(
        text(c, "username"), text(c, "realm"), password, algorithm, profile);
  }

  private static byte[] hex(JsonNode args, String field) {
    String digits = text(args, field).replaceAll("\\s+", "");
    try {
      return HEX.parseHex(digits);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage());
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing text field \"" + field + "\"");
    }
    return v.asText();
  }
}

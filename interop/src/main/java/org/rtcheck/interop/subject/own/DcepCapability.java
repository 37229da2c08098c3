package org.rtcheck.interop.subject.own;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import java.util.Locale;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.stack.datachannel.ChannelType;
import org.rtcheck.stack.datachannel.DcepCodec;
import org.rtcheck.stack.datachannel.DcepDecodeException;
import org.rtcheck.stack.datachannel.DcepMessage;

/**
 * The own stack's {@code dcep.decode} and {@code dcep.encode} (RFC 8832 §5; contract in
 * vectors/README.md). Channel types use the RFC 8832 §8.2.2 names, e.g. {@code
 * DATA_CHANNEL_PARTIAL_RELIABLE_REXMIT_UNORDERED}.
 */
final class DcepCapability {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final HexFormat HEX = HexFormat.of();
  private static final String PREFIX = "DATA_CHANNEL_";

  private DcepCapability() {}

  static ObjectNode decode(JsonNode args) throws SubjectException {
    byte[] bytes = HexArgs.read(args, "hex");
    try {
      DcepMessage m = DcepCodec.decode(bytes);
      ObjectNode o = JSON.objectNode();
      if (m instanceof DcepMessage.Open open) {
        o.put("type", "DATA_CHANNEL_OPEN");
        o.put("channelType", PREFIX + open.channelType().name());
        o.put("channelTypeCode", open.channelType().code());
        o.put("priority", open.priority());
        o.put("reliabilityParameter", open.reliabilityParameter());
        o.put("label", open.label());
        o.put("protocol", open.protocol());
      } else {
        o.put("type", "DATA_CHANNEL_ACK");
      }
      return o;
    } catch (DcepDecodeException e) {
      String kind = e.reason().name().toLowerCase(Locale.ROOT).replace('_', '-');
      ObjectNode details = JSON.objectNode();
      details.put("kind", kind);
      details.put("offset", e.offset());
      throw new SubjectException(kind, e.getMessage(), details);
    } catch (IllegalArgumentException e) {
      throw SubjectException.invalidArgs("hex: " + e.getMessage());
    }
  }

  static ObjectNode encode(JsonNode args) throws SubjectException {
    String type = args.path("type").asText("");
    DcepMessage m;
    if (type.equals("DATA_CHANNEL_ACK")) {
      m = new DcepMessage.Ack();
    } else if (type.equals("DATA_CHANNEL_OPEN")) {
      String ct = args.path("channelType").asText("");
      ChannelType channelType;
      try {
        channelType =
            ChannelType.valueOf(ct.startsWith(PREFIX) ? ct.substring(PREFIX.length()) : ct);
      } catch (IllegalArgumentException e) {
        throw SubjectException.invalidArgs(
            "channelType \"" + ct + "\" is not an RFC 8832 channel type");
      }
      m =
          new DcepMessage.Open(
              channelType,
              args.path("priority").asInt(DcepMessage.PRIORITY_NORMAL),
              args.path("reliabilityParameter").asLong(0),
              args.path("label").asText(""),
              args.path("protocol").asText(""));
    } else {
      throw SubjectException.invalidArgs("type must be DATA_CHANNEL_OPEN or DATA_CHANNEL_ACK");
    }
    ObjectNode o = JSON.objectNode();
    o.put("hex", HEX.formatHex(DcepCodec.encode(m)));
    return o;
  }
}

package org.rtcheck.interop.subject.own;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.rtcheck.stack.sctp.ErrorCause;
import org.rtcheck.stack.sctp.SctpChunk;
import org.rtcheck.stack.sctp.SctpPacket;
import org.rtcheck.stack.sctp.SctpParameter;

/**
 * SCTP packets as JSON, both ways (the shape in vectors/README.md, {@code sctp.decode}): chunks by
 * RFC name with their fields, byte fields as hex.
 */
final class SctpPacketJson {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final HexFormat HEX = HexFormat.of();

  private SctpPacketJson() {}

  static ObjectNode toJson(SctpPacket p) {
    ObjectNode o = JSON.objectNode();
    o.put("sourcePort", p.sourcePort());
    o.put("destinationPort", p.destinationPort());
    o.put("verificationTag", p.verificationTag());
    ArrayNode chunks = o.putArray("chunks");
    p.chunks().forEach(c -> chunks.add(toJson(c)));
    return o;
  }

  static ObjectNode toJson(SctpChunk c) {
    ObjectNode o = JSON.objectNode();
    o.put("type", SctpChunk.name(c.type()));
    if (c instanceof SctpChunk.Data d) {
      o.put("immediate", d.immediate());
      o.put("unordered", d.unordered());
      o.put("beginning", d.beginning());
      o.put("ending", d.ending());
      o.put("tsn", d.tsn());
      o.put("streamId", d.streamId());
      o.put("ssn", d.ssn());
      o.put("ppid", d.ppid());
      o.put("payload", HEX.formatHex(d.payload()));
    } else if (c instanceof SctpChunk.IData d) {
      o.put("immediate", d.immediate());
      o.put("unordered", d.unordered());
      o.put("beginning", d.beginning());
      o.put("ending", d.ending());
      o.put("tsn", d.tsn());
      o.put("streamId", d.streamId());
      o.put("messageId", d.messageId());
      o.put(d.beginning() ? "ppid" : "fsn", d.ppidOrFsn());
      o.put("payload", HEX.formatHex(d.payload()));
    } else if (c instanceof SctpChunk.Init i) {
      o.put("initiateTag", i.initiateTag());
      o.put("advertisedReceiverWindow", i.advertisedReceiverWindow());
      o.put("outboundStreams", i.outboundStreams());
      o.put("inboundStreams", i.inboundStreams());
      o.put("initialTsn", i.initialTsn());
      o.set("parameters", parameters(i.parameters()));
      for (SctpParameter p : i.parameters()) {
        if (p instanceof SctpParameter.StateCookie sc) {
          o.put("cookie", HEX.formatHex(sc.cookie()));
        } else if (p instanceof SctpParameter.ForwardTsnSupported) {
          o.put("forwardTsnSupported", true);
        }
      }
    } else if (c instanceof SctpChunk.Sack s) {
      o.put("cumulativeTsnAck", s.cumulativeTsnAck());
      o.put("advertisedReceiverWindow", s.advertisedReceiverWindow());
      ArrayNode gaps = o.putArray("gapBlocks");
      s.gapBlocks().forEach(g -> gaps.addArray().add(g.start()).add(g.end()));
      ArrayNode dups = o.putArray("duplicateTsns");
      s.duplicateTsns().forEach(dups::add);
    } else if (c instanceof SctpChunk.Heartbeat h) {
      if (h.parameters().get(0) instanceof SctpParameter.HeartbeatInfo hi) {
        o.put("info", HEX.formatHex(hi.info()));
      }
    } else if (c instanceof SctpChunk.Abort a) {
      o.put("tagReflected", a.tagReflected());
      o.set("causes", causes(a.causes()));
    } else if (c instanceof SctpChunk.OperationError e) {
      o.set("causes", causes(e.causes()));
    } else if (c instanceof SctpChunk.Shutdown s) {
      o.put("cumulativeTsnAck", s.cumulativeTsnAck());
    } else if (c instanceof SctpChunk.ShutdownComplete s) {
      o.put("tagReflected", s.tagReflected());
    } else if (c instanceof SctpChunk.CookieEcho e) {
      o.put("cookie", HEX.formatHex(e.cookie()));
    } else if (c instanceof SctpChunk.ForwardTsn f) {
      o.put("newCumulativeTsn", f.newCumulativeTsn());
      ArrayNode streams = o.putArray("streams");
      f.streams()
          .forEach(s -> streams.addObject().put("streamId", s.streamId()).put("ssn", s.ssn()));
    } else if (c instanceof SctpChunk.ReConfig r) {
      o.set("parameters", parameters(r.parameters()));
    } else if (c instanceof SctpChunk.Pad p) {
      o.put("paddingLength", p.paddingLength());
    } else if (c instanceof SctpChunk.Unknown u) {
      o.put("typeCode", u.type());
      o.put("flags", u.flags());
      o.put("value", HEX.formatHex(u.value()));
    }
    return o;
  }

  private static ArrayNode parameters(List<SctpParameter> ps) {
    ArrayNode a = JSON.arrayNode();
    for (SctpParameter p : ps) {
      ObjectNode o = a.addObject();
      if (p instanceof SctpParameter.StateCookie sc) {
        o.put("type", "state-cookie").put("cookie", HEX.formatHex(sc.cookie()));
      } else if (p instanceof SctpParameter.ForwardTsnSupported) {
        o.put("type", "forward-tsn-supported");
      } else if (p instanceof SctpParameter.SupportedExtensions se) {
        o.put("type", "supported-extensions");
        ArrayNode t = o.putArray("chunkTypes");
        se.chunkTypes().forEach(t::add);
      } else if (p instanceof SctpParameter.HeartbeatInfo hi) {
        o.put("type", "heartbeat-info").put("info", HEX.formatHex(hi.info()));
      } else if (p instanceof SctpParameter.OutgoingSsnResetRequest r) {
        o.put("type", "outgoing-ssn-reset-request");
        o.put("requestSequence", r.requestSequence());
        o.put("responseSequence", r.responseSequence());
        o.put("senderLastTsn", r.senderLastTsn());
        ArrayNode s = o.putArray("streams");
        r.streams().forEach(s::add);
      } else if (p instanceof SctpParameter.IncomingSsnResetRequest r) {
        o.put("type", "incoming-ssn-reset-request");
        o.put("requestSequence", r.requestSequence());
        ArrayNode s = o.putArray("streams");
        r.streams().forEach(s::add);
      } else if (p instanceof SctpParameter.ReconfigurationResponse r) {
        o.put("type", "reconfiguration-response");
        o.put("responseSequence", r.responseSequence());
        o.put("result", r.result());
        if (r.senderNextTsn() >= 0) {
          o.put("senderNextTsn", r.senderNextTsn());
          o.put("receiverNextTsn", r.receiverNextTsn());
        }
      } else if (p instanceof SctpParameter.Unknown u) {
        o.put("type", u.type()).put("value", HEX.formatHex(u.value()));
      }
    }
    return a;
  }

  private static ArrayNode causes(List<ErrorCause> causes) {
    ArrayNode a = JSON.arrayNode();
    causes.forEach(c -> a.addObject().put("code", c.code()).put("info", HEX.formatHex(c.info())));
    return a;
  }

  // ---------------------------------------------------------------- from JSON

  static SctpPacket packet(JsonNode o) {
    List<SctpChunk> chunks = new ArrayList<>();
    for (JsonNode c : array(o, "chunks")) {
      chunks.add(chunk(c));
    }
    return new SctpPacket(
        o.path("sourcePort").asInt(5000),
        o.path("destinationPort").asInt(5000),
        o.path("verificationTag").asLong(0),
        chunks);
  }

  static SctpChunk chunk(JsonNode o) {
    String type = text(o, "type");
    return switch (type) {
      case "DATA" ->
          new SctpChunk.Data(
              o.path("immediate").asBoolean(false),
              o.path("unordered").asBoolean(false),
              o.path("beginning").asBoolean(true),
              o.path("ending").asBoolean(true),
              num(o, "tsn"),
              (int) num(o, "streamId"),
              o.path("ssn").asInt(0),
              num(o, "ppid"),
              hex(o, "payload"));
      case "I-DATA" -> {
        boolean b = o.path("beginning").asBoolean(true);
        yield new SctpChunk.IData(
            o.path("immediate").asBoolean(false),
            o.path("unordered").asBoolean(false),
            b,
            o.path("ending").asBoolean(true),
            num(o, "tsn"),
            (int) num(o, "streamId"),
            num(o, "messageId"),
            b ? num(o, "ppid") : num(o, "fsn"),
            hex(o, "payload"));
      }
      case "INIT", "INIT-ACK" -> {
        List<SctpParameter> ps = new ArrayList<>();
        for (JsonNode p : o.path("parameters")) {
          ps.add(parameter(p));
        }
        if (o.has("cookie")) {
          ps.add(0, new SctpParameter.StateCookie(hex(o, "cookie")));
        }
        yield new SctpChunk.Init(
            type.equals("INIT-ACK"),
            num(o, "initiateTag"),
            o.path("advertisedReceiverWindow").asLong(131072),
            o.path("outboundStreams").asInt(1024),
            o.path("inboundStreams").asInt(1024),
            num(o, "initialTsn"),
            ps);
      }
      case "SACK" -> {
        List<SctpChunk.GapBlock> gaps = new ArrayList<>();
        for (JsonNode g : o.path("gapBlocks")) {
          gaps.add(new SctpChunk.GapBlock(g.get(0).asInt(), g.get(1).asInt()));
        }
        List<Long> dups = new ArrayList<>();
        o.path("duplicateTsns").forEach(d -> dups.add(d.asLong()));
        yield new SctpChunk.Sack(
            num(o, "cumulativeTsnAck"),
            o.path("advertisedReceiverWindow").asLong(131072),
            gaps,
            dups);
      }
      case "HEARTBEAT", "HEARTBEAT-ACK" ->
          new SctpChunk.Heartbeat(
              type.equals("HEARTBEAT-ACK"),
              List.of(new SctpParameter.HeartbeatInfo(hex(o, "info"))));
      case "ABORT" -> new SctpChunk.Abort(o.path("tagReflected").asBoolean(false), causes(o));
      case "ERROR" -> new SctpChunk.OperationError(causes(o));
      case "SHUTDOWN" -> new SctpChunk.Shutdown(num(o, "cumulativeTsnAck"));
      case "SHUTDOWN-ACK" -> new SctpChunk.ShutdownAck();
      case "SHUTDOWN-COMPLETE" ->
          new SctpChunk.ShutdownComplete(o.path("tagReflected").asBoolean(false));
      case "COOKIE-ECHO" -> new SctpChunk.CookieEcho(hex(o, "cookie"));
      case "COOKIE-ACK" -> new SctpChunk.CookieAck();
      case "FORWARD-TSN" -> {
        List<SctpChunk.SkippedStream> s = new ArrayList<>();
        for (JsonNode x : o.path("streams")) {
          s.add(new SctpChunk.SkippedStream(x.path("streamId").asInt(), x.path("ssn").asInt()));
        }
        yield new SctpChunk.ForwardTsn(num(o, "newCumulativeTsn"), s);
      }
      case "RE-CONFIG" -> {
        List<SctpParameter> ps = new ArrayList<>();
        for (JsonNode p : array(o, "parameters")) {
          ps.add(parameter(p));
        }
        yield new SctpChunk.ReConfig(ps);
      }
      case "PAD" -> new SctpChunk.Pad(o.path("paddingLength").asInt());
      default -> {
        if (!o.has("typeCode")) {
          throw new IllegalArgumentException(
              "unknown chunk type \"" + type + "\" without typeCode");
        }
        yield new SctpChunk.Unknown(
            o.path("typeCode").asInt(), o.path("flags").asInt(0), hex(o, "value"));
      }
    };
  }

  private static SctpParameter parameter(JsonNode p) {
    JsonNode t = p.path("type");
    if (t.isNumber()) {
      return new SctpParameter.Unknown(t.asInt(), hex(p, "value"));
    }
    return switch (t.asText()) {
      case "state-cookie" -> new SctpParameter.StateCookie(hex(p, "cookie"));
      case "forward-tsn-supported" -> new SctpParameter.ForwardTsnSupported();
      case "supported-extensions" -> {
        List<Integer> types = new ArrayList<>();
        p.path("chunkTypes").forEach(x -> types.add(x.asInt()));
        yield new SctpParameter.SupportedExtensions(types);
      }
      case "heartbeat-info" -> new SctpParameter.HeartbeatInfo(hex(p, "info"));
      case "outgoing-ssn-reset-request" ->
          new SctpParameter.OutgoingSsnResetRequest(
              num(p, "requestSequence"),
              num(p, "responseSequence"),
              num(p, "senderLastTsn"),
              ints(p.path("streams")));
      case "incoming-ssn-reset-request" ->
          new SctpParameter.IncomingSsnResetRequest(
              num(p, "requestSequence"), ints(p.path("streams")));
      case "reconfiguration-response" ->
          new SctpParameter.ReconfigurationResponse(
              num(p, "responseSequence"),
              num(p, "result"),
              p.path("senderNextTsn").asLong(-1),
              p.path("receiverNextTsn").asLong(-1));
      default ->
          throw new IllegalArgumentException("unknown parameter type \"" + t.asText() + "\"");
    };
  }

  private static List<ErrorCause> causes(JsonNode o) {
    List<ErrorCause> out = new ArrayList<>();
    for (JsonNode c : o.path("causes")) {
      out.add(new ErrorCause(c.path("code").asInt(), hex(c, "info")));
    }
    return out;
  }

  private static List<Integer> ints(JsonNode a) {
    List<Integer> out = new ArrayList<>();
    a.forEach(x -> out.add(x.asInt()));
    return out;
  }

  private static JsonNode array(JsonNode o, String field) {
    JsonNode a = o.get(field);
    if (a == null || !a.isArray()) {
      throw new IllegalArgumentException("missing array \"" + field + "\"");
    }
    return a;
  }

  private static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing text field \"" + field + "\"");
    }
    return v.asText();
  }

  private static long num(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.canConvertToLong()) {
      throw new IllegalArgumentException("missing number field \"" + field + "\"");
    }
    return v.asLong();
  }

  private static byte[] hex(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.isTextual()) {
      return new byte[0];
    }
    return HEX.parseHex(v.asText().replaceAll("\\s+", ""));
  }
}

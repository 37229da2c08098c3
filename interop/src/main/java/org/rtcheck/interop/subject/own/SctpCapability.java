package org.rtcheck.interop.subject.own;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.stack.sctp.SctpAssociation;
import org.rtcheck.stack.sctp.SctpChecksum;
import org.rtcheck.stack.sctp.SctpConfig;
import org.rtcheck.stack.sctp.SctpDecodeException;
import org.rtcheck.stack.sctp.SctpEvent;
import org.rtcheck.stack.sctp.SctpPacket;
import org.rtcheck.stack.sctp.SctpPacketCodec;

/**
 * The own stack's SCTP operations (contract in vectors/README.md): stateless {@code sctp.decode},
 * {@code sctp.encode}, {@code sctp.crc32c}, and a scripted association on virtual time ({@code
 * sctp.listen}, {@code sctp.receive}, {@code sctp.advance}).
 */
final class SctpCapability {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final HexFormat HEX = HexFormat.of();

  private SctpAssociation association;
  private long now;

  static ObjectNode decode(JsonNode args) throws SubjectException {
    byte[] bytes = HexArgs.read(args, "hex");
    try {
      SctpPacket p =
          SctpPacketCodec.decode(
              bytes, 0, bytes.length, args.path("verifyChecksum").asBoolean(true));
      ObjectNode o = SctpPacketJson.toJson(p);
      o.put("checksum", HEX.formatHex(bytes, SctpChecksum.OFFSET, SctpChecksum.OFFSET + 4));
      return o;
    } catch (SctpDecodeException e) {
      ObjectNode details = JSON.objectNode();
      details.put("kind", kind(e.reason()));
      details.put("chunk", e.chunk());
      details.put("offset", e.offset());
      throw new SubjectException(kind(e.reason()), e.getMessage(), details);
    }
  }

  static ObjectNode encode(JsonNode args) {
    byte[] wire = SctpPacketCodec.encode(SctpPacketJson.packet(args.path("packet")));
    ObjectNode o = JSON.objectNode();
    o.put("hex", HEX.formatHex(wire));
    o.put("checksum", HEX.formatHex(wire, SctpChecksum.OFFSET, SctpChecksum.OFFSET + 4));
    return o;
  }

  /** The CRC32c of the bytes, least significant byte first as SCTP carries it (RFC 3720 B.4). */
  static ObjectNode crc32c(JsonNode args) throws SubjectException {
    byte[] b = HexArgs.read(args, "hex");
    int c = SctpChecksum.crc32c(b, 0, b.length);
    ObjectNode o = JSON.objectNode();
    o.put(
        "crc32c",
        HEX.formatHex(
            new byte[] {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24)}));
    return o;
  }

  /** A fresh passive association at virtual time 0 (a seed makes its tags reproducible). */
  ObjectNode listen(JsonNode args) {
    SctpConfig c = SctpConfig.defaults(new SplittableRandom(args.path("seed").asLong(1)));
    if (args.has("receiveWindow")) {
      c = c.withReceiveWindow(args.get("receiveWindow").asLong());
    }
    if (args.has("maxPlpmtu")) {
      c = c.withMaxPlpmtu(args.get("maxPlpmtu").asInt()); // RFC 8899 §6.2 probes
    }
    association = new SctpAssociation(c);
    now = 0;
    ObjectNode o = JSON.objectNode();
    o.put("state", association.state().name());
    return o;
  }

  /** Feeds one packet (JSON or hex) at {@code at} ms and reports what came out. */
  ObjectNode receive(JsonNode args) throws SubjectException {
    SctpAssociation a = current();
    advanceTo(args.path("at").asLong(now));
    byte[] wire =
        args.has("hex")
            ? HexArgs.read(args, "hex")
            : SctpPacketCodec.encode(SctpPacketJson.packet(args.path("packet")));
    if (args.path("corruptChecksum").asBoolean(false)) {
      wire[SctpChecksum.OFFSET] ^= 1; // for vectors that need a bad CRC on a packet built from JSON
    }
    a.handlePacket(wire, now);
    return drain(a);
  }

  /** Runs the association's timers up to {@code to} ms and reports what came out. */
  ObjectNode advance(JsonNode args) throws SubjectException {
    SctpAssociation a = current();
    long to = args.path("to").asLong(now);
    ObjectNode out = JSON.objectNode();
    ArrayNode packets = JSON.arrayNode();
    ArrayNode events = JSON.arrayNode();
    while (true) {
      OptionalLong t = a.pollTimeout();
      if (t.isEmpty() || t.getAsLong() > to) {
        break;
      }
      now = Math.max(now, t.getAsLong());
      a.handleTimeout(now);
      ObjectNode step = drain(a);
      step.withArray("packets").forEach(packets::add);
      step.withArray("events").forEach(events::add);
    }
    now = Math.max(now, to);
    return summary(out, packets, events, a);
  }

  private void advanceTo(long at) {
    while (true) {
      OptionalLong t = association.pollTimeout();
      if (t.isEmpty() || t.getAsLong() > at) {
        break;
      }
      now = Math.max(now, t.getAsLong());
      association.handleTimeout(now);
    }
    now = Math.max(now, at);
  }

  private SctpAssociation current() throws SubjectException {
    if (association == null) {
      throw SubjectException.invalidArgs("no association: call sctp.listen first");
    }
    return association;
  }

  private static ObjectNode drain(SctpAssociation a) {
    ArrayNode packets = JSON.arrayNode();
    byte[] p;
    while ((p = a.pollTransmit()) != null) {
      try {
        packets.add(SctpPacketJson.toJson(SctpPacketCodec.decode(p)).put("size", p.length));
      } catch (SctpDecodeException e) {
        throw new IllegalStateException("own association sent an undecodable packet", e);
      }
    }
    ArrayNode events = JSON.arrayNode();
    SctpEvent e;
    while ((e = a.pollEvent()) != null) {
      events.add(event(e));
    }
    return summary(JSON.objectNode(), packets, events, a);
  }

  private static ObjectNode summary(
      ObjectNode out, ArrayNode packets, ArrayNode events, SctpAssociation a) {
    out.set("packets", packets);
    ArrayNode types = out.putArray("chunkTypes");
    ObjectNode last = out.putObject("last");
    for (JsonNode p : packets) {
      for (JsonNode c : p.path("chunks")) {
        types.add(c.path("type").asText());
        last.set(c.path("type").asText(), c);
      }
    }
    out.set("events", events);
    ArrayNode names = out.putArray("eventTypes");
    events.forEach(ev -> names.add(ev.path("type").asText()));
    out.put("state", a.state().name());
    return out;
  }

  private static ObjectNode event(SctpEvent e) {
    ObjectNode o = JSON.objectNode();
    if (e instanceof SctpEvent.Connected) {
      o.put("type", "connected");
    } else if (e instanceof SctpEvent.Message m) {
      o.put("type", "message");
      o.put("streamId", m.streamId());
      o.put("ppid", m.ppid());
      o.put("unordered", m.unordered());
      o.put("data", HEX.formatHex(m.data()));
    } else if (e instanceof SctpEvent.IncomingStreamsReset r) {
      o.put("type", "incoming-streams-reset");
      ArrayNode s = o.putArray("streams");
      r.streams().forEach(s::add);
    } else if (e instanceof SctpEvent.OutgoingStreamsReset r) {
      o.put("type", "outgoing-streams-reset");
      ArrayNode s = o.putArray("streams");
      r.streams().forEach(s::add);
    } else if (e instanceof SctpEvent.Closed) {
      o.put("type", "closed");
    } else if (e instanceof SctpEvent.Aborted ab) {
      o.put("type", "aborted");
      o.put("byPeer", ab.byPeer());
      o.put("reason", ab.reason());
    } else if (e instanceof SctpEvent.PacketRejected r) {
      o.put("type", "packet-rejected");
      o.put("kind", kind(r.error().reason()));
    }
    return o;
  }

  static String kind(SctpDecodeException.Reason r) {
    return r.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}

package org.rtcheck.interop.subject.own;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.stack.rtp.RtcpBye;
import org.rtcheck.stack.rtp.RtcpCompound;
import org.rtcheck.stack.rtp.RtcpReport;
import org.rtcheck.stack.rtp.RtcpReportBlock;
import org.rtcheck.stack.rtp.RtcpReporter;
import org.rtcheck.stack.rtp.RtcpSdes;
import org.rtcheck.stack.rtp.RtpFormatException;
import org.rtcheck.stack.rtp.RtpPacket;

/**
 * The own stack's RTCP operations (contract in vectors/README.md): stateless {@code rtcp.decode}
 * and {@code rtcp.encode}, and the reception statistics of RFC 3550 Appendix A scripted on virtual
 * time ({@code rtcp.reception}, {@code rtcp.receive-rtp}, {@code rtcp.receive-sr}, {@code
 * rtcp.report}), read from the receiver reports an {@link RtcpReporter} makes.
 */
final class RtcpCapability {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final HexFormat HEX = HexFormat.of();
  private static final long MS = 1_000_000L;
  private static final Map<Integer, String> TYPE_NAMES =
      Map.of(
          RtcpCompound.SR, "SR",
          RtcpCompound.RR, "RR",
          RtcpCompound.SDES, "SDES",
          RtcpCompound.BYE, "BYE",
          RtcpCompound.APP, "APP",
          RtcpCompound.RTPFB, "RTPFB",
          RtcpCompound.PSFB, "PSFB",
          RtcpCompound.XR, "XR");

  private RtcpReporter reporter;

  // ------------------------------------------------------------------------- rtcp.decode

  static ObjectNode decode(JsonNode args) throws SubjectException {
    byte[] b = HexArgs.read(args, "hex");
    try {
      List<RtcpCompound.Packet> packets =
          RtcpCompound.parse(b, 0, b.length, args.path("reducedSize").asBoolean(false));
      ArrayNode out = JSON.arrayNode();
      for (RtcpCompound.Packet packet : packets) {
        out.add(packet(b, packet));
      }
      ObjectNode o = JSON.objectNode();
      o.set("packets", out);
      return o;
    } catch (RtpFormatException e) {
      String kind = e.rule().name().toLowerCase(Locale.ROOT).replace('_', '-');
      ObjectNode details = JSON.objectNode();
      details.put("kind", kind);
      details.put("offset", e.offset());
      throw new SubjectException(kind, e.getMessage(), details);
    }
  }

  private static ObjectNode packet(byte[] b, RtcpCompound.Packet packet) throws RtpFormatException {
    ObjectNode o = JSON.objectNode();
    o.put("type", TYPE_NAMES.getOrDefault(packet.type(), Integer.toString(packet.type())));
    o.put("typeCode", packet.type());
    o.put("count", packet.count());
    o.put("length", packet.length());
    switch (packet.type()) {
      case RtcpCompound.SR, RtcpCompound.RR -> {
        RtcpReport report = RtcpReport.parse(b, 0, packet);
        o.put("senderSsrc", report.senderSsrc());
        report
            .sender()
            .ifPresent(
                s -> {
                  ObjectNode info = o.putObject("senderInfo");
                  info.put("ntpSeconds", s.ntpTimestamp() >>> 32);
                  info.put("ntpFraction", s.ntpTimestamp() & 0xffffffffL);
                  info.put("rtpTimestamp", s.rtpTimestamp());
                  info.put("packetCount", s.packetCount());
                  info.put("octetCount", s.octetCount());
                });
        ArrayNode blocks = o.putArray("reportBlocks");
        report.blocks().forEach(block -> blocks.add(block(block)));
      }
      case RtcpCompound.SDES -> {
        ArrayNode cnames = o.putArray("cnames");
        RtcpSdes.cnames(b, 0, packet)
            .forEach((ssrc, cname) -> cnames.addObject().put("ssrc", ssrc).put("cname", cname));
      }
      case RtcpCompound.BYE -> {
        RtcpBye bye = RtcpBye.parse(b, 0, packet);
        ArrayNode sources = o.putArray("sources");
        bye.sources().forEach(sources::add);
        bye.reason().ifPresent(r -> o.put("reason", r));
      }
      default -> {
        if (packet.senderSsrc() >= 0) {
          o.put("senderSsrc", packet.senderSsrc());
        }
      }
    }
    return o;
  }

  private static ObjectNode block(RtcpReportBlock b) {
    ObjectNode o = JSON.objectNode();
    o.put("ssrc", b.ssrc());
    o.put("fractionLost", b.fractionLost());
    o.put("cumulativeLost", b.cumulativeLost());
    o.put("extendedHighestSequence", b.extendedHighestSequence());
    o.put("jitter", b.jitter());
    o.put("lastSenderReport", b.lastSenderReport());
    o.put("delaySinceLastSenderReport", b.delaySinceLastSenderReport());
    return o;
  }

  // ------------------------------------------------------------------------- rtcp.encode

  static ObjectNode encode(JsonNode args) throws SubjectException {
    byte[] buf = new byte[65536];
    int at = 0;
    for (JsonNode p : args.path("packets")) {
      String type = p.path("type").asText("");
      switch (type) {
        case "SR", "RR" -> {
          List<RtcpReportBlock> blocks = new ArrayList<>();
          for (JsonNode b : p.path("reportBlocks")) {
            blocks.add(
                new RtcpReportBlock(
                    u32(b, "ssrc"),
                    b.path("fractionLost").asInt(0),
                    b.path("cumulativeLost").asInt(0),
                    u32(b, "extendedHighestSequence"),
                    u32(b, "jitter"),
                    u32(b, "lastSenderReport"),
                    u32(b, "delaySinceLastSenderReport")));
          }
          Optional<RtcpReport.SenderInfo> info = Optional.empty();
          if (type.equals("SR")) {
            JsonNode s = p.path("senderInfo");
            info =
                Optional.of(
                    new RtcpReport.SenderInfo(
                        (u32(s, "ntpSeconds") << 32) | u32(s, "ntpFraction"),
                        u32(s, "rtpTimestamp"),
                        u32(s, "packetCount"),
                        u32(s, "octetCount")));
          }
          at += new RtcpReport(u32(p, "senderSsrc"), info, blocks).write(buf, at);
        }
        case "SDES" -> {
          List<Long> ssrcs = new ArrayList<>();
          List<String> names = new ArrayList<>();
          for (JsonNode c : p.path("cnames")) {
            ssrcs.add(u32(c, "ssrc"));
            names.add(c.path("cname").asText(""));
          }
          if (names.stream().distinct().count() > 1) {
            throw SubjectException.unimplemented(
                "the own stack writes one CNAME for all its sources (RFC 7022 §4.2)");
          }
          at += RtcpSdes.write(buf, at, ssrcs, names.isEmpty() ? "" : names.get(0));
        }
        case "BYE" -> {
          if (p.has("reason")) {
            throw SubjectException.unimplemented("the own stack writes BYE without a reason");
          }
          List<Long> sources = new ArrayList<>();
          p.path("sources").forEach(s -> sources.add(s.asLong() & 0xffffffffL));
          at += RtcpBye.write(buf, at, sources);
        }
        default ->
            throw SubjectException.unimplemented("the own stack does not write RTCP type " + type);
      }
    }
    ObjectNode o = JSON.objectNode();
    o.put("hex", HEX.formatHex(Arrays.copyOf(buf, at)));
    return o;
  }

  // ---------------------------------------------------------------------- rtcp.reception

  /**
   * A fresh receiver at virtual time 0. The report interval is one nanosecond so that a report is
   * due whenever the script asks for one: when reports go is the scheduler's business (RFC 3550
   * §6.3), what they say is what the vectors check.
   */
  ObjectNode reception(JsonNode args) {
    reporter =
        new RtcpReporter(
            "rtcheck-reception",
            args.path("reporterSsrc").asLong(1) & 0xffffffffL,
            Duration.ofNanos(1),
            0,
            new SplittableRandom(1));
    return JSON.objectNode();
  }

  /** One RTP packet arrives (a bare 12-byte header of payload type 96 with the given fields). */
  ObjectNode receiveRtp(JsonNode args) throws SubjectException {
    RtcpReporter r = current();
    int seq = args.path("seq").asInt(-1);
    if (seq < 0 || seq > 0xffff) {
      throw SubjectException.invalidArgs("seq must be 0..65535: " + args.path("seq"));
    }
    RtpPacket header =
        new RtpPacket(
            false,
            96,
            seq,
            u32(args, "timestamp"),
            u32(args, "ssrc"),
            List.of(),
            -1,
            List.of(),
            12,
            0,
            0);
    r.rtpReceived(atNanos(args), header, args.path("clockRate").asInt(0));
    return JSON.objectNode();
  }

  /** An SR (no report blocks) from a source arrives. */
  ObjectNode receiveSr(JsonNode args) throws SubjectException {
    RtcpReporter r = current();
    RtcpReport sr =
        new RtcpReport(
            u32(args, "ssrc"),
            Optional.of(
                new RtcpReport.SenderInfo(
                    (u32(args, "ntpSeconds") << 32) | u32(args, "ntpFraction"),
                    u32(args, "rtpTimestamp"),
                    u32(args, "packetCount"),
                    u32(args, "octetCount"))),
            List.of());
    byte[] b = new byte[sr.size()];
    sr.write(b, 0);
    try {
      r.rtcpReceived(atNanos(args), b, 0, b.length, false);
    } catch (RtpFormatException e) {
      throw new IllegalStateException("the SR built here does not parse", e);
    }
    return JSON.objectNode();
  }

  /** The report blocks of the compound the receiver sends at {@code atMs}. */
  ObjectNode report(JsonNode args) throws SubjectException {
    RtcpReporter r = current();
    Optional<byte[]> compound = r.poll(atNanos(args));
    if (compound.isEmpty()) {
      throw new SubjectException(
          "invalid-state", "no report: the receiver has not heard any RTP yet");
    }
    byte[] b = compound.get();
    ArrayNode blocks = JSON.arrayNode();
    ArrayNode types = JSON.arrayNode();
    try {
      for (RtcpCompound.Packet packet : RtcpCompound.parse(b, 0, b.length, false)) {
        types.add(TYPE_NAMES.getOrDefault(packet.type(), Integer.toString(packet.type())));
        if (packet.type() == RtcpCompound.SR || packet.type() == RtcpCompound.RR) {
          RtcpReport.parse(b, 0, packet).blocks().forEach(block -> blocks.add(block(block)));
        }
      }
    } catch (RtpFormatException e) {
      throw new SubjectException(
          SubjectException.SUBJECT_FAILURE, "own reporter sent a malformed compound: " + e);
    }
    ObjectNode o = JSON.objectNode();
    o.set("reportBlocks", blocks);
    o.set("packetTypes", types);
    o.put("hex", HEX.formatHex(b));
    return o;
  }

  private RtcpReporter current() throws SubjectException {
    if (reporter == null) {
      throw SubjectException.invalidArgs("no receiver: call rtcp.reception first");
    }
    return reporter;
  }

  // ------------------------------------------------------------------------------ fields

  private static long atNanos(JsonNode args) throws SubjectException {
    JsonNode at = args.get("atMs");
    if (at == null || !at.canConvertToLong() || at.asLong() < 0) {
      throw SubjectException.invalidArgs("atMs must be a time in ms from the start: " + at);
    }
    return at.asLong() * MS;
  }

  private static long u32(JsonNode o, String field) throws SubjectException {
    JsonNode v = o.path(field);
    if (v.isMissingNode()) {
      return 0;
    }
    if (!v.canConvertToLong() || v.asLong() < 0 || v.asLong() > 0xffffffffL) {
      throw SubjectException.invalidArgs(field + " must be an unsigned 32-bit number: " + v);
    }
    return v.asLong();
  }
}

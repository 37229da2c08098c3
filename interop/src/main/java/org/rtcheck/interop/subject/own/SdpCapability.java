package org.rtcheck.interop.subject.own;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.stack.sdp.SdpFinding;
import org.rtcheck.stack.sdp.SdpLinter;
import org.rtcheck.stack.sdp.SdpParseMode;
import org.rtcheck.stack.sdp.SdpParseResult;
import org.rtcheck.stack.sdp.SdpParser;
import org.rtcheck.stack.sdp.SdpProblem;
import org.rtcheck.stack.sdp.SdpSummary;
import org.rtcheck.stack.sdp.SdpType;
import org.rtcheck.stack.sdp.SdpWriter;
import org.rtcheck.stack.sdp.SessionDescription;

/**
 * The own stack's SDP capabilities ({@code sdp.parse}, {@code sdp.roundtrip}, {@code sdp.format},
 * {@code sdp.check}), answering in the JSON of vectors/README.md.
 */
public final class SdpCapability {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private SdpCapability() {}

  /** Parses, or throws {@code malformed} naming the first error when nothing could be built. */
  public static ObjectNode parse(JsonNode args) throws SubjectException {
    SdpParseMode mode = mode(args);
    SdpParseResult result = SdpParser.parse(text(args, "sdp"), mode);
    SessionDescription description = description(result);
    ObjectNode out = JSON.objectNode();
    out.put("mode", mode.name().toLowerCase(Locale.ROOT));
    out.put("ok", result.errors().isEmpty());
    ArrayNode errors = out.putArray("errors");
    ArrayNode warnings = out.putArray("warnings");
    for (SdpProblem p : result.problems()) {
      (p.severity() == SdpProblem.Severity.ERROR ? errors : warnings).add(p.rule());
    }
    ArrayNode problems = out.putArray("problems");
    result.problems().forEach(p -> problems.add(problem(p)));
    out.set("summary", summary(SdpSummary.of(description)));
    return out;
  }

  /** The description written back: must equal the input, line endings normalized. */
  public static ObjectNode roundTrip(JsonNode args) throws SubjectException {
    SessionDescription description =
        description(SdpParser.parse(text(args, "sdp"), SdpParseMode.LENIENT));
    ObjectNode out = JSON.objectNode();
    out.put("sdp", SdpWriter.write(description));
    return out;
  }

  /** Canonical re-serialization. */
  public static ObjectNode format(JsonNode args) throws SubjectException {
    SessionDescription description =
        description(SdpParser.parse(text(args, "sdp"), SdpParseMode.LENIENT));
    ObjectNode out = JSON.objectNode();
    out.put("sdp", SdpWriter.canonical(description));
    return out;
  }

  /** The semantic checks JSEP, RFC 8843 and RFC 8839 require, as rule ids and findings. */
  public static ObjectNode check(JsonNode args) throws SubjectException {
    SdpParseMode mode = mode(args);
    SdpParseResult result = SdpParser.parse(text(args, "sdp"), mode);
    SessionDescription description = description(result);
    SdpType type;
    try {
      type = SdpType.valueOf(args.path("type").asText("offer").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw SubjectException.invalidArgs("type must be offer, answer or pranswer");
    }
    List<SdpFinding> findings =
        SdpLinter.check(description, type, args.path("strict").asBoolean(false));
    Set<String> violations = new LinkedHashSet<>();
    Set<String> warnings = new LinkedHashSet<>();
    ArrayNode list = JSON.arrayNode();
    for (SdpFinding f : findings) {
      (f.severity() == SdpFinding.Severity.VIOLATION ? violations : warnings).add(f.rule());
      ObjectNode n = list.addObject();
      n.put("line", f.line());
      n.put("rule", f.rule());
      n.put("rfc", f.rfc());
      n.put("section", f.section());
      n.put("level", f.level().name());
      n.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
      n.put("message", f.message());
    }
    ObjectNode out = JSON.objectNode();
    ArrayNode v = out.putArray("violations");
    violations.forEach(v::add);
    ArrayNode w = out.putArray("warnings");
    warnings.forEach(w::add);
    ArrayNode parse = out.putArray("parseErrors");
    result.errors().forEach(p -> parse.add(p.rule()));
    out.set("findings", list);
    return out;
  }

  private static SessionDescription description(SdpParseResult result) throws SubjectException {
    if (result.description().isPresent()) {
      return result.description().get();
    }
    SdpProblem first =
        result.errors().isEmpty() ? result.problems().get(0) : result.errors().get(0);
    throw new SubjectException("malformed", first.message(), problem(first));
  }

  private static ObjectNode problem(SdpProblem p) {
    ObjectNode n = JSON.objectNode();
    n.put("line", p.line());
    n.put("column", p.column());
    n.put("rule", p.rule());
    n.put("rfc", p.rfcRef());
    n.put("severity", p.severity().name().toLowerCase(Locale.ROOT));
    n.put("message", p.message());
    return n;
  }

  /** The parsed summary the CLI prints and the vectors check. */
  public static ObjectNode summary(SdpSummary summary) {
    ObjectNode out = JSON.objectNode();
    ArrayNode bundle = out.putArray("bundle");
    summary.bundleGroups().forEach(g -> g.forEach(bundle.addArray()::add));
    ArrayNode media = out.putArray("media");
    for (SdpSummary.Media m : summary.media()) {
      ObjectNode n = media.addObject();
      n.put("kind", m.kind());
      n.put("port", m.port());
      n.put("protocol", m.protocol());
      if (m.mid() != null) {
        n.put("mid", m.mid());
      }
      n.put("direction", m.direction().toString().toLowerCase(Locale.ROOT));
      ArrayNode codecs = n.putArray("codecs");
      for (SdpSummary.Codec c : m.codecs()) {
        codecs.add(
            c.payloadType()
                + " "
                + c.name()
                + "/"
                + c.clockRate()
                + (c.channels() > 1 ? "/" + c.channels() : ""));
      }
      if (m.setup() != null) {
        n.put("setup", m.setup());
      }
      n.put("candidates", m.candidates().size());
      if (m.sctpPort() >= 0) {
        n.put("sctpPort", m.sctpPort());
      }
      if (m.maxMessageSize() >= 0) {
        n.put("maxMessageSize", m.maxMessageSize());
      }
      if (m.iceUfrag() != null) {
        n.put("iceUfrag", m.iceUfrag());
      }
      ArrayNode fingerprints = n.putArray("fingerprints");
      m.fingerprints().forEach(f -> fingerprints.add(f.hashFunction() + " " + f.fingerprint()));
    }
    return out;
  }

  private static SdpParseMode mode(JsonNode args) throws SubjectException {
    String mode = args.path("mode").asText("lenient");
    try {
      return SdpParseMode.valueOf(mode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw SubjectException.invalidArgs("mode \"" + mode + "\" is not strict or lenient");
    }
  }

  private static String text(JsonNode args, String field) throws SubjectException {
    JsonNode v = args.get(field);
    if (v == null || !v.isTextual()) {
      throw SubjectException.invalidArgs("missing text field \"" + field + "\"");
    }
    return v.asText();
  }
}

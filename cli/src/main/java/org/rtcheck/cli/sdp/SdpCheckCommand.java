package org.rtcheck.cli.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.interop.subject.own.SdpCapability;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rtcheck sdp check FILE}: a linter for offers and answers. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Parses an SDP offer or answer and checks what JSEP (RFC 9429), BUNDLE (RFC 8843), ICE"
          + " (RFC 8839), DTLS-SRTP (RFC 8842) and data channels (RFC 8841) require; prints the"
          + " parsed summary and every finding with its line and RFC clause.",
      "Exit status: 0 clean (warnings allowed), 1 violations (or, with --strict, RFC 8866"
          + " syntax errors), 2 unparseable or bad arguments."
    })
public final class SdpCheckCommand implements Callable<Integer> {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The SDP, or - for standard input.")
  String file;

  @Option(
      names = "--type",
      defaultValue = "offer",
      description = "offer (default), answer or pranswer: some rules differ (a=setup).")
  String type;

  @Option(
      names = "--strict",
      description =
          "RFC 8866 grammar to the letter (CRLF, line order) and tolerated MUSTs as violations.")
  boolean strict;

  @Option(names = "--json", description = "Print JSON: the parse and check answers.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ObjectNode args = JsonNodeFactory.instance.objectNode();
    args.put("sdp", SdpInput.read(spec, file));
    args.put("mode", strict ? "strict" : "lenient");
    args.put("type", type.toLowerCase(Locale.ROOT));
    args.put("strict", strict);
    if (!java.util.Set.of("offer", "answer", "pranswer").contains(type.toLowerCase(Locale.ROOT))) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--type must be offer, answer or pranswer");
    }
    ObjectNode parsed;
    ObjectNode checked;
    try {
      parsed = SdpCapability.parse(args);
      checked = SdpCapability.check(args);
    } catch (SubjectException e) {
      if (json) {
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error
            .putObject("error")
            .put("kind", e.kind())
            .put("message", e.getMessage())
            .setAll((ObjectNode) e.details());
        out.println(JSON.writeValueAsString(error));
      } else {
        out.printf(
            Locale.ROOT,
            "not parseable: line %d, column %d: %s (%s)%n",
            e.details().path("line").asInt(),
            e.details().path("column").asInt(),
            e.details().path("message").asText(e.getMessage()),
            e.details().path("rule").asText());
      }
      out.flush();
      return 2;
    }
    boolean violations =
        checked.path("violations").size() > 0 || (strict && parsed.path("errors").size() > 0);
    if (json) {
      ObjectNode both = JsonNodeFactory.instance.objectNode();
      both.set("parse", parsed);
      both.set("check", checked);
      out.println(JSON.writeValueAsString(both));
    } else {
      print(out, parsed, checked);
    }
    out.flush();
    return violations ? 1 : 0;
  }

  private void print(PrintWriter out, JsonNode parsed, JsonNode checked) {
    JsonNode summary = parsed.path("summary");
    out.printf(
        Locale.ROOT,
        "SDP %s, %d m-section(s)%s%n",
        type,
        summary.path("media").size(),
        summary.path("bundle").size() == 0 ? "" : ", BUNDLE " + groups(summary.path("bundle")));
    for (JsonNode m : summary.path("media")) {
      out.printf(
          Locale.ROOT,
          "  m=%-11s mid %-4s port %-5d %-26s %-8s setup %-8s ufrag %-10s %d candidate(s)%n",
          m.path("kind").asText(),
          m.path("mid").asText("-"),
          m.path("port").asInt(),
          m.path("protocol").asText(),
          m.path("direction").asText(),
          m.path("setup").asText("-"),
          m.path("iceUfrag").asText("-"),
          m.path("candidates").asInt());
      if (m.path("codecs").size() > 0) {
        out.println("      codecs: " + join(m.path("codecs")));
      }
      if (m.has("sctpPort")) {
        out.println(
            "      sctp-port "
                + m.path("sctpPort").asInt()
                + (m.has("maxMessageSize")
                    ? ", max-message-size " + m.path("maxMessageSize").asLong()
                    : ""));
      }
      if (m.path("fingerprints").size() > 0) {
        out.println("      fingerprint: " + join(m.path("fingerprints")));
      }
    }
    int shown = 0;
    for (JsonNode p : parsed.path("problems")) {
      if (shown++ == 0) {
        out.println("syntax (RFC 8866, " + parsed.path("mode").asText() + "):");
      }
      out.printf(
          Locale.ROOT,
          "  line %-4d %-8s %-26s %s%n",
          p.path("line").asInt(),
          p.path("severity").asText(),
          p.path("rule").asText(),
          p.path("message").asText());
    }
    shown = 0;
    for (JsonNode f : checked.path("findings")) {
      if (shown++ == 0) {
        out.println("findings:");
      }
      out.printf(
          Locale.ROOT,
          "  line %-4d %-9s %-26s %-6s %s §%s: %s%n",
          f.path("line").asInt(),
          f.path("severity").asText(),
          f.path("rule").asText(),
          f.path("level").asText(),
          f.path("rfc").asText(),
          f.path("section").asText(),
          f.path("message").asText());
    }
    out.printf(
        Locale.ROOT,
        "%d violation(s), %d warning(s)%n",
        checked.path("violations").size(),
        checked.path("warnings").size());
  }

  private static String groups(JsonNode groups) {
    StringBuilder s = new StringBuilder();
    for (JsonNode g : groups) {
      if (s.length() > 0) {
        s.append("; ");
      }
      s.append(join(g).replace(", ", " "));
    }
    return s.toString();
  }

  private static String join(JsonNode array) {
    StringBuilder s = new StringBuilder();
    for (JsonNode n : array) {
      if (s.length() > 0) {
        s.append(", ");
      }
      s.append(n.asText());
    }
    return s.toString();
  }
}

package org.rtcheck.cli.stun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.interop.subject.own.StunCapability;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rtcheck stun decode HEX}: every attribute and every check of one message. */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    description = {
      "Decodes one STUN message and runs its MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and"
          + " FINGERPRINT checks.",
      "Exit status: 0 the message is valid and every check present passes; 1 a check fails;"
          + " 2 the bytes are not a STUN message (offset and reason printed) or bad arguments."
    })
public final class StunDecodeCommand implements Callable<Integer> {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "HEX",
      arity = "1..*",
      description = "The message in hex; spaces, colons and a 0x prefix are allowed.")
  String[] hex;

  @ArgGroup(exclusive = false)
  Credentials credentials;

  /** Short-term: --password; long-term: --username, --realm and --password. */
  static final class Credentials {
    @Option(names = "--username", paramLabel = "U", description = "Long-term username.")
    String username;

    @Option(names = "--realm", paramLabel = "R", description = "Long-term realm.")
    String realm;

    @Option(names = "--password", paramLabel = "P", required = true, description = "Password.")
    String password;

    @Option(
        names = "--algorithm",
        paramLabel = "A",
        description = "Long-term key algorithm: MD5 (default) or SHA-256.")
    String algorithm;

    @Option(
        names = "--saslprep",
        description =
            "Prepare strings with SASLprep (RFC 5389) instead of OpaqueString (RFC 8489).")
    boolean saslprep;
  }

  @Option(names = "--json", description = "Print JSON (the stun.decode capability's answer).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ObjectNode args = JsonNodeFactory.instance.objectNode();
    args.put("hex", hexDigits());
    if (credentials != null) {
      ObjectNode c = args.putObject("credentials");
      c.put("password", credentials.password);
      if (credentials.username != null || credentials.realm != null) {
        if (credentials.username == null || credentials.realm == null) {
          throw new ParameterException(
              spec.commandLine(), "long-term credentials need --username, --realm and --password");
        }
        c.put("username", credentials.username);
        c.put("realm", credentials.realm);
        c.put("algorithm", credentials.algorithm == null ? "MD5" : credentials.algorithm);
      } else if (credentials.algorithm != null) {
        throw new ParameterException(
            spec.commandLine(), "--algorithm needs --username and --realm");
      }
      if (credentials.saslprep) {
        c.put("profile", "saslprep");
      }
    }
    ObjectNode decoded;
    try {
      decoded = StunCapability.decode(args);
    } catch (SubjectException e) {
      if (!e.kind().equals("malformed")) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      if (json) {
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        ObjectNode inner = error.putObject("error");
        inner.put("kind", e.kind());
        inner.put("message", e.getMessage());
        inner.setAll((ObjectNode) e.details());
        out.println(JSON.writeValueAsString(error));
      } else {
        out.printf(
            Locale.ROOT,
            "not a STUN message: %s at byte offset %d%n  %s%n",
            e.details().path("reason").asText(),
            e.details().path("offset").asInt(),
            e.getMessage().replaceFirst("^malformed: ", ""));
      }
      out.flush();
      return 2;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    boolean failed = false;
    for (Map.Entry<String, JsonNode> check : decoded.path("checks").properties()) {
      failed |= check.getValue().asText().equals("fail");
    }
    if (json) {
      out.println(JSON.writeValueAsString(decoded));
    } else {
      print(out, decoded);
    }
    out.flush();
    return failed ? 1 : 0;
  }

  private String hexDigits() {
    String joined = String.join("", hex).replaceAll("[\\s:]", "");
    if (joined.startsWith("0x") || joined.startsWith("0X")) {
      joined = joined.substring(2);
    }
    for (int i = 0; i < joined.length(); i++) {
      if (Character.digit(joined.charAt(i), 16) < 0) {
        throw new ParameterException(
            spec.commandLine(),
            "HEX: '" + joined.charAt(i) + "' at position " + i + " is not a hex digit");
      }
    }
    if (joined.length() % 2 != 0) {
      throw new ParameterException(
          spec.commandLine(), "HEX: odd number of digits (" + joined.length() + ")");
    }
    return joined;
  }

  private static void print(PrintWriter out, JsonNode m) {
    out.printf(
        Locale.ROOT,
        "STUN %s %s, transaction id %s, %d bytes%n",
        m.path("method").asText(),
        m.path("class").asText(),
        m.path("transactionId").asText(),
        m.path("length").asInt());
    for (JsonNode a : m.path("attributes")) {
      StringBuilder value = new StringBuilder();
      for (Map.Entry<String, JsonNode> f : a.properties()) {
        if (f.getKey().equals("type") || f.getKey().equals("offset")) {
          continue;
        }
        if (value.length() > 0) {
          value.append("  ");
        }
        value.append(f.getKey()).append('=').append(f.getValue());
      }
      out.printf(
          Locale.ROOT,
          "  @%-4d %-26s %s%n",
          a.path("offset").asInt(),
          a.path("type").asText(),
          value);
    }
    if (m.path("unknownComprehensionRequired").size() > 0) {
      out.println(
          "  unknown comprehension-required attributes (a server answers 420): "
              + m.path("unknownComprehensionRequired"));
    }
    out.println("checks:");
    for (Map.Entry<String, JsonNode> check : m.path("checks").properties()) {
      String detail = m.path("checkDetails").path(check.getKey()).asText("");
      String word = check.getValue().asText();
      if (word.equals("unchecked")) {
        detail = "present; give --password (and --username/--realm) to check it";
      }
      out.printf(Locale.ROOT, "  %-24s %-9s %s%n", label(check.getKey()), word, detail);
    }
  }

  private static String label(String check) {
    return switch (check) {
      case "messageIntegrity" -> "MESSAGE-INTEGRITY";
      case "messageIntegritySha256" -> "MESSAGE-INTEGRITY-SHA256";
      case "fingerprint" -> "FINGERPRINT";
      default -> check;
    };
  }
}

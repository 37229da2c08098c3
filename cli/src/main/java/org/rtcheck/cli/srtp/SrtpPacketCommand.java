package org.rtcheck.cli.srtp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.interop.subject.own.SrtpCapability;
import org.rtcheck.stack.srtp.SrtpProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rtcheck srtp protect|unprotect}: packets through one SRTP context, in order. */
abstract class SrtpPacketCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--profile", required = true, description = "One of: ${COMPLETION-CANDIDATES}.")
  SrtpProfile profile;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "BASE64",
      description = "Master key || master salt, base64 (as in SDES a=crypto inline:, RFC 4568).")
  String key;

  @Option(names = "--rtcp", description = "SRTCP instead of SRTP.")
  boolean rtcp;

  @Option(names = "--roc", defaultValue = "0", description = "Initial rollover counter.")
  long roc;

  @Parameters(
      paramLabel = "HEX",
      arity = "1..*",
      description = "Packets in hex, processed in order on one context.")
  List<String> packets;

  abstract boolean protect();

  @Override
  public Integer call() {
    byte[] keyAndSalt;
    try {
      keyAndSalt = Base64.getDecoder().decode(key.trim());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--key is not base64: " + e.getMessage());
    }
    int keyLength = profile.masterKeyLength();
    int saltLength = profile.masterSaltLength();
    if (keyAndSalt.length != keyLength + saltLength) {
      throw new ParameterException(
          spec.commandLine(),
          "--key has "
              + keyAndSalt.length
              + " bytes; "
              + profile
              + " takes a "
              + keyLength
              + "-byte key and a "
              + saltLength
              + "-byte salt ("
              + (keyLength + saltLength)
              + " bytes)");
    }
    HexFormat hex = HexFormat.of();
    ObjectNode args = JsonNodeFactory.instance.objectNode();
    args.put("profile", profile.name());
    args.put("masterKey", hex.formatHex(keyAndSalt, 0, keyLength));
    args.put("masterSalt", hex.formatHex(keyAndSalt, keyLength, keyAndSalt.length));
    args.put("rtcp", rtcp);
    args.put("roc", roc);
    var list = args.putArray("packets");
    for (String p : packets) {
      String digits = p.replaceAll("[\\s:]", "").replaceFirst("^0[xX]", "");
      try {
        hex.parseHex(digits);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "HEX \"" + p + "\": " + e.getMessage());
      }
      list.add(digits);
    }
    JsonNode answer;
    try {
      answer = SrtpCapability.protect(args, protect());
    } catch (SubjectException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    boolean refused = false;
    for (JsonNode p : answer.path("packets")) {
      if (p.isTextual()) {
        out.println(p.asText());
      } else {
        refused = true;
        out.println("refused: " + p.path("error").asText());
      }
    }
    out.flush();
    return refused ? 1 : 0;
  }

  /** {@code rtcheck srtp protect}. */
  @Command(
      name = "protect",
      mixinStandardHelpOptions = true,
      description = {
        "Protects RTP (or, with --rtcp, RTCP) packets and prints the SRTP/SRTCP packets.",
        "Exit status: 0 every packet protected, 1 a packet was refused, 2 bad arguments."
      })
  static final class Protect extends SrtpPacketCommand {
    @Override
    boolean protect() {
      return true;
    }
  }

  /** {@code rtcheck srtp unprotect}. */
  @Command(
      name = "unprotect",
      mixinStandardHelpOptions = true,
      description = {
        "Checks and decrypts SRTP (or, with --rtcp, SRTCP) packets in order on one context; a"
            + " refused packet prints its reason (auth-failed, replay, malformed) and changes no"
            + " state.",
        "Exit status: 0 every packet accepted, 1 a packet was refused, 2 bad arguments."
      })
  static final class Unprotect extends SrtpPacketCommand {
    @Override
    boolean protect() {
      return false;
    }
  }
}

package org.rtcheck.interop.subject.own;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;
import org.rtcheck.engine.subject.SubjectException;

/** Byte fields of capability arguments, written in hex (whitespace allowed) as the vectors do. */
final class HexArgs {

  private static final HexFormat HEX = HexFormat.of();

  private HexArgs() {}

  /** The bytes of {@code field}; invalid-args naming the field when it is missing or not hex. */
  static byte[] read(JsonNode args, String field) throws SubjectException {
    JsonNode v = args.get(field);
    if (v == null || !v.isTextual()) {
      throw SubjectException.invalidArgs("missing hex field \"" + field + "\"");
    }
    try {
      return HEX.parseHex(v.asText().replaceAll("\\s+", ""));
    } catch (IllegalArgumentException e) {
      throw SubjectException.invalidArgs(field + ": " + e.getMessage());
    }
  }
}

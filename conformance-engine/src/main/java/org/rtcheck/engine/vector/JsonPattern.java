package org.rtcheck.engine.vector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Matches a subject's answer against a vector's {@code expect} pattern: objects match when every
 * field the pattern names matches (other fields are not looked at), arrays element by element with
 * equal length, scalars by value. Strings that look like hex compare without case and spaces, so
 * {@code "E57A3BCF"} matches {@code "e57a3bcf"}. An object {@code {"$notIn": [a, b]}} matches any
 * value equal to none of its elements, for what must have changed (a new ICE ufrag after a restart:
 * {@code {"$notIn": ["${before.localUfrag}", null]}}).
 */
public final class JsonPattern {

  private JsonPattern() {}

  /** Every place where {@code actual} does not match {@code pattern}; empty when it matches. */
  public static List<String> mismatches(JsonNode pattern, JsonNode actual) {
    List<String> out = new ArrayList<>();
    match("$", pattern, actual, out);
    return out;
  }

  private static void match(String path, JsonNode pattern, JsonNode actual, List<String> out) {
    if ((actual == null || actual.isMissingNode()) && isNotIn(pattern)) {
      actual = com.fasterxml.jackson.databind.node.NullNode.getInstance();
    }
    if (actual == null || actual.isMissingNode()) {
      out.add(path + ": missing, expected " + pattern);
      return;
    }
    if (isNotIn(pattern)) {
      for (JsonNode excluded : pattern.get(NOT_IN)) {
        if (scalarEquals(excluded, actual)) {
          out.add(path + ": expected none of " + pattern.get(NOT_IN) + " but was " + actual);
          return;
        }
      }
      return;
    }
    if (pattern.isObject()) {
      if (!actual.isObject()) {
        out.add(path + ": expected an object " + pattern + " but was " + actual);
        return;
      }
      for (Map.Entry<String, JsonNode> e : pattern.properties()) {
        match(path + "." + e.getKey(), e.getValue(), actual.get(e.getKey()), out);
      }
    } else if (pattern.isArray()) {
      if (!actual.isArray()) {
        out.add(path + ": expected an array " + pattern + " but was " + actual);
        return;
      }
      if (pattern.size() != actual.size()) {
        out.add(
            path
                + ": expected "
                + pattern.size()
                + " elements but was "
                + actual.size()
                + ": "
                + actual);
      }
      for (int i = 0; i < Math.min(pattern.size(), actual.size()); i++) {
        match(path + "[" + i + "]", pattern.get(i), actual.get(i), out);
      }
    } else if (!scalarEquals(pattern, actual)) {
      out.add(path + ": expected " + pattern + " but was " + actual);
    }
  }

  private static final String NOT_IN = "$notIn";

  private static boolean isNotIn(JsonNode pattern) {
    return pattern.isObject() && pattern.size() == 1 && pattern.path(NOT_IN).isArray();
  }

  static boolean scalarEquals(JsonNode pattern, JsonNode actual) {
    if (pattern.isNumber() && actual.isNumber()) {
      return pattern.decimalValue().compareTo(actual.decimalValue()) == 0;
    }
    if (pattern.isTextual() && actual.isTextual()) {
      String p = pattern.asText();
      String a = actual.asText();
      return p.equals(a)
          || (looksHex(p) && looksHex(a) && Hex.normalize(p).equals(Hex.normalize(a)));
    }
    return pattern.equals(actual);
  }

  private static boolean looksHex(String s) {
    String n = Hex.normalize(s);
    if (n.isEmpty() || n.length() % 2 != 0) {
      return false;
    }
    for (int i = 0; i < n.length(); i++) {
      if (Character.digit(n.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}

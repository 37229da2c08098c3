package org.rtcheck.engine.vector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code ${name.path}} references in a step's arguments from the answers of earlier steps. A
 * string that is exactly one reference takes the referenced value as it is (object, number…);
 * references inside longer strings are replaced by the value's text.
 */
public final class StepReferences {

  static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9_.-]*)}");

  private StepReferences() {}

  /**
   * @throws IllegalArgumentException naming a reference whose value does not exist
   */
  public static JsonNode resolve(JsonNode args, Map<String, JsonNode> saved) {
    if (args.isTextual()) {
      String text = args.asText();
      Matcher whole = REFERENCE.matcher(text);
      if (whole.matches()) {
        return lookup(whole.group(1), saved);
      }
      Matcher m = REFERENCE.matcher(text);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        JsonNode value = lookup(m.group(1), saved);
        m.appendReplacement(
            out, Matcher.quoteReplacement(value.isTextual() ? value.asText() : value.toString()));
      }
      m.appendTail(out);
      return TextNode.valueOf(out.toString());
    }
    if (args.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> e : args.properties()) {
        out.set(e.getKey(), resolve(e.getValue(), saved));
      }
      return out;
    }
    if (args.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      args.forEach(a -> out.add(resolve(a, saved)));
      return out;
    }
    return args;
  }

  private static JsonNode lookup(String reference, Map<String, JsonNode> saved) {
    String[] parts = reference.split("\\.");
    JsonNode node = saved.get(parts[0]);
    for (int i = 1; node != null && i < parts.length; i++) {
      node = node.get(parts[i]);
    }
    if (node == null || node.isMissingNode()) {
      throw new IllegalArgumentException("${" + reference + "} has no value");
    }
    return node;
  }
}

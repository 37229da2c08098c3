package org.rtcheck.engine.vector;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.platform.engine.TestTag;

/**
 * Reads vector files. Never throws for a bad file: everything wrong is a {@link VectorFileProblem}
 * with a line number, and a bad vector leaves the rest of its file usable.
 */
public final class VectorFileReader {

  private static final Pattern SUITE_ID = Pattern.compile("[a-z0-9][a-z0-9._/-]*");
  private static final Pattern VECTOR_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern RFC = Pattern.compile("[0-9]{3,5}");
  private static final Pattern SECTION = Pattern.compile("([0-9]+(\\.[0-9]+)*|[A-Z](\\.[0-9]+)*)?");
  private static final Set<String> TOP_LEVEL = Set.of("$schema", "description", "suite", "vectors");
  private static final Set<String> VECTOR_FIELDS =
      Set.of(
          "id",
          "title",
          "capability",
          "rfc",
          "section",
          "level",
          "from",
          "args",
          "expect",
          "tags",
          "steps",
          "comment");

  private static final Set<String> STEP_FIELDS =
      Set.of("subject", "op", "args", "as", "expect", "always");
  private static final Pattern STEP_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

  private final ObjectMapper mapper = new ObjectMapper();

  /**
   * Reads one file.
   *
   * @param name how to name the file in messages (a path or a classpath resource name)
   */
  public VectorSuiteFile read(
      String name,
      URI location,
      InputStream in,
      Optional<String> classpathResource,
      Optional<Path> file) {
    List<VectorFileProblem> problems = new ArrayList<>();
    List<Vector> vectors = new ArrayList<>();
    JsonNode suite = null;
    try (JsonParser p =
        mapper
            .getFactory()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        problems.add(
            problem(name, p.currentTokenLocation(), "a vector file is a JSON object", true));
        return result(name, location, null, vectors, problems, classpathResource, file);
      }
      Set<String> vectorIds = new HashSet<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonLocation fieldLocation = p.currentTokenLocation();
        JsonToken value = p.nextToken();
        switch (field) {
          case "suite" -> {
            suite = mapper.readTree(p);
            checkSuite(name, fieldLocation, suite, problems);
          }
          case "vectors" -> {
            if (value != JsonToken.START_ARRAY) {
              problems.add(problem(name, fieldLocation, "\"vectors\" must be an array", true));
              p.skipChildren();
              continue;
            }
            while (p.nextToken() != JsonToken.END_ARRAY) {
              JsonLocation at = p.currentTokenLocation();
              JsonNode node = mapper.readTree(p);
              toVector(name, at, node, vectorIds, problems).ifPresent(vectors::add);
            }
          }
          default -> {
            if (!TOP_LEVEL.contains(field)) {
              problems.add(problem(name, fieldLocation, "unknown field \"" + field + "\"", false));
            }
            p.skipChildren();
          }
        }
      }
      if (suite == null) {
        problems.add(new VectorFileProblem(name, 1, 0, "missing \"suite\" header", true));
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      problems.add(
          new VectorFileProblem(
              name,
              at == null ? 0 : at.getLineNr(),
              at == null ? 0 : at.getColumnNr(),
              "not valid JSON: " + e.getOriginalMessage(),
              true));
    } catch (IOException e) {
      problems.add(new VectorFileProblem(name, 0, 0, "cannot read: " + e.getMessage(), true));
    }
    return result(name, location, suite, vectors, problems, classpathResource, file);
  }

  private static VectorSuiteFile result(
      String name,
      URI location,
      JsonNode suite,
      List<Vector> vectors,
      List<VectorFileProblem> problems,
      Optional<String> classpathResource,
      Optional<Path> file) {
    boolean fatal = problems.stream().anyMatch(VectorFileProblem::fatal);
    JsonNode s = suite == null ? MissingNode.getInstance() : suite;
    return new VectorSuiteFile(
        s.path("id").asText(name),
        s.path("title").asText(name),
        s.path("protocol").asText("unknown"),
        s.path("rfc").asText(""),
        Optional.ofNullable(s.get("link")).map(JsonNode::asText),
        fatal ? List.of() : List.copyOf(vectors),
        List.copyOf(problems),
        location,
        classpathResource,
        file);
  }

  private static void checkSuite(
      String name, JsonLocation at, JsonNode suite, List<VectorFileProblem> problems) {
    if (!suite.isObject()) {
      problems.add(problem(name, at, "\"suite\" must be an object", true));
      return;
    }
    requireText(name, at, suite, "suite.", "id", SUITE_ID, true, problems);
    requireText(name, at, suite, "suite.", "title", null, true, problems);
    requireText(name, at, suite, "suite.", "protocol", null, true, problems);
    requireText(name, at, suite, "suite.", "rfc", RFC, true, problems);
  }

  private Optional<Vector> toVector(
      String name,
      JsonLocation at,
      JsonNode node,
      Set<String> seenIds,
      List<VectorFileProblem> problems) {
    if (!node.isObject()) {
      problems.add(problem(name, at, "a vector must be an object", false));
      return Optional.empty();
    }
    int before = problems.size();
    String id = requireText(name, at, node, "", "id", VECTOR_ID, false, problems);
    String where = id == null ? "vector" : "vector \"" + id + "\"";
    if (id != null && !seenIds.add(id)) {
      problems.add(problem(name, at, "duplicate vector id \"" + id + "\"", false));
    }
    for (Map.Entry<String, JsonNode> property : node.properties()) {
      String field = property.getKey();
      if (!VECTOR_FIELDS.contains(field)) {
        problems.add(problem(name, at, where + ": unknown field \"" + field + "\"", false));
      }
    }
    String capability =
        requireText(name, at, node, where + ": ", "capability", null, false, problems);
    String rfc = requireText(name, at, node, where + ": ", "rfc", RFC, false, problems);
    String section = node.path("section").asText("");
    if (!SECTION.matcher(section).matches()) {
      problems.add(
          problem(name, at, where + ": section \"" + section + "\" is not like 14.5", false));
    }
    String levelText = requireText(name, at, node, where + ": ", "level", null, false, problems);
    Level level = null;
    if (levelText != null) {
      try {
        level = Level.valueOf(levelText);
      } catch (IllegalArgumentException e) {
        problems.add(
            problem(
                name,
                at,
                where + ": level \"" + levelText + "\" is not MUST, SHOULD or MAY",
                false));
      }
    }
    JsonNode stepsNode = node.get("steps");
    List<Step> steps = new ArrayList<>();
    JsonNode args;
    JsonNode expect;
    if (stepsNode != null) {
      if (node.has("args") || node.has("expect")) {
        problems.add(
            problem(
                name,
                at,
                where + ": a vector has \"steps\" or \"args\"/\"expect\", not both",
                false));
      }
      readSteps(name, at, where, stepsNode, steps, problems);
      args = JsonNodeFactory.instance.objectNode();
      expect = JsonNodeFactory.instance.objectNode();
    } else {
      args = node.get("args");
      if (args == null || !args.isObject()) {
        problems.add(problem(name, at, where + ": \"args\" must be an object", false));
      } else {
        checkHex(name, at, where, "args", args, problems);
      }
      expect = node.get("expect");
      checkExpect(name, at, where, "expect", expect, problems);
    }
    List<String> tags = new ArrayList<>();
    JsonNode tagNode = node.path("tags");
    if (!tagNode.isMissingNode()) {
      if (!tagNode.isArray()) {
        problems.add(problem(name, at, where + ": \"tags\" must be an array of strings", false));
      } else {
        for (JsonNode t : tagNode) {
          if (!t.isTextual() || !TestTag.isValid(t.asText())) {
            problems.add(problem(name, at, where + ": tag " + t + " is not a valid tag", false));
          } else {
            tags.add(t.asText());
          }
        }
      }
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new Vector(
            id,
            node.path("title").asText(id),
            capability,
            rfc,
            section,
            level,
            Optional.ofNullable(node.get("from")).map(JsonNode::asText),
            args,
            expect,
            List.copyOf(tags),
            List.copyOf(steps),
            at.getLineNr()));
  }

  private static boolean isKind(JsonNode kind) {
    if (kind.isTextual()) {
      return true;
    }
    if (!kind.isArray() || kind.isEmpty()) {
      return false;
    }
    for (JsonNode k : kind) {
      if (!k.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static void checkExpect(
      String name,
      JsonLocation at,
      String where,
      String field,
      JsonNode expect,
      List<VectorFileProblem> problems) {
    if (expect == null || !expect.isObject()) {
      problems.add(problem(name, at, where + ": \"" + field + "\" must be an object", false));
    } else if (expect.has("error")) {
      JsonNode error = expect.get("error");
      if (!error.isObject() || !isKind(error.path("kind"))) {
        problems.add(
            problem(
                name,
                at,
                where
                    + ": \""
                    + field
                    + ".error\" must be an object with a \"kind\" (a string, or a list of the"
                    + " kinds any of which will do)",
                false));
      } else if (expect.size() > 1) {
        problems.add(
            problem(
                name,
                at,
                where + ": \"" + field + "\" has \"error\" and other fields; pick one",
                false));
      }
    }
  }

  private static void readSteps(
      String name,
      JsonLocation at,
      String where,
      JsonNode stepsNode,
      List<Step> steps,
      List<VectorFileProblem> problems) {
    if (!stepsNode.isArray() || stepsNode.isEmpty()) {
      problems.add(problem(name, at, where + ": \"steps\" must be a non-empty array", false));
      return;
    }
    Set<String> saved = new HashSet<>();
    for (int i = 0; i < stepsNode.size(); i++) {
      JsonNode s = stepsNode.get(i);
      String stepWhere = where + ": steps[" + i + "]";
      if (!s.isObject()) {
        problems.add(problem(name, at, stepWhere + " must be an object", false));
        continue;
      }
      for (Map.Entry<String, JsonNode> f : s.properties()) {
        if (!STEP_FIELDS.contains(f.getKey())) {
          problems.add(
              problem(name, at, stepWhere + ": unknown field \"" + f.getKey() + "\"", false));
        }
      }
      String op = s.path("op").asText("");
      if (op.isEmpty()) {
        problems.add(problem(name, at, stepWhere + ": missing text field \"op\"", false));
      }
      JsonNode args = s.has("args") ? s.get("args") : JsonNodeFactory.instance.objectNode();
      if (!args.isObject()) {
        problems.add(problem(name, at, stepWhere + ": \"args\" must be an object", false));
      } else {
        checkHex(name, at, stepWhere, "args", args, problems);
        checkReferences(name, at, stepWhere, args, saved, problems);
      }
      Optional<String> as = Optional.ofNullable(s.get("as")).map(JsonNode::asText);
      if (as.isPresent() && !STEP_NAME.matcher(as.get()).matches()) {
        problems.add(problem(name, at, stepWhere + ": \"as\" must be a name like offer1", false));
      }
      Optional<JsonNode> expect = Optional.ofNullable(s.get("expect"));
      expect.ifPresent(
          e -> {
            checkExpect(name, at, stepWhere, "expect", e, problems);
            checkReferences(name, at, stepWhere + ": expect", e, saved, problems);
          });
      Optional<String> subject = Optional.ofNullable(s.get("subject")).map(JsonNode::asText);
      JsonNode always = s.path("always");
      if (!always.isMissingNode() && !always.isBoolean()) {
        problems.add(problem(name, at, stepWhere + ": \"always\" must be true or false", false));
      }
      steps.add(new Step(subject, op, args, as, expect, always.asBoolean(false)));
      as.ifPresent(saved::add);
    }
  }

  /** Every {@code ${name.…}} must name an answer saved by an earlier step. */
  private static void checkReferences(
      String name,
      JsonLocation at,
      String where,
      JsonNode node,
      Set<String> saved,
      List<VectorFileProblem> problems) {
    if (node.isTextual()) {
      java.util.regex.Matcher m = StepReferences.REFERENCE.matcher(node.asText());
      while (m.find()) {
        String ref = m.group(1);
        String first = ref.contains(".") ? ref.substring(0, ref.indexOf('.')) : ref;
        if (!saved.contains(first)) {
          problems.add(
              problem(
                  name,
                  at,
                  where
                      + ": ${"
                      + ref
                      + "} refers to \""
                      + first
                      + "\", which no earlier step saved",
                  false));
        }
      }
    } else {
      for (JsonNode child : node) {
        checkReferences(name, at, where, child, saved, problems);
      }
    }
  }

  /** Every field named {@code hex} (or ending in {@code Hex}) must hold valid hex. */
  private static void checkHex(
      String name,
      JsonLocation at,
      String where,
      String path,
      JsonNode node,
      List<VectorFileProblem> problems) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        String child = path + "." + e.getKey();
        if ((e.getKey().equals("hex") || e.getKey().endsWith("Hex")) && e.getValue().isTextual()) {
          try {
            Hex.decode(e.getValue().asText());
          } catch (IllegalArgumentException bad) {
            problems.add(problem(name, at, where + ": " + child + ": " + bad.getMessage(), false));
          }
        } else {
          checkHex(name, at, where, child, e.getValue(), problems);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        checkHex(name, at, where, path + "[" + i + "]", node.get(i), problems);
      }
    }
  }

  private static String requireText(
      String name,
      JsonLocation at,
      JsonNode node,
      String prefix,
      String field,
      Pattern pattern,
      boolean fatal,
      List<VectorFileProblem> problems) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      problems.add(problem(name, at, prefix + "missing text field \"" + field + "\"", fatal));
      return null;
    }
    if (pattern != null && !pattern.matcher(value.asText()).matches()) {
      problems.add(
          problem(
              name,
              at,
              prefix + field + " \"" + value.asText() + "\" does not match " + pattern.pattern(),
              fatal));
      return null;
    }
    return value.asText();
  }

  private static VectorFileProblem problem(
      String name, JsonLocation at, String message, boolean fatal) {
    return new VectorFileProblem(
        name, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(), message, fatal);
  }
}

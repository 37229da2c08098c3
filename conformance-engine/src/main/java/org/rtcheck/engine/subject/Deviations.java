package org.rtcheck.engine.subject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A subject's expected-deviations file: {@code {"subject": id, "deviations": [{"vector":
 * "suite/vector", "reason": …, "link": …, "symptom": …, "intermittent": false}]}} (symptom and
 * intermittent: see {@link Deviation}).
 */
public final class Deviations {

  private static final Deviations NONE = new Deviations(Map.of());

  private final Map<String, Deviation> byVector;

  private Deviations(Map<String, Deviation> byVector) {
    this.byVector = byVector;
  }

  public static Deviations none() {
    return NONE;
  }

  /**
   * Loads the subject's deviations resource.
   *
   * @throws IllegalArgumentException naming the resource and what is wrong in it
   */
  public static Deviations load(Subject subject, ClassLoader loader) {
    String resource = subject.deviationsResource();
    if (resource == null) {
      return NONE;
    }
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        return NONE;
      }
      JsonNode root = new ObjectMapper().readTree(in);
      JsonNode list = root.path("deviations");
      if (!list.isArray()) {
        throw new IllegalArgumentException(resource + ": \"deviations\" must be an array");
      }
      Map<String, Deviation> map = new HashMap<>();
      for (JsonNode d : list) {
        String vector = d.path("vector").asText("");
        String reason = d.path("reason").asText("");
        if (vector.isEmpty() || reason.isEmpty()) {
          throw new IllegalArgumentException(
              resource + ": every deviation needs \"vector\" and \"reason\": " + d);
        }
        Deviation deviation;
        try {
          deviation =
              new Deviation(
                  vector,
                  reason,
                  text(d, "link"),
                  text(d, "symptom"),
                  d.path("intermittent").asBoolean(false));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(resource + ": " + e.getMessage(), e);
        }
        if (map.put(vector, deviation) != null) {
          throw new IllegalArgumentException(resource + ": vector " + vector + " listed twice");
        }
      }
      return new Deviations(Map.copyOf(map));
    } catch (IOException e) {
      throw new IllegalArgumentException(resource + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
  }

  /** The deviation declared for {@code suiteId/vectorId}, if any. */
  public Optional<Deviation> find(String suiteId, String vectorId) {
    return Optional.ofNullable(byVector.get(suiteId + "/" + vectorId));
  }
}

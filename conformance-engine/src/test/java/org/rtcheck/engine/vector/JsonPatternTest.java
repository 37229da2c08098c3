package org.rtcheck.engine.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonPatternTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void notInMatchesAValueEqualToNoneOfItsElements() throws Exception {
    JsonNode pattern = json("{\"localUfrag\": {\"$notIn\": [\"abcd\", null]}}");
    assertTrue(JsonPattern.mismatches(pattern, json("{\"localUfrag\": \"wxyz\"}")).isEmpty());
  }

  @Test
  void notInNamesTheExcludedValueThatCameBack() throws Exception {
    JsonNode pattern = json("{\"localUfrag\": {\"$notIn\": [\"abcd\", null]}}");
    assertEquals(
        java.util.List.of("$.localUfrag: expected none of [\"abcd\",null] but was \"abcd\""),
        JsonPattern.mismatches(pattern, json("{\"localUfrag\": \"abcd\"}")));
    assertEquals(1, JsonPattern.mismatches(pattern, json("{\"localUfrag\": null}")).size());
    assertEquals(1, JsonPattern.mismatches(pattern, json("{}")).size());
  }

  @Test
  void anObjectWithOtherFieldsIsStillAPlainPattern() throws Exception {
    JsonNode pattern = json("{\"$notIn\": [1], \"x\": 2}");
    assertEquals(
        1,
        JsonPattern.mismatches(pattern, json("{\"$notIn\": [1], \"x\": 3}")).size(),
        "compared field by field");
  }
}

package org.rtcheck.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads the {@code *-result.json} files of an allure-results folder. */
public final class AllureResults {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AllureResults() {}

  /**
   * Every test result in the folder.
   *
   * @throws IOException naming the file that could not be read
   */
  public static List<ResultRecord> read(Path dir) throws IOException {
    List<ResultRecord> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files =
          list.filter(p -> p.getFileName().toString().endsWith("-result.json")).sorted().toList();
    }
    for (Path file : files) {
      JsonNode node;
      try {
        node = JSON.readTree(file.toFile());
      } catch (IOException e) {
        throw new IOException("cannot read Allure result " + file + ": " + e.getMessage(), e);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      for (JsonNode l : node.path("labels")) {
        String name = l.path("name").asText();
        String value = l.path("value").asText();
        if (name.equals("tag") && value.equals("known-deviation")) {
          labels.put("known-deviation", "true");
        }
        labels.putIfAbsent(name, value);
      }
      if (!labels.containsKey("subject")) {
        continue; // not an rtcheck vector test (a Jupiter unit test, a container)
      }
      String message = node.path("statusDetails").path("message").asText("");
      List<ResultRecord.Attachment> attachments = new ArrayList<>();
      for (JsonNode a : node.path("attachments")) {
        attachments.add(
            new ResultRecord.Attachment(
                a.path("name").asText(), a.path("source").asText(), a.path("type").asText("")));
      }
      long start = node.path("start").asLong(0);
      long stop = node.path("stop").asLong(0);
      out.add(
          new ResultRecord(
              node.path("name").asText(),
              outcome(node, labels),
              message,
              labels,
              List.copyOf(attachments),
              start > 0 && stop >= start ? stop - start : 0));
    }
    return out;
  }

  private static TestOutcome outcome(JsonNode node, Map<String, String> labels) {
    String status = node.path("status").asText("unknown");
    return switch (status) {
      case "passed" -> TestOutcome.PASSED;
      case "skipped" ->
          labels.containsKey("known-deviation") ? TestOutcome.KNOWN_DEVIATION : TestOutcome.SKIPPED;
      default -> TestOutcome.FAILED;
    };
  }
}

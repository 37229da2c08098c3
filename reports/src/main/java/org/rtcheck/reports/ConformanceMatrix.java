package org.rtcheck.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The conformance matrix: one row per RFC section, one column per subject; each cell counts how
 * that subject did on the section's vectors and is coloured by the worst outcome.
 */
public final class ConformanceMatrix {

  private ConformanceMatrix() {}

  /** Writes {@code conformance-matrix.html} into {@code dir}; returns the file. */
  public static Path write(List<ResultRecord> results, Path dir) throws IOException {
    Map<String, Map<String, Map<TestOutcome, Integer>>> cells =
        new TreeMap<>(Comparator.comparing(ConformanceMatrix::sortKey));
    TreeSet<String> subjects = new TreeSet<>();
    for (ResultRecord r : results) {
      String row = r.label("epic") + " · " + r.label("feature") + " " + r.label("story");
      subjects.add(r.label("subject"));
      cells
          .computeIfAbsent(row, k -> new TreeMap<>())
          .computeIfAbsent(r.label("subject"), k -> new EnumMap<>(TestOutcome.class))
          .merge(r.outcome(), 1, Integer::sum);
    }
    StringBuilder html = new StringBuilder();
    html.append(
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>rtcheck conformance matrix</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:2em}
        table{border-collapse:collapse}
        th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}
        td.pass{background:#d9f2d9} td.fail{background:#f7c6c6}
        td.deviation{background:#fbe8b4} td.skip{background:#eee;color:#666}
        </style></head><body>
        <h1>rtcheck conformance matrix</h1>
        <p>Rows: RFC sections the vectors check. Columns: subjects. A cell counts
        passed / failed / known deviations / skipped vectors; its colour is the worst of them.
        Details and evidence are in the Allure report (index.html).</p>
        <table><tr><th>protocol · RFC section</th>
        """);
    for (String s : subjects) {
      html.append("<th>").append(escape(s)).append("</th>");
    }
    html.append("</tr>\n");
    for (Map.Entry<String, Map<String, Map<TestOutcome, Integer>>> row : cells.entrySet()) {
      html.append("<tr><td>").append(escape(row.getKey())).append("</td>");
      for (String s : subjects) {
        Map<TestOutcome, Integer> c = row.getValue().get(s);
        if (c == null) {
          html.append("<td class=\"skip\">—</td>");
          continue;
        }
        html.append("<td class=\"").append(worst(c)).append("\">");
        List<String> parts = new ArrayList<>();
        for (TestOutcome o : TestOutcome.values()) {
          if (c.containsKey(o)) {
            parts.add(c.get(o) + " " + o.word());
          }
        }
        html.append(escape(String.join(", ", parts))).append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</table></body></html>\n");
    Files.createDirectories(dir);
    Path file = dir.resolve("conformance-matrix.html");
    Files.writeString(file, html, StandardCharsets.UTF_8);
    return file;
  }

  private static String worst(Map<TestOutcome, Integer> c) {
    if (c.containsKey(TestOutcome.FAILED)) {
      return "fail";
    }
    if (c.containsKey(TestOutcome.KNOWN_DEVIATION)) {
      return "deviation";
    }
    if (c.containsKey(TestOutcome.PASSED)) {
      return "pass";
    }
    return "skip";
  }

  /** Sorts "§14.10" after "§14.9". */
  private static String sortKey(String row) {
    StringBuilder out = new StringBuilder();
    for (String part : row.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)")) {
      out.append(
          part.chars().allMatch(Character::isDigit)
              ? String.format("%08d", Long.parseLong(part))
              : part);
    }
    return out.toString();
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}

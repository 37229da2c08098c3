package org.rtcheck.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The interop matrix: offerer → answerer pairs × features, from the results of the interop cells
 * (tests labelled {@code answerer} and {@code matrixFeature}; vectors/README.md). Written as an
 * HTML page whose every cell links its evidence (SDPs, both peers' logs, stats, per-step timing),
 * and rendered as text for CI logs.
 */
public final class InteropMatrix {

  /** The page's file name, next to the Allure report's index.html. */
  public static final String PAGE = "interop-matrix.html";

  private final Map<String, Map<Pair, ResultRecord>> byFeature = new TreeMap<>();
  private final TreeSet<String> peers = new TreeSet<>();
  private final Map<String, String> versions = new TreeMap<>();

  /** An ordered pair of peers: the first offers. */
  public record Pair(String offerer, String answerer) implements Comparable<Pair> {
    @Override
    public int compareTo(Pair o) {
      int c = offerer.compareTo(o.offerer);
      return c != 0 ? c : answerer.compareTo(o.answerer);
    }

    @Override
    public String toString() {
      return offerer + " → " + answerer;
    }
  }

  private InteropMatrix() {}

  /** The interop cells among {@code results}; other results are ignored. */
  public static InteropMatrix of(List<ResultRecord> results) {
    InteropMatrix m = new InteropMatrix();
    for (ResultRecord r : results) {
      String answerer = r.label("answerer");
      String feature = r.label("matrixFeature");
      if (answerer.isEmpty() || feature.isEmpty()) {
        continue;
      }
      String offerer = r.label("subject");
      m.peers.add(offerer);
      m.peers.add(answerer);
      version(m.versions, offerer, r.label("subjectVersion"));
      version(m.versions, answerer, r.label("answererVersion"));
      m.byFeature
          .computeIfAbsent(feature, f -> new TreeMap<>())
          .put(new Pair(offerer, answerer), r);
    }
    return m;
  }

  private static void version(Map<String, String> versions, String peer, String version) {
    if (!version.isEmpty() && !version.equals("?")) {
      versions.putIfAbsent(peer, version);
    }
  }

  public boolean isEmpty() {
    return byFeature.isEmpty();
  }

  /** Counts of outcomes over every cell. */
  public Map<TestOutcome, Integer> totals() {
    Map<TestOutcome, Integer> totals = new EnumMap<>(TestOutcome.class);
    byFeature
        .values()
        .forEach(c -> c.values().forEach(r -> totals.merge(r.outcome(), 1, Integer::sum)));
    return totals;
  }

  /**
   * One grid per feature, offerers down, answerers across, for CI logs: {@code pass}, {@code FAIL},
   * {@code dev} (known deviation), {@code skip}, {@code -} (not run).
   */
  public String renderText() {
    StringBuilder out = new StringBuilder();
    int width = Math.max(9, peers.stream().mapToInt(String::length).max().orElse(9) + 1);
    for (Map.Entry<String, Map<Pair, ResultRecord>> f : byFeature.entrySet()) {
      out.append("interop ").append(f.getKey()).append(" (rows offer, columns answer)\n");
      out.append(String.format(Locale.ROOT, "%-" + width + "s", ""));
      peers.forEach(p -> out.append(String.format(Locale.ROOT, " %-" + width + "s", p)));
      out.append('\n');
      for (String offerer : peers) {
        out.append(String.format(Locale.ROOT, "%-" + width + "s", offerer));
        for (String answerer : peers) {
          ResultRecord r = f.getValue().get(new Pair(offerer, answerer));
          out.append(String.format(Locale.ROOT, " %-" + width + "s", r == null ? "-" : word(r)));
        }
        out.append('\n');
      }
      out.append('\n');
    }
    Map<TestOutcome, Integer> totals = totals();
    out.append("interop cells: ");
    List<String> parts = new ArrayList<>();
    for (TestOutcome o : TestOutcome.values()) {
      parts.add(totals.getOrDefault(o, 0) + " " + o.word());
    }
    out.append(String.join(", ", parts)).append('\n');
    return out.toString();
  }

  private static String word(ResultRecord r) {
    return r.outcome() == TestOutcome.KNOWN_DEVIATION ? "dev" : r.outcome().word();
  }

  /**
   * Writes {@value #PAGE} into {@code reportDir}, and under {@code interop/} one evidence page per
   * cell with the cell's attachments copied from {@code resultsDir}; returns the page.
   */
  public Path write(Path resultsDir, Path reportDir) throws IOException {
    Path cellsDir = reportDir.resolve("interop");
    Path evidenceDir = cellsDir.resolve("evidence");
    Files.createDirectories(evidenceDir);
    Map<ResultRecord, String> pages =
        new IdentityHashMap<>(); // records of equal content are distinct cells
    for (Map.Entry<String, Map<Pair, ResultRecord>> f : byFeature.entrySet()) {
      for (Map.Entry<Pair, ResultRecord> c : f.getValue().entrySet()) {
        String file = fileName(f.getKey(), c.getKey());
        writeCell(
            f.getKey(), c.getKey(), c.getValue(), resultsDir, evidenceDir, cellsDir.resolve(file));
        pages.put(c.getValue(), "interop/" + file);
      }
    }
    StringBuilder html = new StringBuilder();
    html.append(head("rtcheck interop matrix"));
    html.append(
        """
        <h1>rtcheck interop matrix</h1>
        <p>Every ordered pair of peers (the first offers, the second answers), signaled by the
        harness, per feature. Each cell links its evidence: both SDPs, both peers' logs, their
        stats, the timing of every step and, when it failed, a pcap of its loopback UDP traffic
        (traffic.pcapng). A known deviation is declared by the offerer and is
        never a pass. Full details are in the Allure report (<a href="index.html">index.html</a>).
        </p>
        """);
    html.append("<h2>Peers</h2><table><tr><th>peer</th><th>version</th></tr>\n");
    for (String p : peers) {
      html.append("<tr><td>")
          .append(escape(p))
          .append("</td><td>")
          .append(escape(versions.getOrDefault(p, "?")))
          .append("</td></tr>\n");
    }
    html.append("</table>\n<h2>Pair × feature</h2>\n<table><tr><th>offerer → answerer</th>");
    byFeature.keySet().forEach(f -> html.append("<th>").append(escape(f)).append("</th>"));
    html.append("</tr>\n");
    TreeSet<Pair> pairs = new TreeSet<>();
    byFeature.values().forEach(c -> pairs.addAll(c.keySet()));
    for (Pair pair : pairs) {
      html.append("<tr><td>").append(escape(pair.toString())).append("</td>");
      for (Map<Pair, ResultRecord> cells : byFeature.values()) {
        html.append(cell(cells.get(pair), pages));
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n");
    for (Map.Entry<String, Map<Pair, ResultRecord>> f : byFeature.entrySet()) {
      html.append("<h2>")
          .append(escape(f.getKey()))
          .append("</h2>\n<table><tr><th>offerer ↓ answerer →</th>");
      peers.forEach(p -> html.append("<th>").append(escape(p)).append("</th>"));
      html.append("</tr>\n");
      for (String offerer : peers) {
        html.append("<tr><th>").append(escape(offerer)).append("</th>");
        for (String answerer : peers) {
          html.append(cell(f.getValue().get(new Pair(offerer, answerer)), pages));
        }
        html.append("</tr>\n");
      }
      html.append("</table>\n");
    }
    html.append("<pre>").append(escape(renderText())).append("</pre></body></html>\n");
    Path page = reportDir.resolve(PAGE);
    Files.writeString(page, html, StandardCharsets.UTF_8);
    return page;
  }

  private static String cell(ResultRecord r, Map<ResultRecord, String> pages) {
    if (r == null) {
      return "<td class=\"none\">—</td>";
    }
    String seconds = String.format(Locale.ROOT, "%.1f s", r.durationMs() / 1000.0);
    return "<td class=\""
        + cssClass(r.outcome())
        + "\" title=\""
        + escape(r.message())
        + "\"><a href=\""
        + pages.get(r)
        + "\">"
        + escape(r.outcome().word())
        + "</a> "
        + seconds
        + "</td>";
  }

  private static void writeCell(
      String feature, Pair pair, ResultRecord r, Path resultsDir, Path evidenceDir, Path file)
      throws IOException {
    StringBuilder html = new StringBuilder(head(feature + " " + pair));
    html.append("<p><a href=\"../")
        .append(PAGE)
        .append("\">interop matrix</a></p>\n<h1>")
        .append(escape(feature))
        .append(": ")
        .append(escape(pair.toString()))
        .append("</h1>\n<p class=\"")
        .append(cssClass(r.outcome()))
        .append("\">")
        .append(escape(r.outcome().word()))
        .append(String.format(Locale.ROOT, " in %.1f s", r.durationMs() / 1000.0))
        .append("</p>\n");
    // This cell's own versions: under rtcheck.env=grid a browser's names the node that ran it.
    html.append("<p>offerer: ")
        .append(escape(pair.offerer() + " " + r.label("subjectVersion")).trim())
        .append("<br>answerer: ")
        .append(escape(pair.answerer() + " " + r.label("answererVersion")).trim())
        .append("</p>\n");
    if (!r.message().isEmpty()) {
      html.append("<pre>").append(escape(r.message())).append("</pre>\n");
    }
    html.append("<h2>Evidence</h2><ul>\n");
    String timing = null;
    for (ResultRecord.Attachment a : r.attachments()) {
      Path source = resultsDir.resolve(a.source());
      if (a.source().isEmpty() || !Files.isRegularFile(source)) {
        continue;
      }
      Files.copy(source, evidenceDir.resolve(a.source()), StandardCopyOption.REPLACE_EXISTING);
      html.append("<li><a href=\"evidence/")
          .append(escape(a.source()))
          .append("\">")
          .append(escape(a.name()))
          .append("</a></li>\n");
      if (a.name().equals("timing.txt")) {
        timing = Files.readString(source, StandardCharsets.UTF_8);
      }
    }
    html.append("</ul>\n");
    if (timing != null) {
      html.append("<h2>Steps</h2><pre>").append(escape(timing)).append("</pre>\n");
    }
    html.append("</body></html>\n");
    Files.writeString(file, html, StandardCharsets.UTF_8);
  }

  /**
   * Makes the Allure report link this page: its Executors widget shows the run with the matrix as
   * the build link ({@code executor.json} in the results folder, read by {@code allure generate}).
   */
  public static void linkFromAllure(Path resultsDir) throws IOException {
    ObjectNode executor = new ObjectMapper().createObjectNode();
    executor.put("name", "rtcheck");
    executor.put("type", "rtcheck");
    executor.put("buildName", "interop matrix");
    executor.put("buildUrl", PAGE);
    executor.put("reportName", "rtcheck");
    Files.createDirectories(resultsDir);
    Files.writeString(
        resultsDir.resolve("executor.json"), executor.toPrettyString(), StandardCharsets.UTF_8);
  }

  private static String fileName(String feature, Pair pair) {
    return (feature + "__" + pair.offerer() + "__" + pair.answerer())
            .replaceAll("[^A-Za-z0-9._-]", "_")
        + ".html";
  }

  private static String cssClass(TestOutcome o) {
    return switch (o) {
      case PASSED -> "pass";
      case FAILED -> "fail";
      case KNOWN_DEVIATION -> "deviation";
      case SKIPPED -> "skip";
    };
  }

  private static String head(String title) {
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + escape(title)
        + "</title>\n<style>\n"
        + "body{font-family:system-ui,sans-serif;margin:2em}\n"
        + "table{border-collapse:collapse;margin-bottom:1.5em}\n"
        + "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}\n"
        + ".pass{background:#d9f2d9} .fail{background:#f7c6c6}\n"
        + ".deviation{background:#fbe8b4} .skip{background:#eee;color:#666} .none{color:#aaa}\n"
        + "pre{white-space:pre-wrap}\n"
        + "</style></head><body>\n";
  }

  private static String escape(String s) {
    return ConformanceMatrix.escape(s);
  }
}

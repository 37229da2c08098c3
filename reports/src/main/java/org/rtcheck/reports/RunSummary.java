package org.rtcheck.reports;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The plain-text summary for CI logs: one row per suite, one column group per subject, counts of
 * pass / FAIL / deviation / skip.
 */
public final class RunSummary {

  private final Map<String, Map<String, Map<TestOutcome, Integer>>> counts = new TreeMap<>();
  private final Map<TestOutcome, Integer> totals = new EnumMap<>(TestOutcome.class);
  private final TreeSet<String> subjects = new TreeSet<>();

  public RunSummary add(String suite, String subject, TestOutcome outcome) {
    subjects.add(subject);
    counts
        .computeIfAbsent(suite, s -> new TreeMap<>())
        .computeIfAbsent(subject, s -> new EnumMap<>(TestOutcome.class))
        .merge(outcome, 1, Integer::sum);
    totals.merge(outcome, 1, Integer::sum);
    return this;
  }

  public static RunSummary of(List<ResultRecord> results) {
    RunSummary summary = new RunSummary();
    for (ResultRecord r : results) {
      summary.add(r.label("suiteId"), r.label("subject"), r.outcome());
    }
    return summary;
  }

  public int total(TestOutcome outcome) {
    return totals.getOrDefault(outcome, 0);
  }

  public boolean isEmpty() {
    return counts.isEmpty();
  }

  /** The table, with the closing line CI tools read ("N passed, N failed, N skipped"). */
  public String render() {
    int suiteWidth = Math.max(5, counts.keySet().stream().mapToInt(String::length).max().orElse(5));
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-" + suiteWidth + "s", "suite"));
    for (String subject : subjects) {
      out.append(String.format(Locale.ROOT, " | %-27s", subject + "  pass/FAIL/dev/skip"));
    }
    out.append('\n');
    out.append("-".repeat(suiteWidth));
    subjects.forEach(s -> out.append("-+-").append("-".repeat(27)));
    out.append('\n');
    for (Map.Entry<String, Map<String, Map<TestOutcome, Integer>>> row : counts.entrySet()) {
      out.append(String.format(Locale.ROOT, "%-" + suiteWidth + "s", row.getKey()));
      for (String subject : subjects) {
        Map<TestOutcome, Integer> c = row.getValue().get(subject);
        if (c == null) {
          // The subject does not speak this suite's protocol: not run, not skipped.
          out.append(String.format(Locale.ROOT, " | %-27s", "-"));
          continue;
        }
        out.append(
            String.format(
                Locale.ROOT,
                " | %-27s",
                c.getOrDefault(TestOutcome.PASSED, 0)
                    + " / "
                    + c.getOrDefault(TestOutcome.FAILED, 0)
                    + " / "
                    + c.getOrDefault(TestOutcome.KNOWN_DEVIATION, 0)
                    + " / "
                    + c.getOrDefault(TestOutcome.SKIPPED, 0)));
      }
      out.append('\n');
    }
    out.append(
        String.format(
            Locale.ROOT,
            "known deviations (declared by the subject, counted as skipped): %d%n",
            total(TestOutcome.KNOWN_DEVIATION)));
    out.append(
        String.format(
            Locale.ROOT,
            "rtcheck: %d passed, %d failed, %d skipped%n",
            total(TestOutcome.PASSED),
            total(TestOutcome.FAILED),
            total(TestOutcome.SKIPPED) + total(TestOutcome.KNOWN_DEVIATION)));
    return out.toString();
  }
}

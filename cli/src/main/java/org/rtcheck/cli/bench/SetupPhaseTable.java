package org.rtcheck.cli.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rtcheck.stack.peer.SetupTimeline;
import org.rtcheck.stack.peer.SetupTimeline.Phase;

/**
 * {@code rtcheck bench datachannel --phases}: the own stack's setup, offerer and answerer, as the
 * median time from each peer's creation to each {@link Phase} over the measured runs, with the step
 * from the previous phase, so the table shows where the setup time goes.
 */
final class SetupPhaseTable {

  private final Map<Phase, List<Double>> offerer = new EnumMap<>(Phase.class);
  private final Map<Phase, List<Double>> answerer = new EnumMap<>(Phase.class);
  private final List<Double> total = new ArrayList<>();

  void add(SetupTimeline a, SetupTimeline b, double setupMs) {
    collect(a, offerer);
    collect(b, answerer);
    total.add(setupMs);
  }

  private static void collect(SetupTimeline t, Map<Phase, List<Double>> into) {
    t.snapshot().forEach((p, n) -> into.computeIfAbsent(p, k -> new ArrayList<>()).add(n / 1e6));
  }

  void print(PrintStream out) {
    if (total.isEmpty()) {
      return;
    }
    out.printf(
        Locale.ROOT,
        "own setup phases, median ms since each peer's creation over %d runs (setup p50 %.1f ms)%n",
        total.size(),
        median(total));
    out.printf(
        Locale.ROOT, "%-20s %10s %8s %10s %8s%n", "phase", "offerer", "step", "answerer", "step");
    double prevA = 0;
    double prevB = 0;
    for (Phase p : Phase.values()) {
      double a = median(offerer.getOrDefault(p, List.of()));
      double b = median(answerer.getOrDefault(p, List.of()));
      out.printf(
          Locale.ROOT,
          "%-20s %10s %8s %10s %8s%n",
          p.label(),
          ms(a),
          Double.isNaN(a) ? "" : ms(a - prevA),
          ms(b),
          Double.isNaN(b) ? "" : ms(b - prevB));
      prevA = Double.isNaN(a) ? prevA : a;
      prevB = Double.isNaN(b) ? prevB : b;
    }
  }

  private static String ms(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }

  private static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> s = new ArrayList<>(values);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }
}

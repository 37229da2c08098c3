package org.rtcheck.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs a group of JMH benchmarks (the own stack against third-party stacks in the same run) and
 * prints a comparison table. {@code rtcheck bench <group>} calls {@link #run}.
 *
 * <p>Conventions: a group is a package under {@code org.rtcheck.bench}; in each benchmark class a
 * method is named after the subject it measures ({@code own}, {@code ice4j}, …). JMH finds the
 * benchmarks through {@code META-INF/BenchmarkList} on the class path and forks JVMs with this
 * JVM's {@code java.class.path}, so it works from the shaded CLI jar as well as from Maven.
 */
public final class BenchRunner {

  /** Group name → package of its benchmark classes. */
  private static final Map<String, String> GROUPS =
      Map.of(
          "stun",
          "org.rtcheck.bench.stun",
          "sdp",
          "org.rtcheck.bench.sdp",
          "srtp",
          "org.rtcheck.bench.srtp",
          "sctp",
          "org.rtcheck.bench.sctp");

  /** JMH's GC profiler result: bytes allocated per benchmark operation. */
  private static final String ALLOC_NORM = "gc.alloc.rate.norm";

  /** The subject every other one is compared with. */
  public static final String OWN = "own";

  private BenchRunner() {}

  /**
   * How long to measure.
   *
   * @param forks JVM forks per benchmark (0 runs in this JVM, which JMH discourages)
   * @param warmupIterations warm-up iterations per fork
   * @param measurementIterations measured iterations per fork
   * @param iterationTime length of each iteration, warm-up and measured
   * @param verbose whether JMH's own progress goes to the output as well
   * @param gcProfiler whether to run JMH's {@code gc} profiler and report bytes allocated per
   *     operation
   */
  public record Settings(
      int forks,
      int warmupIterations,
      int measurementIterations,
      Duration iterationTime,
      boolean verbose,
      boolean gcProfiler) {

    public Settings {
      if (forks < 0 || warmupIterations < 0 || measurementIterations < 1) {
        throw new IllegalArgumentException(
            "need forks >= 0, warm-up iterations >= 0, measurement iterations >= 1");
      }
      Objects.requireNonNull(iterationTime);
      if (iterationTime.isNegative() || iterationTime.isZero()) {
        throw new IllegalArgumentException("iteration time must be positive");
      }
    }

    /** Without the GC profiler. */
    public Settings(
        int forks,
        int warmupIterations,
        int measurementIterations,
        Duration iterationTime,
        boolean verbose) {
      this(forks, warmupIterations, measurementIterations, iterationTime, verbose, false);
    }

    /** The same settings with the GC profiler on or off. */
    public Settings withGcProfiler(boolean on) {
      return new Settings(
          forks, warmupIterations, measurementIterations, iterationTime, verbose, on);
    }

    /** A real measurement: 2 forks × (5 warm-up + 5 measured iterations of 1 s). */
    public static Settings defaults() {
      return new Settings(2, 5, 5, Duration.ofSeconds(1), true);
    }

    /** A smoke run that only shows the benchmarks work: 1 fork, 1 + 2 iterations of 1 s. */
    public static Settings quick() {
      return new Settings(1, 1, 2, Duration.ofSeconds(1), true);
    }
  }

  /**
   * One measured benchmark method.
   *
   * @param bytesPerOp bytes allocated per operation (JMH {@code gc.alloc.rate.norm}), NaN unless
   *     the GC profiler ran
   */
  public record Row(
      String benchmark, String subject, double opsPerSecond, double error, double bytesPerOp) {

    /** A row without allocation figures. */
    public Row(String benchmark, String subject, double opsPerSecond, double error) {
      this(benchmark, subject, opsPerSecond, error, Double.NaN);
    }

    /** Nanoseconds per operation. */
    public double nsPerOp() {
      return 1e9 / opsPerSecond;
    }
  }

  /** The groups {@link #run} knows. */
  public static Set<String> groups() {
    return new TreeSet<>(GROUPS.keySet());
  }

  /**
   * Runs the benchmarks of {@code group} and prints the table to {@code out}.
   *
   * @return one row per benchmark method, in the order printed
   * @throws IllegalArgumentException for an unknown group
   * @throws RunnerException when JMH fails (a benchmark or its setup threw, a fork died, …)
   */
  public static List<Row> run(String group, PrintStream out, Settings settings)
      throws RunnerException {
    String pkg = GROUPS.get(group);
    if (pkg == null) {
      throw new IllegalArgumentException(
          "unknown benchmark group " + group + "; known: " + groups());
    }
    TimeValue time = TimeValue.milliseconds(settings.iterationTime().toMillis());
    ChainedOptionsBuilder builder =
        new OptionsBuilder()
            .include("^" + pkg.replace(".", "\\.") + "\\.")
            .forks(settings.forks())
            .warmupIterations(settings.warmupIterations())
            .warmupTime(time)
            .measurementIterations(settings.measurementIterations())
            .measurementTime(time)
            .mode(org.openjdk.jmh.annotations.Mode.Throughput)
            .timeUnit(TimeUnit.SECONDS)
            .shouldFailOnError(true);
    if (settings.gcProfiler()) {
      builder = builder.addProfiler(GCProfiler.class);
    }
    Options options = builder.build();
    Runner runner =
        new Runner(
            options,
            OutputFormatFactory.createFormatInstance(
                out, settings.verbose() ? VerboseMode.NORMAL : VerboseMode.SILENT));
    Collection<RunResult> results = runner.run();
    if (results.isEmpty()) {
      throw new RunnerException(
          "no benchmarks of group " + group + " ran: is META-INF/BenchmarkList on the class path?");
    }
    List<Row> rows = new ArrayList<>();
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      int dot = name.lastIndexOf('.');
      String className = name.substring(name.lastIndexOf('.', dot - 1) + 1, dot);
      String benchmark =
          className.endsWith("Benchmark")
              ? className.substring(0, className.length() - "Benchmark".length())
              : className;
      Result<?> primary = result.getPrimaryResult();
      Result<?> alloc = result.getSecondaryResults().get(ALLOC_NORM);
      rows.add(
          new Row(
              benchmark,
              name.substring(dot + 1),
              primary.getScore(),
              primary.getScoreError(),
              alloc == null ? Double.NaN : alloc.getScore()));
    }
    print(rows, out);
    return rows;
  }

  /** Prints the table and, per benchmark, how the own stack compares with each other subject. */
  static void print(List<Row> rows, PrintStream out) {
    boolean alloc = rows.stream().anyMatch(r -> !Double.isNaN(r.bytesPerOp()));
    String format = "%-16s %-8s %16s %14s %12s" + (alloc ? " %10s%n" : "%s%n");
    out.println();
    out.printf(
        Locale.ROOT,
        format,
        "benchmark",
        "subject",
        "ops/s",
        "+- error",
        "ns/op",
        alloc ? "B/op" : "");
    for (Row row : rows) {
      out.printf(
          Locale.ROOT,
          format,
          row.benchmark(),
          row.subject(),
          String.format(Locale.ROOT, "%,.0f", row.opsPerSecond()),
          Double.isNaN(row.error()) ? "n/a" : String.format(Locale.ROOT, "%,.0f", row.error()),
          String.format(Locale.ROOT, "%.1f", row.nsPerOp()),
          !alloc
              ? ""
              : Double.isNaN(row.bytesPerOp())
                  ? "n/a"
                  : String.format(Locale.ROOT, "%.0f", row.bytesPerOp()));
    }
    Map<String, List<Row>> byBenchmark = new LinkedHashMap<>();
    for (Row row : rows) {
      byBenchmark.computeIfAbsent(row.benchmark(), k -> new ArrayList<>()).add(row);
    }
    out.println();
    byBenchmark.forEach(
        (benchmark, group) -> {
          Optional<Row> own = group.stream().filter(r -> OWN.equals(r.subject())).findFirst();
          if (own.isEmpty()) {
            return;
          }
          if (group.size() == 1) {
            // A group with no third-party subject (sdp): report the rate, there is no ratio.
            out.println(
                benchmark
                    + ": own stack "
                    + String.format(Locale.ROOT, "%,.0f", own.get().opsPerSecond())
                    + " ops/s (no other subject to compare with)");
            return;
          }
          for (Row other : group) {
            if (other != own.get()) {
              out.println(benchmark + ": " + comparison(own.get(), other));
            }
          }
        });
  }

  /** {@code "own stack is 2.3x faster than ice4j"} (or slower). */
  public static String comparison(Row own, Row other) {
    double ratio = own.opsPerSecond() / other.opsPerSecond();
    return ratio >= 1
        ? String.format(Locale.ROOT, "own stack is %.1fx faster than %s", ratio, other.subject())
        : String.format(
            Locale.ROOT, "own stack is %.1fx slower than %s", 1 / ratio, other.subject());
  }

  /**
   * {@code BenchRunner GROUP [FORKS WARMUP MEASUREMENT SECONDS [gc]]}: the same as {@code rtcheck
   * bench GROUP}, for running the bench jar on its own; a trailing {@code gc} adds JMH's GC
   * profiler (bytes allocated per operation).
   */
  public static void main(String[] args) throws RunnerException {
    boolean gc = args.length == 6 && args[5].equals("gc");
    if (args.length != 1 && args.length != 5 && !gc) {
      System.err.println(
          "usage: BenchRunner GROUP [FORKS WARMUP_ITERATIONS MEASUREMENT_ITERATIONS SECONDS [gc]]");
      System.err.println("groups: " + groups());
      System.exit(2);
    }
    Settings settings =
        args.length == 1
            ? Settings.defaults()
            : new Settings(
                Integer.parseInt(args[1]),
                Integer.parseInt(args[2]),
                Integer.parseInt(args[3]),
                Duration.ofMillis(Math.round(Double.parseDouble(args[4]) * 1000)),
                true,
                gc);
    run(args[0], System.out, settings);
  }
}

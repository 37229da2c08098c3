package org.rtcheck.cli.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.rtcheck.bench.BenchRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rtcheck bench GROUP}: JMH benchmarks, own stack against others in the same run. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a JMH benchmark group and prints a table with the own stack's ratio against the"
          + " third-party implementations measured in the same run.",
      "Groups: stun (decode + MESSAGE-INTEGRITY + FINGERPRINT of the RFC 5769 request, own vs ice4j);"
          + " ice (not JMH: --runs times start of gathering -> connected, own host-only and"
          + " relay-only through a coturn it starts, next to libwebrtc through"
          + " interop/shims/node/bench-ice.js);"
          + " datachannel (not JMH: setup, 64 MiB reliable throughput and RTT of own, libdatachannel"
          + " and libwebrtc pairs through interop/shims/node/bench-datachannel.js)."
    })
public final class BenchCommand implements Callable<Integer> {

  /** The end-to-end ICE group, timed here rather than by JMH. */
  static final String ICE = "ice";

  /** Data channel setup, throughput and RTT, timed here rather than by JMH. */
  static final String DATACHANNEL = "datachannel";

  private static final long MESSAGE_BYTES = 16 * 1024;

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "GROUP",
      description = "Benchmark group: ${COMPLETION-CANDIDATES}",
      completionCandidates = Groups.class)
  String group;

  @Option(
      names = "--forks",
      defaultValue = "2",
      description = "JVM forks (default: ${DEFAULT-VALUE}).")
  int forks;

  @Option(
      names = "--warmup",
      defaultValue = "5",
      description = "Warm-up iterations per fork (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--iterations",
      defaultValue = "5",
      description = "Measured iterations per fork (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(
      names = "--time",
      defaultValue = "1",
      description = "Seconds per iteration (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--runs",
      defaultValue = "10",
      description = "ice: connections per topology and stack (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--bytes",
      defaultValue = "67108864",
      description = "datachannel: bytes of the throughput transfer (default: 64 MiB).")
  long bytes;

  @Option(
      names = "--phases",
      description =
          "datachannel: also print the own stack's setup broken down by phase (ICE, DTLS, SCTP,"
              + " DCEP), offerer and answerer.")
  boolean phases;

  @Option(names = "--quiet", description = "Only the table, not JMH's progress.")
  boolean quiet;

  @Option(
      names = "--no-gc",
      description = "Leave out JMH's GC profiler (the bytes allocated per operation column).")
  boolean noGc;

  @Override
  public Integer call() throws Exception {
    if (ICE.equals(group)) {
      if (runs < 1) {
        throw new ParameterException(spec.commandLine(), "--runs must be at least 1");
      }
      return IceBench.run(runs, new PrintStream(System.out, true, StandardCharsets.UTF_8));
    }
    if (DATACHANNEL.equals(group)) {
      if (runs < 1) {
        throw new ParameterException(spec.commandLine(), "--runs must be at least 1");
      }
      if (bytes < MESSAGE_BYTES || bytes > (1L << 34)) {
        throw new ParameterException(spec.commandLine(), "--bytes must be 16 KiB .. 16 GiB");
      }
      return DataChannelBench.run(
          runs, bytes, phases, new PrintStream(System.out, true, StandardCharsets.UTF_8));
    }
    if (!BenchRunner.groups().contains(group)) {
      throw new ParameterException(
          spec.commandLine(),
          "unknown benchmark group " + group + "; groups: " + BenchRunner.groups());
    }
    BenchRunner.Settings settings;
    try {
      settings =
          new BenchRunner.Settings(forks, warmup, iterations, Duration.ofSeconds(seconds), !quiet)
              .withGcProfiler(!noGc);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    BenchRunner.run(group, out, settings);
    return 0;
  }

  /** Completion candidates for GROUP. */
  static final class Groups implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      java.util.List<String> all = new java.util.ArrayList<>(BenchRunner.groups());
      all.add(ICE);
      all.add(DATACHANNEL);
      return all.iterator();
    }
  }
}

package org.rtcheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rtcheck.cli.Cli.Result;
import picocli.CommandLine;

class HelpTest {

  /** Every command path: [], [run], [stun], [stun, decode], … */
  static Stream<List<String>> commands() {
    List<List<String>> all = new ArrayList<>();
    collect(RtcheckCommand.commandLine(), new ArrayList<>(), all);
    return all.stream();
  }

  private static void collect(CommandLine cli, List<String> path, List<List<String>> all) {
    all.add(List.copyOf(path));
    cli.getSubcommands()
        .forEach(
            (name, sub) -> {
              if (!sub.getCommandName().equals(name)) {
                return; // an alias
              }
              path.add(name);
              collect(sub, path, all);
              path.remove(path.size() - 1);
            });
  }

  @Test
  void theTreeHasTheKnownCommands() {
    assertThat(commands().map(p -> String.join(" ", p)))
        .contains("", "run", "stun", "stun decode", "stun binding", "bench", "help");
  }

  @ParameterizedTest
  @MethodSource("commands")
  void helpWorks(List<String> path) {
    List<String> args = new ArrayList<>(path);
    args.add(path.equals(List.of("help")) ? "run" : "--help");
    Result r = Cli.run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.unexpected()).isEmpty();
    assertThat(r.out()).contains("Usage: rtcheck");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void executeWithWriters() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        RtcheckCommand.execute(new PrintWriter(out), new PrintWriter(err), "stun", "decode", "zz");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("not a hex digit");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void versionWorks() {
    Result r = Cli.run("--version");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.out()).isNotBlank();
  }

  @Test
  void noArgumentsPrintsUsage() {
    Result r = Cli.run();
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Usage: rtcheck").contains("stun").contains("run");
  }

  @Test
  void anUnknownSubcommandIsBadInput() {
    Result r = Cli.run("frobnicate");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("frobnicate");
  }
}

package org.rtcheck.cli;

import org.rtcheck.cli.bench.BenchCommand;
import org.rtcheck.cli.run.RunCommand;
import org.rtcheck.cli.stun.StunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rtcheck} command. */
@Command(
    name = "rtcheck",
    mixinStandardHelpOptions = true,
    versionProvider = Versions.class,
    description = "WebRTC conformance and interoperability harness.",
    subcommands = {
      RunCommand.class,
      StunCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class RtcheckCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line; exit codes: 0 ok, 1 a check failed, 2 bad input or usage. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new RtcheckCommand());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("rtcheck: " + e.getMessage());
          return 2;
        });
    return cli.execute(args);
  }
}

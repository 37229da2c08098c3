package org.rtcheck.cli;

import java.io.PrintWriter;
import org.rtcheck.cli.bench.BenchCommand;
import org.rtcheck.cli.dtls.DtlsCommand;
import org.rtcheck.cli.net.NetCommand;
import org.rtcheck.cli.peer.PeerCommand;
import org.rtcheck.cli.run.RunCommand;
import org.rtcheck.cli.sdp.SdpCommand;
import org.rtcheck.cli.srtp.SrtpCommand;
import org.rtcheck.cli.stun.StunCommand;
import org.rtcheck.cli.turn.TurnCommand;
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
      NetCommand.class,
      SdpCommand.class,
      SrtpCommand.class,
      DtlsCommand.class,
      PeerCommand.class,
      TurnCommand.class,
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
    return commandLine().execute(args);
  }

  /**
   * Runs the command line writing to {@code out} and {@code err} instead of the console (tests,
   * embedding); the same exit codes as {@link #execute(String...)}. Both writers are flushed.
   */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = commandLine();
    cli.setOut(out);
    cli.setErr(err);
    try {
      return cli.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** The configured command line: an unexpected exception prints one line and exits with 2. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new RtcheckCommand());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("rtcheck: " + e.getMessage());
          commandLine.getErr().flush();
          return 2;
        });
    return cli;
  }
}

package org.rtcheck.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code rtcheck} in process and captures what it prints. */
public final class Cli {

  private Cli() {}

  /** What one command printed and returned. */
  public record Result(int exitCode, String out, String err, List<Exception> unexpected) {
    /** Both streams, for assertion messages. */
    public String describe() {
      return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
    }
  }

  /**
   * Runs {@code rtcheck args…}. Exceptions that reach picocli's execution exception handler (a bug,
   * not a reported problem) still give exit code 2 as in production, and are also collected in
   * {@link Result#unexpected()}.
   */
  public static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<Exception> unexpected = new ArrayList<>();
    CommandLine cli = RtcheckCommand.commandLine();
    CommandLine.IExecutionExceptionHandler production = cli.getExecutionExceptionHandler();
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          unexpected.add(e);
          return production.handleExecutionException(e, commandLine, parseResult);
        });
    PrintWriter o = new PrintWriter(out, true);
    PrintWriter e = new PrintWriter(err, true);
    cli.setOut(o);
    cli.setErr(e);
    int code = cli.execute(args);
    o.flush();
    e.flush();
    return new Result(code, out.toString(), err.toString(), List.copyOf(unexpected));
  }
}

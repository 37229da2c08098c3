package org.rtcheck.cli.turn;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rtcheck turn …}. */
@Command(
    name = "turn",
    mixinStandardHelpOptions = true,
    description = "TURN tools built on the own stack (RFC 8656).",
    subcommands = {TurnAllocateCommand.class})
public final class TurnCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}

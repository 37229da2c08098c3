package org.rtcheck.cli.stun;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rtcheck stun …}. */
@Command(
    name = "stun",
    mixinStandardHelpOptions = true,
    description = "STUN tools built on the own stack (RFC 8489).",
    subcommands = {StunDecodeCommand.class, StunBindingCommand.class, StunNatTypeCommand.class})
public final class StunCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}

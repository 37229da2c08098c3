package org.rtcheck.cli.peer;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rtcheck peer …}. */
@Command(
    name = "peer",
    mixinStandardHelpOptions = true,
    description = "The own peer as an echo endpoint others test against, and as the client of one.",
    subcommands = {PeerServeCommand.class, PeerOfferCommand.class})
public final class PeerCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}

package org.rtcheck.cli.srtp;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rtcheck srtp …}. */
@Command(
    name = "srtp",
    mixinStandardHelpOptions = true,
    description = "SRTP/SRTCP tools built on the own stack (RFC 3711, RFC 6188, RFC 7714).",
    subcommands = {SrtpPacketCommand.Protect.class, SrtpPacketCommand.Unprotect.class})
public final class SrtpCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}

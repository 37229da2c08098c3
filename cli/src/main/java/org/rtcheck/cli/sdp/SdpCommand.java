package org.rtcheck.cli.sdp;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rtcheck sdp …}. */
@Command(
    name = "sdp",
    mixinStandardHelpOptions = true,
    description = "SDP tools built on the own stack (RFC 8866, JSEP RFC 9429).",
    subcommands = {SdpCheckCommand.class, SdpFormatCommand.class, SdpHarvestCommand.class})
public final class SdpCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}

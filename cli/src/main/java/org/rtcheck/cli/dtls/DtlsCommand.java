package org.rtcheck.cli.dtls;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rtcheck dtls …}. */
@Command(
    name = "dtls",
    mixinStandardHelpOptions = true,
    description = "DTLS-SRTP handshakes over UDP with the own stack (RFC 5764, RFC 8842).",
    subcommands = {DtlsSessionCommand.Connect.class, DtlsSessionCommand.Listen.class})
public final class DtlsCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}

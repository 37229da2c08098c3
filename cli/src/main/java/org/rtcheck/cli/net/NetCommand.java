package org.rtcheck.cli.net;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rtcheck net …}: emulated networks (namespaces, nftables NATs). */
@Command(
    name = "net",
    mixinStandardHelpOptions = true,
    description = {
      "Emulated networks: an internet namespace (198.18.0.0/15) with coturn (RFC 5780), NAT"
          + " routers built with nftables per RFC 4787, and hosts in their LANs.",
      "Needs root (network namespaces, nftables) and the ip and nft commands."
    },
    subcommands = {
      NetUpCommand.class,
      NetLsCommand.class,
      NetDownCommand.class,
      NetBenchCommand.class
    })
public final class NetCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}

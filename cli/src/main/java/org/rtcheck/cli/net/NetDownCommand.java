package org.rtcheck.cli.net;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.rtcheck.interop.netem.NetemException;
import org.rtcheck.interop.netem.NetemSupport;
import org.rtcheck.interop.netem.Reaper;
import org.rtcheck.interop.netem.RunPrefix;
import org.rtcheck.interop.netem.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rtcheck net down}: removes emulated networks. */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description = {
      "Removes an emulated network: stops the processes in its namespaces (coturn, anything"
          + " started with ip netns exec), deletes the namespaces and the record. Networks whose"
          + " owning process died are always reaped too.",
      "Exit status: 0 done, 1 no such network, 2 bad arguments or removal failed."
    })
public final class NetDownCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "PREFIX",
      arity = "0..1",
      description = "The network's prefix, as `net up` and `net ls` print it (e.g. rtc4711a-).")
  String prefix;

  @Option(names = "--all", description = "Remove every recorded network, live owners included.")
  boolean all;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if ((prefix == null) == !all) {
      throw new ParameterException(spec.commandLine(), "give either PREFIX or --all");
    }
    if (prefix != null && !RunPrefix.isValid(prefix)) {
      throw new ParameterException(
          spec.commandLine(),
          "PREFIX must look like rtc<letters/digits>- (e.g. rtc4711a-), got \"" + prefix + "\"");
    }
    if (NetemSupport.unavailableReason().isPresent()) {
      err.println("net down: " + NetemSupport.unavailableReason().get());
      return 2;
    }
    Reaper reaper = new Reaper();
    try {
      for (String reaped : reaper.reapOrphans()) {
        out.println("reaped " + reaped + " (its owner had died)");
      }
      if (all) {
        for (RunRecord r : RunRecord.list(RunRecord.ROOT)) {
          reaper.remove(r);
          out.println("removed " + r.prefix());
        }
        return 0;
      }
      if (reaper.remove(prefix)) {
        out.println("removed " + prefix);
        return 0;
      }
      err.println("net down: no network " + prefix + " (see rtcheck net ls)");
      return 1;
    } catch (NetemException e) {
      err.println("net down: " + e.getMessage());
      return 2;
    }
  }
}

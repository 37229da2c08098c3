package org.rtcheck.cli.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rtcheck.interop.netem.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rtcheck net ls}: the emulated networks recorded on this machine. */
@Command(
    name = "ls",
    mixinStandardHelpOptions = true,
    description =
        "Lists the emulated networks recorded under /run/rtcheck-netem: prefix, owner (detached,"
            + " a live pid, or dead: reaped by the next run or `net down`) and namespaces.")
public final class NetLsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print JSON (with each network's topology).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<RunRecord> records = RunRecord.list(RunRecord.ROOT);
    if (json) {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ArrayNode all = mapper.createArrayNode();
      for (RunRecord r : records) {
        ObjectNode o = all.addObject();
        o.put("prefix", r.prefix());
        o.put("owner", owner(r));
        ArrayNode ns = o.putArray("namespaces");
        r.namespaces().forEach(ns::add);
        if (r.topology().isPresent()) {
          JsonNode t = mapper.readTree(r.topology().get());
          o.set("topology", t);
        }
      }
      out.println(mapper.writeValueAsString(all));
      return 0;
    }
    if (records.isEmpty()) {
      out.println("no emulated networks");
      return 0;
    }
    for (RunRecord r : records) {
      out.printf(
          Locale.ROOT, "%-14s %-14s %s%n", r.prefix(), owner(r), String.join(" ", r.namespaces()));
    }
    return 0;
  }

  private static String owner(RunRecord r) {
    if (r.detached()) {
      return "detached";
    }
    String pid = r.ownerPid().isPresent() ? Long.toString(r.ownerPid().getAsLong()) : "?";
    return (r.ownerAlive() ? "pid " : "dead pid ") + pid;
  }
}

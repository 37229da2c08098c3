package org.rtcheck.cli.net;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.rtcheck.interop.fixture.Coturn;
import org.rtcheck.interop.netem.ImpairedLinkBench;
import org.rtcheck.interop.netem.LinkImpairment;
import org.rtcheck.interop.netem.NetemException;
import org.rtcheck.interop.netem.NetemSupport;
import org.rtcheck.interop.netem.PeerStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code rtcheck net bench}: data channels over impaired links, against libwebrtc. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Data channels over impaired links: per --impair, two port-restricted NATs (a direct"
          + " server-reflexive path) whose first router impairs both directions, and per --pair"
          + " the two stacks as processes in a LAN host behind each (trickle ICE, coturn as STUN)."
          + " Prints the median setup time (new peer connection -> channel open) and reliable"
          + " throughput (SHA-256 checked) with ratios against libwebrtc -> libwebrtc measured in"
          + " the same run.",
      "Under a rate limit a transfer is cut to about 10 s of the rate. Loss uses nftables, rate"
          + " tbf, delay and jitter netem or, without sch_netem, an NFQUEUE delay program.",
      "Exit status: 0 every pair measured with intact data, 1 a pair failed or data was corrupted,"
          + " 2 bad arguments or it cannot run here."
    })
public final class NetBenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--impair",
      paramLabel = "SPEC",
      description =
          "An impairment (none, loss=N%%, rate=N(kbit|mbit), delay=Nms, jitter=Nms, combined with"
              + " commas); repeat for several. Default: none, loss=1%%, loss=5%%, rate=10mbit,"
              + " rate=2mbit,loss=1%%.")
  List<String> impairments;

  @Option(
      names = "--pair",
      paramLabel = "OFFERER:ANSWERER",
      description =
          "Stacks to connect (own, libwebrtc, libdatachannel, werift); repeat for several."
              + " Default: libwebrtc:libwebrtc, own:own, own:libwebrtc, libwebrtc:own.")
  List<String> pairs;

  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "Measured connections per pair and impairment, after a warm-up (default 3).")
  int runs;

  @Option(
      names = "--bytes",
      defaultValue = "8388608",
      description = "Bytes per transfer (default 8 MiB).")
  long bytes;

  @Option(
      names = "--message-size",
      defaultValue = "16384",
      description = "Bytes per message (default 16 KiB).")
  int messageSize;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<LinkImpairment> links = new ArrayList<>();
    List<List<PeerStack>> stacks = new ArrayList<>();
    try {
      for (String i : impairments == null ? ImpairedLinkBench.DEFAULT_IMPAIRMENTS : impairments) {
        links.add(LinkImpairment.parse(i));
      }
      if (pairs == null) {
        stacks.addAll(ImpairedLinkBench.DEFAULT_PAIRS);
      } else {
        for (String p : pairs) {
          String[] two = p.split(":", -1);
          if (two.length != 2) {
            throw new IllegalArgumentException(
                "--pair must be OFFERER:ANSWERER like own:libwebrtc, got \"" + p + "\"");
          }
          stacks.add(List.of(PeerStack.parse(two[0]), PeerStack.parse(two[1])));
        }
      }
      if (runs < 1 || runs > 50) {
        throw new IllegalArgumentException("--runs must be 1..50");
      }
      if (messageSize < 4 || messageSize > 256 * 1024 || bytes < messageSize) {
        throw new IllegalArgumentException(
            "--message-size must be 4..262144 and --bytes at least one message");
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Optional<String> unavailable = NetemSupport.unavailableReason();
    if (unavailable.isEmpty() && !Coturn.installed()) {
      unavailable = Optional.of(Coturn.notInstalledReason());
    }
    for (List<PeerStack> p : stacks) {
      for (PeerStack s : p) {
        if (unavailable.isEmpty()) {
          unavailable = s.unavailableReason();
        }
      }
    }
    if (unavailable.isPresent()) {
      err.println("net bench: " + unavailable.get());
      return 2;
    }
    List<ImpairedLinkBench.Row> rows;
    try {
      rows =
          new ImpairedLinkBench(runs, bytes, messageSize)
              .run(
                  links,
                  stacks,
                  line -> {
                    err.println("net bench: " + line);
                    err.flush();
                  });
    } catch (NetemException e) {
      err.println("net bench: " + e.getMessage());
      return 2;
    }
    out.print(ImpairedLinkBench.table(rows));
    out.flush();
    return rows.stream().allMatch(ImpairedLinkBench.Row::intact) ? 0 : 1;
  }
}

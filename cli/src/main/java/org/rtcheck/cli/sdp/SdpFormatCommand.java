package org.rtcheck.cli.sdp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.interop.subject.own.SdpCapability;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rtcheck sdp format FILE}: canonical re-serialization. */
@Command(
    name = "format",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the SDP back canonically: CRLF line ends, single spaces, lines in RFC 8866 §5"
          + " order; lines it cannot type are kept as written.",
      "Exit status: 0 written, 2 unparseable or bad arguments."
    })
public final class SdpFormatCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The SDP, or - for standard input.")
  String file;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ObjectNode args = JsonNodeFactory.instance.objectNode();
    args.put("sdp", SdpInput.read(spec, file));
    try {
      out.print(SdpCapability.format(args).path("sdp").asText());
      out.flush();
      return 0;
    } catch (SubjectException e) {
      spec.commandLine().getErr().println("rtcheck: not parseable: " + e.getMessage());
      return 2;
    }
  }
}

package org.rtcheck.cli.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.rtcheck.engine.subject.Subject;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.engine.subject.SubjectRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rtcheck sdp harvest}: asks every installed peer for an offer and its own answer (audio,
 * video, data channel), writes them into the SDP corpus, and regenerates the corpus vectors.
 */
@Command(
    name = "harvest",
    mixinStandardHelpOptions = true,
    description = {
      "Regenerates the SDP corpus from the peers installed here (Chromium, Firefox ESR,"
          + " libwebrtc, libdatachannel, werift, GStreamer webrtcbin): one offer with audio, video"
          + " and a data channel, and the same implementation's answer to it; then rewrites the"
          + " corpus vector file sdp/corpus.json from the corpus.",
      "Exit status: 0 every requested peer harvested, 1 a peer failed, 2 bad arguments."
    })
public final class SdpHarvestCommand implements Callable<Integer> {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec spec;

  @Option(names = "--peer", paramLabel = "ID", description = "Only these peers (repeatable).")
  List<String> peers = new ArrayList<>();

  @Option(
      names = "--vectors-dir",
      paramLabel = "DIR",
      description =
          "The vectors module's resources (default: <checkout>/vectors/src/main/resources).")
  Path resources;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path base = resources != null ? resources : defaultResources();
    Path corpus = base.resolve("rtcheck/sdp-corpus");
    Files.createDirectories(corpus);
    int failed = 0;
    int harvested = 0;
    try (SubjectRegistry registry =
        SubjectRegistry.load(Thread.currentThread().getContextClassLoader(), Set.of())) {
      List<String> known = new ArrayList<>();
      for (SubjectRegistry.Entry e : registry.entries()) {
        Subject s = e.subject();
        if (!s.capabilities().contains("jsep.harvest")) {
          continue;
        }
        known.add(s.id());
        if (!peers.isEmpty() && !peers.contains(s.id())) {
          continue;
        }
        if (s.unavailableReason().isPresent()) {
          out.println("skipped " + s.id() + ": " + s.unavailableReason().get());
          continue;
        }
        ObjectNode media = JSON.createObjectNode();
        media.put("audio", true).put("video", true).put("datachannel", true);
        try {
          JsonNode both = s.invoke("jsep.harvest", media);
          ObjectNode entry = JSON.createObjectNode();
          entry.put("origin", s.id());
          entry.put("name", s.displayName());
          entry.put("version", s.version());
          entry.put("harvested", LocalDate.now(ZoneOffset.UTC).toString());
          entry.put("media", "audio, video, data channel");
          entry.put("offer", both.path("offer").asText());
          entry.put("answer", both.path("answer").asText());
          Files.writeString(
              corpus.resolve(s.id() + ".json"),
              JSON.writeValueAsString(entry) + "\n",
              StandardCharsets.UTF_8);
          out.println("harvested " + s.id() + " " + s.version());
          harvested++;
        } catch (SubjectException ex) {
          out.println("FAILED " + s.id() + ": " + ex.getMessage());
          failed++;
        }
      }
      for (String p : peers) {
        if (!known.contains(p)) {
          throw new ParameterException(
              spec.commandLine(), "--peer " + p + ": no such peer; peers: " + known);
        }
      }
    }
    Path vectors = SdpCorpusVectors.write(corpus, base.resolve("rtcheck/vectors/sdp/corpus.json"));
    out.println(harvested + " peer(s) harvested into " + corpus + "; vectors: " + vectors);
    out.flush();
    return failed > 0 ? 1 : 0;
  }

  private Path defaultResources() {
    String home = System.getProperty("rtcheck.home");
    if (home == null) {
      throw new ParameterException(
          spec.commandLine(), "--vectors-dir is needed when not run through ./rtcheck");
    }
    return Path.of(home, "vectors", "src", "main", "resources");
  }
}

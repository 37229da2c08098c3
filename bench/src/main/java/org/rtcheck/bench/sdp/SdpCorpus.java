package org.rtcheck.bench.sdp;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/** Reads an SDP of the corpus the vectors module ships ({@code rtcheck/sdp-corpus}). */
final class SdpCorpus {

  private SdpCorpus() {}

  static String offer(String origin) {
    String resource = "rtcheck/sdp-corpus/" + origin + ".json";
    try (InputStream in = SdpCorpus.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no " + resource + " on the class path");
      }
      return new ObjectMapper().readTree(in).path("offer").asText();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
    }
  }
}

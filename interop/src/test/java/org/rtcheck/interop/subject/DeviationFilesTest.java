package org.rtcheck.interop.subject;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.rtcheck.engine.subject.Deviations;
import org.rtcheck.engine.subject.Subject;

/** Every subject's deviations file loads (a bad one would only show when its subject runs). */
class DeviationFilesTest {

  private static Subject named(String id) {
    return new Subject() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public String displayName() {
        return id;
      }

      @Override
      public String version() {
        return "";
      }

      @Override
      public Set<String> capabilities() {
        return Set.of();
      }

      @Override
      public JsonNode invoke(String capability, JsonNode args) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void close() {}
    };
  }

  @Test
  void everyDeviationsFileLoads() throws IOException, URISyntaxException {
    Path dir =
        Path.of(
            DeviationFilesTest.class
                .getClassLoader()
                .getResource("META-INF/rtcheck/deviations")
                .toURI());
    List<String> ids;
    try (Stream<Path> files = Files.list(dir)) {
      ids =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".json"))
              .map(n -> n.substring(0, n.length() - ".json".length()))
              .toList();
    }
    assertThat(ids).contains("chromium", "libwebrtc", "webrtc-java");
    for (String id : ids) {
      Deviations d = Deviations.load(named(id), DeviationFilesTest.class.getClassLoader());
      assertThat(d).as(id).isNotNull();
    }
    assertThat(
            Deviations.load(named("chromium"), DeviationFilesTest.class.getClassLoader())
                .find("interop/ice-restart", "restart.answerer-firefox"))
        .hasValueSatisfying(
            dev -> {
              assertThat(dev.intermittent()).isTrue();
              assertThat(dev.symptom()).hasValue("ICE session of the current generation");
            });
  }
}

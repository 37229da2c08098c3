package org.rtcheck.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.rtcheck.engine.subject.Subject;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.engine.subject.SubjectProvider;

/**
 * Two subjects for the engine's own tests, driven by the vector's args: {@code test.answer} answers
 * {@code args.answer} or fails with {@code args.error}; {@code test.hang} never answers.
 */
public final class ScriptedSubjectProvider implements SubjectProvider {

  @Override
  public List<Subject> subjects() {
    return List.of(
        new Scripted("alpha", Set.of("test.answer", "test.hang")),
        new Scripted("beta", Set.of("test.answer")),
        new Scripted("speaks-another-protocol", Set.of("sdp.parse")));
  }

  private record Scripted(String id, Set<String> capabilities) implements Subject {

    @Override
    public String displayName() {
      return "scripted " + id;
    }

    @Override
    public String version() {
      return "1.0";
    }

    @Override
    public JsonNode invoke(String capability, JsonNode args) throws SubjectException {
      if (capability.equals("test.hang")) {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new SubjectException(SubjectException.SUBJECT_FAILURE, "interrupted");
      }
      JsonNode error = args.path("error");
      if (error.isObject()) {
        throw new SubjectException(error.path("kind").asText(), "scripted error", error);
      }
      if (args.path("throw").asBoolean()) {
        throw new IllegalStateException("scripted crash");
      }
      return args.path("answer");
    }
  }
}

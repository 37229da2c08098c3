package org.rtcheck.engine.vector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * One vector of a suite: a capability invoked with {@code args} and the pattern its answer must
 * match, or a script of {@link Step}s (then {@code args} and {@code expect} are empty objects).
 *
 * @param line line of the vector's opening brace in its file, for IDE navigation and messages
 */
public record Vector(
    String id,
    String title,
    String capability,
    String rfc,
    String section,
    Level level,
    Optional<String> from,
    JsonNode args,
    JsonNode expect,
    List<String> tags,
    List<Step> steps,
    int line) {

  /** Link to the RFC section the vector checks. */
  public String rfcLink() {
    String base = "https://www.rfc-editor.org/rfc/rfc" + rfc;
    if (section.isEmpty()) {
      return base;
    }
    // Appendices ("A", "A.1") have their own anchors in the RFC Editor's HTML.
    boolean appendix = Character.isLetter(section.charAt(0));
    return base + (appendix ? "#appendix-" : "#section-") + section;
  }

  /**
   * {@code "[MUST, RFC 8489 §14.5] the-vector-id:"}, to start failure messages with, so a console
   * or Surefire report names the failing vector, not only its subject.
   */
  public String rfcLevelText() {
    return "["
        + level
        + ", RFC "
        + rfc
        + (section.isEmpty() ? "" : " §" + section)
        + "] "
        + id
        + ":";
  }

  /** The vector expects the subject to reject its input. */
  public boolean expectsError() {
    return expect.has("error");
  }

  /** A script of steps rather than one call. */
  public boolean scripted() {
    return !steps.isEmpty();
  }

  /** The operations the subject under test must implement to run this vector. */
  public java.util.Set<String> requiredCapabilities() {
    java.util.Set<String> ops = new java.util.LinkedHashSet<>();
    ops.add(capability);
    steps.stream().filter(s -> s.subject().isEmpty()).forEach(s -> ops.add(s.op()));
    return ops;
  }
}

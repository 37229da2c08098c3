package org.rtcheck.engine.subject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * A typed failure of a capability invocation: the same {@code {kind, message}} shape a shim answers
 * with. Vectors may expect a particular kind (for example {@code malformed} for bytes that are not
 * a STUN message); {@link #UNIMPLEMENTED} means "skip", never "fail".
 */
public final class SubjectException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The subject does not implement this request: the test is skipped with this message. */
  public static final String UNIMPLEMENTED = "unimplemented";

  /** The vector's arguments are not what the capability takes. */
  public static final String INVALID_ARGS = "invalid-args";

  /** The subject broke: crashed, hung, answered garbage. */
  public static final String SUBJECT_FAILURE = "subject-failure";

  private final String kind;
  private final transient JsonNode details;

  public SubjectException(String kind, String message) {
    this(kind, message, JsonNodeFactory.instance.objectNode(), null);
  }

  public SubjectException(String kind, String message, JsonNode details) {
    this(kind, message, details, null);
  }

  public SubjectException(String kind, String message, JsonNode details, Throwable cause) {
    super(kind + ": " + message, cause);
    this.kind = kind;
    this.details = details == null ? JsonNodeFactory.instance.objectNode() : details;
  }

  public static SubjectException unimplemented(String what) {
    return new SubjectException(UNIMPLEMENTED, what);
  }

  public static SubjectException invalidArgs(String what) {
    return new SubjectException(INVALID_ARGS, what);
  }

  /** The error kind, for example {@code malformed} or {@code unimplemented}. */
  public String kind() {
    return kind;
  }

  /** Structured details a vector may check (for example {@code {"offset": 20}}). */
  public JsonNode details() {
    return details;
  }
}

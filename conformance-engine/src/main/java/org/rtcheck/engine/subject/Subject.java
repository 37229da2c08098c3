package org.rtcheck.engine.subject;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * An implementation under test. The contract is the same one the out-of-process shim protocol
 * speaks: a named capability ({@code stun.decode}, {@code sdp.parse}, …) is invoked with JSON
 * arguments and answers JSON, or fails with a typed {@link SubjectException}.
 *
 * <p>In-process subjects are found with {@link java.util.ServiceLoader} through {@link
 * SubjectProvider}. A subject is used from several threads at once unless it says otherwise.
 */
public interface Subject extends AutoCloseable {

  /** Stable short id ({@code own}, {@code ice4j}); it appears in test UniqueIds and tags. */
  String id();

  /** What the implementation is, for people: {@code "ice4j"}. */
  String displayName();

  /** The version of the implementation under test, recorded on every result. */
  String version();

  /** The capabilities this subject implements; the engine skips every other vector. */
  Set<String> capabilities();

  /**
   * Runs one capability.
   *
   * @throws SubjectException with kind {@link SubjectException#UNIMPLEMENTED} when the subject
   *     cannot do this particular request (the test is skipped), or with a protocol error kind (for
   *     example {@code malformed}) that a vector may expect
   */
  JsonNode invoke(String capability, JsonNode args) throws SubjectException;

  /**
   * Classpath resource holding this subject's expected deviations (vector id → reason, link), or
   * {@code null} for none. See {@code vectors/README.md} for the format.
   */
  default String deviationsResource() {
    return "META-INF/rtcheck/deviations/" + id() + ".json";
  }

  /**
   * Why this subject cannot run on this machine (not installed, no display, …), or empty when it
   * can. An unavailable subject is still listed; each of its tests is skipped with this reason.
   */
  default java.util.Optional<String> unavailableReason() {
    return java.util.Optional.empty();
  }

  /**
   * The subject's recent log output (an out-of-process subject's stderr), attached to tests as
   * evidence; empty when there is none.
   */
  default String recentLog() {
    return "";
  }

  @Override
  default void close() {}
}

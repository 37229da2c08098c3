package org.rtcheck.engine.vector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * One step of a stateful vector: an operation on the subject under test, or on another subject
 * named by id (typically {@code own}, the reference stack).
 *
 * @param subject empty for the subject under test, else the id of the subject that runs the step
 * @param args the operation's arguments; strings may refer to earlier answers as {@code
 *     ${name.field}}
 * @param as the name this step's answer is saved under, for later steps
 * @param expect the pattern the answer must match, if the step checks anything
 * @param always the step runs even after an earlier step failed (collecting stats, closing a peer
 *     connection); its own outcome is then evidence only
 */
public record Step(
    Optional<String> subject,
    String op,
    JsonNode args,
    Optional<String> as,
    Optional<JsonNode> expect,
    boolean always) {}

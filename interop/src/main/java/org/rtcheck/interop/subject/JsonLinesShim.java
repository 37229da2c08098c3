package org.rtcheck.interop.subject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.rtcheck.engine.subject.SubjectException;

/**
 * The request loop of a shim process written in Java (interop/shims/README.md): one JSON request
 * per line on stdin, one reply per line on stdout, requests one at a time, until {@code close} or
 * the end of stdin. Standard output carries protocol lines only; whatever else the process prints
 * goes to stderr.
 */
public final class JsonLinesShim {

  /** What the shim does with one request. */
  @FunctionalInterface
  public interface Operations {
    JsonNode handle(String op, JsonNode args) throws SubjectException;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonLinesShim() {}

  /** Serves requests until {@code close} was answered or stdin ended. */
  public static void serve(String name, Operations ops) throws IOException {
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode request;
      try {
        request = JSON.readTree(line);
      } catch (IOException e) {
        System.err.println(name + ": ignoring a line that is not JSON: " + line);
        continue;
      }
      ObjectNode reply = JSON.createObjectNode();
      reply.set("id", request.path("id"));
      String op = request.path("op").asText("");
      try {
        reply.set("ok", ops.handle(op, request.path("args")));
      } catch (SubjectException e) {
        reply.putObject("error").put("kind", e.kind()).put("message", e.getMessage());
      } catch (RuntimeException e) {
        e.printStackTrace();
        reply
            .putObject("error")
            .put("kind", SubjectException.SUBJECT_FAILURE)
            .put("message", op + ": " + e);
      }
      out.println(JSON.writeValueAsString(reply));
      if (op.equals("close")) {
        return;
      }
    }
  }
}

package org.rtcheck.engine.shim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.rtcheck.engine.subject.Subject;
import org.rtcheck.engine.subject.SubjectException;

/**
 * An out-of-process subject behind the JSON-lines shim protocol. The process starts on the first
 * call (discovery starts nothing), answers {@code describe} first, and is started again after it
 * died or hung. Calls are serialized: shims keep state between operations (the offer whose answer
 * comes next).
 */
public final class ShimSubject implements Subject {

  private final ShimDescriptor shim;
  private final Duration timeout;
  private ShimProcess process;
  private String version;
  private String lastLog = "";

  public ShimSubject(ShimDescriptor shim, Duration timeout) {
    this.shim = shim;
    this.timeout = timeout;
  }

  @Override
  public String id() {
    return shim.id();
  }

  @Override
  public String displayName() {
    return shim.name();
  }

  @Override
  public synchronized String version() {
    if (version == null) {
      version = staticVersion().orElse("?");
    }
    return version;
  }

  /** The version from the descriptor's file or command, without starting the shim. */
  private Optional<String> staticVersion() {
    if (shim.missing().isPresent()) {
      return Optional.empty();
    }
    try {
      if (shim.versionFile().isPresent()) {
        JsonNode node =
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Files.readString(shim.directory().resolve(shim.versionFile().get())));
        return Optional.of(node.path("version").asText("?"));
      }
      if (!shim.versionCommand().isEmpty()) {
        Process p =
            new ProcessBuilder(shim.versionCommand())
                .directory(shim.directory().toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String line;
        try (BufferedReader in =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          line = in.readLine();
        }
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
        return Optional.ofNullable(line).map(ShimSubject::versionIn);
      }
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Optional.empty();
  }

  /**
   * The version number in a {@code --version} line: "Chromium 150.0.7871.100 built on …" →
   * "150.0.7871.100", "gst-inspect-1.0 version 1.22.0" → "1.22.0".
   */
  static String versionIn(String line) {
    for (String pattern : new String[] {"\\d+\\.\\d+\\.\\d+\\S*", "\\d+(\\.\\d+)+\\S*"}) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile(pattern).matcher(line);
      if (m.find()) {
        return m.group();
      }
    }
    return line.trim();
  }

  @Override
  public Set<String> capabilities() {
    return shim.capabilities();
  }

  @Override
  public Optional<String> unavailableReason() {
    return shim.missing();
  }

  @Override
  public synchronized JsonNode invoke(String capability, JsonNode args) throws SubjectException {
    if (!shim.capabilities().contains(capability)) {
      throw SubjectException.unimplemented(shim.id() + " does not list " + capability);
    }
    ensureStarted();
    try {
      return process.call(capability, args, timeout);
    } finally {
      lastLog = process.log();
      if (!process.alive()) {
        process.close();
        process = null;
      }
    }
  }

  private void ensureStarted() throws SubjectException {
    if (process != null && process.alive()) {
      return;
    }
    if (process != null) {
      // Hung or dead: stop it (and its browser) before starting another, or it outlives the run.
      lastLog = process.log();
      process.close();
      process = null;
    }
    Optional<String> missing = shim.missing();
    if (missing.isPresent()) {
      throw SubjectException.unimplemented(shim.id() + " is not installed: " + missing.get());
    }
    try {
      process = ShimProcess.start(shim);
    } catch (IOException e) {
      throw new SubjectException(
          SubjectException.SUBJECT_FAILURE,
          "cannot start " + String.join(" ", shim.command()) + ": " + e.getMessage());
    } catch (SubjectException e) {
      lastLog = e.getMessage();
      throw e;
    }
    JsonNode described;
    try {
      described = process.call("describe", JsonNodeFactory.instance.objectNode(), timeout);
    } catch (SubjectException e) {
      lastLog = process.log();
      process.close();
      process = null;
      throw e;
    }
    String reported = described.path("version").asText("");
    if (!reported.isEmpty()) {
      version = reported;
    }
  }

  @Override
  public synchronized String recentLog() {
    return process != null ? process.log() : lastLog;
  }

  @Override
  public synchronized void close() {
    if (process != null) {
      process.close();
      process = null;
    }
  }
}

package org.rtcheck.interop.netem;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the host tools that build an emulated network ({@code ip}, {@code nft}, {@code tc}) with a
 * time limit, and turns a failure into a {@link NetemException} that carries the command and what
 * it printed. Input goes through a temporary file, so nothing can block on a full pipe.
 */
public final class CommandRunner {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** What a finished command printed. */
  public record Result(int exitCode, String stdout, String stderr) {}

  private final Duration timeout;

  public CommandRunner() {
    this(DEFAULT_TIMEOUT);
  }

  public CommandRunner(Duration timeout) {
    this.timeout = timeout;
  }

  /** Runs {@code command}; a non-zero exit status is an error. Returns standard output. */
  public String run(String what, List<String> command) throws NetemException {
    return run(what, command, Optional.empty());
  }

  /** Runs {@code command} with {@code input} on standard input; a non-zero exit is an error. */
  public String run(String what, List<String> command, Optional<String> input)
      throws NetemException {
    Result r = attempt(what, command, input);
    if (r.exitCode() != 0) {
      throw new NetemException(
          what
              + ": `"
              + String.join(" ", command)
              + "` exited with "
              + r.exitCode()
              + ": "
              + firstLines(r.stderr().isBlank() ? r.stdout() : r.stderr()));
    }
    return r.stdout();
  }

  /** Runs {@code command} and returns its status and output whatever the status. */
  public Result attempt(String what, List<String> command, Optional<String> input)
      throws NetemException {
    Path in = null;
    Path out = null;
    Path err = null;
    try {
      in = Files.createTempFile("rtcheck-netem-in", ".txt");
      out = Files.createTempFile("rtcheck-netem-out", ".txt");
      err = Files.createTempFile("rtcheck-netem-err", ".txt");
      Files.writeString(in, input.orElse(""), StandardCharsets.UTF_8);
      Process p =
          new ProcessBuilder(command)
              .redirectInput(in.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(2, TimeUnit.SECONDS);
        throw new NetemException(
            what
                + ": `"
                + String.join(" ", command)
                + "` did not finish within "
                + timeout.toMillis()
                + " ms");
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new NetemException(
          what + ": cannot run `" + String.join(" ", command) + "`: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetemException(what + ": interrupted", e);
    } finally {
      delete(in);
      delete(out);
      delete(err);
    }
  }

  /** Whether an executable named {@code name} is on PATH (or in /usr/sbin, /sbin). */
  public static Optional<Path> find(String name) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    List<String> dirs = new ArrayList<>(List.of(path.split(File.pathSeparator)));
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
    for (String d : dirs) {
      if (d.isEmpty()) {
        continue;
      }
      Path p = Path.of(d, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static String firstLines(String text) {
    List<String> lines = text.strip().lines().limit(8).toList();
    return lines.isEmpty() ? "(no output)" : String.join(" | ", lines);
  }

  private static void delete(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // a temporary file
      }
    }
  }
}

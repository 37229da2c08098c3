package org.rtcheck.interop.subject.shim;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.rtcheck.engine.shim.ShimDescriptor;
import org.rtcheck.engine.shim.ShimSubject;
import org.rtcheck.engine.subject.PooledSubject;
import org.rtcheck.engine.subject.Subject;
import org.rtcheck.engine.subject.SubjectProvider;
import org.rtcheck.interop.env.EnvironmentSelector;
import org.rtcheck.interop.grid.GridStatus;

/**
 * The out-of-process subjects of {@code interop/shims}: every {@code shim*.json} below it. Shims
 * that are not installed are still offered; their tests skip saying what to install.
 */
public final class ShimSubjectProvider implements SubjectProvider {

  /** The checkout's root; found from the working directory when not set. */
  public static final String HOME = "rtcheck.home";

  /** How long one shim call may take (ms). */
  public static final String TIMEOUT = "rtcheck.shim.timeout.ms";

  /** The least a call to a Grid browser shim may take under {@code rtcheck.env=grid}. */
  static final Duration GRID_CALL_TIMEOUT = Duration.ofSeconds(60);

  private static final Logger LOG = Logger.getLogger(ShimSubjectProvider.class.getName());

  @Override
  public List<Subject> subjects() {
    Optional<Path> root = shimsRoot();
    if (root.isEmpty()) {
      LOG.fine("no interop/shims folder found; set -D" + HOME + "=<checkout>");
      return List.of();
    }
    Duration timeout = Duration.ofMillis(Long.getLong(TIMEOUT, 25_000));
    List<Subject> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root.get(), 3)) {
      for (Path file :
          files
              .filter(p -> p.getFileName().toString().matches("shim.*\\.json"))
              .filter(p -> !p.toString().contains("node_modules"))
              .sorted()
              .toList()) {
        try {
          out.add(subject(ShimDescriptor.read(file), timeout));
        } catch (IllegalArgumentException e) {
          LOG.log(Level.WARNING, "skipping shim descriptor: " + e.getMessage());
        }
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot list shims in " + root.get() + ": " + e);
    }
    return out;
  }

  /**
   * The shim as a subject: under {@code rtcheck.env=grid}, a shim whose browser comes from the Grid
   * is one instance per free Grid slot of its browser (each its own process and Grid session), so
   * that many cells with it run at once, one per slot; else one process, as in {@code local}.
   */
  static Subject subject(ShimDescriptor shim, Duration timeout) {
    String env = System.getProperty(EnvironmentSelector.ENV_PROPERTY, "");
    String url = System.getProperty(EnvironmentSelector.GRID_URL_PROPERTY, "");
    if (!"grid".equals(env) || url.isBlank() || shim.gridBrowser().isEmpty()) {
      return new ShimSubject(shim, timeout);
    }
    // Pooled even with one slot: a cell that leases an instance reports it and its Grid node.
    int slots = gridSlots(shim, url.trim());
    // Calls cross the Grid's router to a node, and the first one starts a session there, which
    // takes longer than a local browser (the shim's start budget is 50 s under grid).
    Duration perCall = timeout.compareTo(GRID_CALL_TIMEOUT) < 0 ? GRID_CALL_TIMEOUT : timeout;
    List<Subject> instances = new ArrayList<>();
    for (int i = 0; i < slots; i++) {
      instances.add(new ShimSubject(shim, perCall));
    }
    LOG.info(shim.id() + ": " + slots + " instance(s), one per free Selenium Grid slot");
    return new PooledSubject(instances);
  }

  /** Free Grid slots for the shim's browser, at least 1 (cells then wait their turn). */
  private static int gridSlots(ShimDescriptor shim, String url) {
    try {
      int free =
          GridStatus.fetch(URI.create(url), Duration.ofSeconds(10))
              .freeSlots(shim.gridBrowser().get());
      if (free < 1) {
        LOG.warning(shim.id() + ": the Grid at " + url + " has no free slot now; one instance");
      }
      return Math.max(1, free);
    } catch (IOException | IllegalArgumentException e) {
      LOG.log(
          Level.WARNING,
          shim.id() + ": cannot read the Grid's free slots, one instance (cells in turn): " + e);
      return 1;
    }
  }

  /** {@code <home>/interop/shims}, home from {@value #HOME} or the working directory upwards. */
  public static Optional<Path> shimsRoot() {
    String home = System.getProperty(HOME);
    if (home != null) {
      Path p = Path.of(home, "interop", "shims");
      return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }
    Path dir = Path.of("").toAbsolutePath();
    for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
      Path p = dir.resolve("interop").resolve("shims");
      if (Files.isDirectory(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}

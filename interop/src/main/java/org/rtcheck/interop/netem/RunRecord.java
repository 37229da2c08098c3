package org.rtcheck.interop.netem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * What one run created, on disk under {@code /run/rtcheck-netem/PREFIX/}, so that a later run or
 * {@code rtcheck net down} can remove what a crashed or {@code kill -9}ed run left behind.
 *
 * <p>Files: {@code owner} (the owning process id and its start time, or {@code detached} for a
 * network that outlives its command, as {@code rtcheck net up} makes), {@code namespaces} (one name
 * a line, written <em>before</em> each namespace is created) and {@code topology.json} (what {@code
 * rtcheck net ls} prints).
 */
public final class RunRecord {
  /** The folder all records live in (tmpfs: a reboot clears it, as it clears namespaces). */
  public static final Path ROOT = Path.of("/run/rtcheck-netem");

  private final Path dir;
  private final String prefix;

  private RunRecord(Path dir, String prefix) {
    this.dir = dir;
    this.prefix = prefix;
  }

  /** Creates the record of a new run owned by this process (or detached). */
  public static RunRecord create(Path root, String prefix, boolean detached) throws NetemException {
    RunPrefix.requireValid(prefix);
    Path dir = root.resolve(prefix);
    // Written under a hidden name and renamed into place, so a concurrent reaper never sees a
    // record without its owner (which it would take for a dead run).
    Path staging = root.resolve("." + prefix + "staging");
    try {
      Files.createDirectories(root);
      if (Files.exists(dir)) {
        throw new NetemException("run " + prefix + " is already recorded in " + dir);
      }
      Files.createDirectory(staging);
      Properties owner = new Properties();
      ProcessHandle self = ProcessHandle.current();
      if (detached) {
        owner.setProperty("detached", "true");
      } else {
        owner.setProperty("pid", Long.toString(self.pid()));
        owner.setProperty(
            "start",
            self.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse(""));
      }
      try (var w = Files.newBufferedWriter(staging.resolve("owner"), StandardCharsets.UTF_8)) {
        owner.store(w, "rtcheck netem run " + prefix);
      }
      Files.writeString(staging.resolve("namespaces"), "", StandardCharsets.UTF_8);
      Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteTree(staging);
      if (e instanceof NetemException n) {
        throw n;
      }
      throw new NetemException("cannot record run " + prefix + " under " + dir + ": " + e, e);
    }
    return new RunRecord(dir, prefix);
  }

  /** Every record under {@code root}. */
  public static List<RunRecord> list(Path root) throws NetemException {
    List<RunRecord> all = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return all;
    }
    try (Stream<Path> s = Files.list(root)) {
      s.filter(Files::isDirectory)
          .filter(p -> RunPrefix.isValid(p.getFileName().toString()))
          .sorted()
          .forEach(p -> all.add(new RunRecord(p, p.getFileName().toString())));
    } catch (IOException e) {
      throw new NetemException("cannot list " + root + ": " + e, e);
    }
    return all;
  }

  public static Optional<RunRecord> find(Path root, String prefix) {
    Path dir = root.resolve(prefix);
    return RunPrefix.isValid(prefix) && Files.isDirectory(dir)
        ? Optional.of(new RunRecord(dir, prefix))
        : Optional.empty();
  }

  public String prefix() {
    return prefix;
  }

  public Path directory() {
    return dir;
  }

  /** Appends a namespace name; called before the namespace is created. */
  public void addNamespace(String namespace) throws NetemException {
    try {
      Files.writeString(
          dir.resolve("namespaces"),
          namespace + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new NetemException("cannot record namespace " + namespace + " in " + dir + ": " + e, e);
    }
  }

  /** Records a file or folder outside the record (e.g. a detached coturn's) to delete with it. */
  public void addPath(Path path) throws NetemException {
    try {
      Files.writeString(
          dir.resolve("paths"),
          path.toAbsolutePath() + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new NetemException("cannot record " + path + " in " + dir + ": " + e, e);
    }
  }

  /** Deletes the recorded outside paths (only those under the temporary folder). */
  void deletePaths() {
    List<String> paths;
    try {
      paths = Files.readAllLines(dir.resolve("paths"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return;
    }
    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    for (String line : paths) {
      if (line.isBlank()) {
        continue;
      }
      Path p = Path.of(line.trim()).toAbsolutePath().normalize();
      if (p.startsWith(tmp) && !p.equals(tmp)) {
        deleteTree(p);
      }
    }
  }

  public List<String> namespaces() {
    try {
      return Files.readAllLines(dir.resolve("namespaces"), StandardCharsets.UTF_8).stream()
          .filter(l -> !l.isBlank())
          .distinct()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  public void writeTopology(String json) throws NetemException {
    try {
      Files.writeString(dir.resolve("topology.json"), json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new NetemException("cannot write " + dir.resolve("topology.json") + ": " + e, e);
    }
  }

  public Optional<String> topology() {
    try {
      return Optional.of(Files.readString(dir.resolve("topology.json"), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Whether the network was made to outlive its command ({@code rtcheck net up}). */
  public boolean detached() {
    return Boolean.parseBoolean(owner().getProperty("detached", "false"));
  }

  /** The owning process id, unless detached or unreadable. */
  public OptionalLong ownerPid() {
    String pid = owner().getProperty("pid");
    try {
      return pid == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(pid));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * Whether the owning process is still running: same pid <em>and</em> same start time, so a
   * recycled pid does not keep a dead run's network alive. A detached run counts as alive.
   */
  public boolean ownerAlive() {
    if (detached()) {
      return true;
    }
    OptionalLong pid = ownerPid();
    if (pid.isEmpty()) {
      return false;
    }
    Optional<ProcessHandle> h = ProcessHandle.of(pid.getAsLong());
    if (h.isEmpty() || !h.get().isAlive()) {
      return false;
    }
    String start = owner().getProperty("start", "");
    Optional<Instant> actual = h.get().info().startInstant();
    if (start.isEmpty() || actual.isEmpty()) {
      return true;
    }
    try {
      // startInstant is derived from jiffies: allow for rounding between two readings.
      return Math.abs(actual.get().toEpochMilli() - Long.parseLong(start)) < 1_000;
    } catch (NumberFormatException e) {
      return false; // a corrupt owner file: the run cannot be claimed by anyone
    }
  }

  /** Removes the record's folder (after its namespaces are gone) and its recorded paths. */
  public void delete() throws NetemException {
    if (!Files.exists(dir)) {
      return; // removed already, e.g. by `rtcheck net down` while its owner still ran
    }
    deletePaths();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new NetemException("cannot delete " + dir + ": " + e, e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // best effort: a temporary folder
    }
  }

  private Properties owner() {
    Properties p = new Properties();
    try (var r = Files.newBufferedReader(dir.resolve("owner"), StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      // an unreadable owner is a dead owner
    }
    return p;
  }

  @Override
  public String toString() {
    return prefix + " (" + dir + ")";
  }
}

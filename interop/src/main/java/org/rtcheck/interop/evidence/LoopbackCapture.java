package org.rtcheck.interop.evidence;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.rtcheck.engine.evidence.TrafficRecorder;

/**
 * Captures a cell's loopback traffic with {@code dumpcap} (Debian {@code tshark}) while the cell
 * runs: {@code dumpcap -i lo -f udp} into a ring buffer of a few files in a temporary folder, the
 * process started and stopped by PID. The filter is plain {@code udp}: the cell's ports are not
 * known before its first step (the peer connections are made by it), and on loopback WebRTC's
 * selected pairs are UDP here, while TCP carries the browsers' DevTools sockets (noise). A capture
 * that is kept is then cut down to the cell's own candidate ports when the engine names them
 * ({@code tshark -Y "udp.port in {…}"} over the ring files merged with {@code mergecap}), so
 * packets of other tests on the same machine are left out; without those tools the ring files are
 * kept as they are.
 *
 * <p>Without dumpcap (or when it cannot start) nothing is recorded and the reason goes to stderr
 * once: a missing capture tool is never a cell's failure.
 */
public final class LoopbackCapture implements TrafficRecorder {

  /** Ring buffer: at most FILES files of FILE_KB each, the oldest dropped (dumpcap -b). */
  static final int FILE_KB = 8192;

  static final int FILES = 4;

  private static final long START_TIMEOUT_MS = 3000;
  private static final long STOP_TIMEOUT_MS = 3000;

  private static final long FILTER_TIMEOUT_MS = 30_000;

  private final String dumpcap;
  private final List<String> devices;
  private final String filter;
  private volatile boolean warned;

  /** The recorder the engine finds by ServiceLoader: dumpcap from the PATH, loopback, UDP. */
  public LoopbackCapture() {
    this(findOnPath("dumpcap").orElse(null), "lo", "udp");
  }

  /** A recorder with an explicit dumpcap ({@code null}: none here), device and capture filter. */
  public LoopbackCapture(String dumpcap, String device, String filter) {
    this(dumpcap, List.of(device), filter);
  }

  /**
   * A recorder on several devices at once (loopback and a container network's bridge, for {@code
   * rtcheck.env=docker}), one pcapng with an interface per device.
   */
  public LoopbackCapture(String dumpcap, List<String> devices, String filter) {
    if (devices.isEmpty()) {
      throw new IllegalArgumentException("no capture device");
    }
    this.dumpcap = dumpcap;
    this.devices = List.copyOf(devices);
    this.filter = filter;
  }

  /** dumpcap from the PATH, if installed. */
  public static Optional<String> dumpcap() {
    return findOnPath("dumpcap");
  }

  @Override
  public Recording start(String cell) {
    if (dumpcap == null) {
      warnOnce("no pcap: dumpcap is not installed (apt-get install tshark)");
      return Recording.NONE;
    }
    Path folder;
    try {
      folder = Files.createTempDirectory("rtcheck-pcap-");
    } catch (IOException e) {
      warnOnce("no pcap: cannot make a temporary folder: " + e);
      return Recording.NONE;
    }
    Path file = folder.resolve(safeName(cell) + ".pcapng");
    Path log = folder.resolve("dumpcap.log");
    // -f before the first -i is every interface's capture filter (dumpcap(1))
    List<String> command = new ArrayList<>(List.of(dumpcap, "-q", "-f", filter));
    devices.forEach(d -> command.addAll(List.of("-i", d)));
    command.addAll(
        List.of("-b", "filesize:" + FILE_KB, "-b", "files:" + FILES, "-w", file.toString()));
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(log.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      delete(folder);
      warnOnce("no pcap: " + dumpcap + " does not start: " + e.getMessage());
      return Recording.NONE;
    }
    Capture capture = new Capture(process, folder, log, sibling("mergecap"), sibling("tshark"));
    if (!capture.awaitStarted()) {
      String why = capture.logText();
      capture.stop(false);
      warnOnce(
          "no pcap: dumpcap did not start capturing on "
              + String.join(", ", devices)
              + ": "
              + why.strip());
      return Recording.NONE;
    }
    return capture;
  }

  /** A Wireshark tool next to dumpcap (same package on Debian), or on the PATH. */
  private String sibling(String tool) {
    Path beside = Path.of(dumpcap).resolveSibling(tool);
    return Files.isExecutable(beside) ? beside.toString() : findOnPath(tool).orElse(null);
  }

  private void warnOnce(String message) {
    if (!warned) {
      warned = true;
      System.err.println("[rtcheck] " + message);
    }
  }

  private static String safeName(String cell) {
    String s = cell.replaceAll("[^A-Za-z0-9._-]+", "_");
    return s.length() > 80 ? s.substring(s.length() - 80) : s;
  }

  static Optional<String> findOnPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, command);
      if (Files.isExecutable(p)) {
        return Optional.of(p.toString());
      }
    }
    return Optional.empty();
  }

  private static void delete(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(folder);
    } catch (IOException e) {
      System.err.println("[rtcheck] could not delete capture folder " + folder + ": " + e);
    }
  }

  /** One running dumpcap. */
  private static final class Capture implements Recording {
    private final Process process;
    private final Path folder;
    private final Path log;
    private final String mergecap;
    private final String tshark;
    private boolean stopped;

    Capture(Process process, Path folder, Path log, String mergecap, String tshark) {
      this.process = process;
      this.folder = folder;
      this.log = log;
      this.mergecap = mergecap;
      this.tshark = tshark;
    }

    /**
     * dumpcap names its first ring file ("File: …") once the device is open and packets can be seen
     * ("Capturing on" comes before the device is opened, so it does not tell).
     */
    boolean awaitStarted() {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
      while (System.nanoTime() < deadline) {
        if (logText().contains("\nFile: ")) {
          return true;
        }
        if (!process.isAlive()) {
          return false;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return false;
    }

    String logText() {
      try {
        return Files.exists(log) ? Files.readString(log) : "";
      } catch (IOException e) {
        return "";
      }
    }

    @Override
    public synchronized List<Path> stop(boolean keep) {
      if (stopped) {
        return List.of();
      }
      stopped = true;
      terminate();
      List<Path> pcaps = new ArrayList<>();
      try (Stream<Path> files = Files.list(folder)) {
        files
            .filter(f -> f.getFileName().toString().endsWith(".pcapng"))
            .sorted()
            .forEach(pcaps::add);
      } catch (IOException e) {
        throw new UncheckedIOException("listing capture folder " + folder, e);
      }
      if (!keep) {
        delete(folder);
        return List.of();
      }
      try {
        Files.deleteIfExists(log);
      } catch (IOException e) {
        // the log is only for a capture that did not start
      }
      // The folder goes when its files were taken: mark them for the JVM's exit too.
      pcaps.forEach(p -> p.toFile().deleteOnExit());
      folder.toFile().deleteOnExit();
      return pcaps;
    }

    @Override
    public synchronized List<Path> stop(boolean keep, java.util.Set<Integer> udpPorts) {
      List<Path> pcaps = stop(keep);
      if (pcaps.isEmpty() || udpPorts.isEmpty() || tshark == null) {
        return pcaps;
      }
      Path merged = pcaps.get(0);
      if (pcaps.size() > 1) {
        if (mergecap == null) {
          return pcaps;
        }
        merged = folder.resolve("merged.pcapng");
        List<String> cmd = new ArrayList<>(List.of(mergecap, "-w", merged.toString()));
        pcaps.forEach(p -> cmd.add(p.toString()));
        if (!run(cmd)) {
          return pcaps;
        }
      }
      Path cell = folder.resolve("cell.pcapng");
      // tshark 4.0 wants the set's members separated by commas
      String filter =
          udpPorts.stream()
              .map(String::valueOf)
              .collect(java.util.stream.Collectors.joining(", ", "udp.port in {", "}"));
      if (!run(List.of(tshark, "-r", merged.toString(), "-Y", filter, "-w", cell.toString()))) {
        return pcaps;
      }
      for (Path p : pcaps) {
        deleteQuietly(p);
      }
      deleteQuietly(folder.resolve("merged.pcapng"));
      cell.toFile().deleteOnExit();
      return List.of(cell);
    }

    /** A Wireshark tool run to completion within the timeout; false (and logged) otherwise. */
    private boolean run(List<String> cmd) {
      Path out = folder.resolve("tool.log");
      try {
        Process p =
            new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectErrorStream(true)
                .start();
        if (!p.waitFor(FILTER_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
          p.toHandle().destroyForcibly();
          System.err.println(
              "[rtcheck] pcap: " + cmd.get(0) + " took too long; capture kept whole");
          return false;
        }
        if (p.exitValue() != 0) {
          System.err.println(
              "[rtcheck] pcap: "
                  + String.join(" ", cmd)
                  + " failed: "
                  + Files.readString(out).strip());
          return false;
        }
        return true;
      } catch (IOException e) {
        System.err.println("[rtcheck] pcap: " + cmd.get(0) + " does not run: " + e.getMessage());
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } finally {
        deleteQuietly(out);
      }
    }

    private static void deleteQuietly(Path p) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // a temp file left behind is not the cell's failure
      }
    }

    /** SIGTERM by PID (dumpcap then closes its file properly), SIGKILL if it lingers. */
    private void terminate() {
      ProcessHandle handle = process.toHandle();
      handle.destroy();
      try {
        if (!process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
          handle.destroyForcibly();
          process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        handle.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}

package org.rtcheck.interop.netem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Removes emulated networks: every process inside their namespaces (by pid, from {@code ip netns
 * pids}), the namespaces (their veth pairs and bridges go with them) and the run's record. Used by
 * {@link Topology#close()}, by {@code rtcheck net down}, and before each new network to reap what a
 * run whose owner died left behind.
 */
public final class Reaper {
  private final Path root;
  private final CommandRunner commands;

  public Reaper(Path root, CommandRunner commands) {
    this.root = root;
    this.commands = commands;
  }

  public Reaper() {
    this(RunRecord.ROOT, new CommandRunner());
  }

  /** Removes every recorded run whose owning process is dead. Returns their prefixes. */
  public List<String> reapOrphans() throws NetemException {
    List<String> reaped = new ArrayList<>();
    for (RunRecord r : RunRecord.list(root)) {
      if (!r.ownerAlive()) {
        remove(r);
        reaped.add(r.prefix());
      }
    }
    return reaped;
  }

  /** Removes the run with this prefix, alive or not; false when there is nothing by that name. */
  public boolean remove(String prefix) throws NetemException {
    RunPrefix.requireValid(prefix);
    Optional<RunRecord> r = RunRecord.find(root, prefix);
    if (r.isPresent()) {
      remove(r.get());
      return true;
    }
    List<String> stray = namespacesWithPrefix(prefix);
    removeNamespaces(stray);
    return !stray.isEmpty();
  }

  /** Removes a run: its processes, namespaces, then its record. */
  public void remove(RunRecord record) throws NetemException {
    Set<String> all = new LinkedHashSet<>(record.namespaces());
    all.addAll(namespacesWithPrefix(record.prefix()));
    removeNamespaces(new ArrayList<>(all));
    List<String> left = namespacesWithPrefix(record.prefix());
    if (!left.isEmpty()) {
      throw new NetemException(
          "namespaces of run " + record.prefix() + " are still there after removal: " + left);
    }
    record.delete();
  }

  private void removeNamespaces(List<String> namespaces) throws NetemException {
    NetemException first = null;
    // Processes first, in every namespace, so nothing holds a namespace open.
    for (String ns : namespaces) {
      killProcessesIn(ns);
    }
    for (String ns : namespaces) {
      CommandRunner.Result r =
          commands.attempt(
              "delete namespace " + ns, List.of("ip", "netns", "delete", ns), Optional.empty());
      if (r.exitCode() != 0 && namespacesWithPrefix(ns).contains(ns) && first == null) {
        first = new NetemException("cannot delete namespace " + ns + ": " + r.stderr().strip());
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private void killProcessesIn(String ns) throws NetemException {
    CommandRunner.Result r =
        commands.attempt(
            "list processes in " + ns, List.of("ip", "netns", "pids", ns), Optional.empty());
    if (r.exitCode() != 0) {
      return; // the namespace is already gone
    }
    List<ProcessHandle> victims = new ArrayList<>();
    for (String line : r.stdout().split("\\s+")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        ProcessHandle.of(Long.parseLong(line.trim())).ifPresent(victims::add);
      } catch (NumberFormatException e) {
        // not a pid
      }
    }
    for (ProcessHandle h : victims) {
      h.destroyForcibly();
    }
    for (ProcessHandle h : victims) {
      try {
        h.onExit().get(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NetemException("interrupted while stopping processes in " + ns, e);
      } catch (Exception e) {
        // a zombie of another parent: the namespace still goes once its parent reaps it
      }
    }
  }

  /** Namespaces whose name starts with {@code prefix}, from {@code ip netns list}. */
  public List<String> namespacesWithPrefix(String prefix) throws NetemException {
    String out = commands.run("list namespaces", List.of("ip", "netns", "list"));
    List<String> found = new ArrayList<>();
    for (String line : out.split("\n")) {
      // "name (id: 3)" or "name"
      String name = line.trim().split("\\s+")[0];
      if (!name.isEmpty() && name.startsWith(prefix)) {
        found.add(name);
      }
    }
    return found;
  }
}

package org.rtcheck.engine.subject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/** The subjects of one engine run: every {@link SubjectProvider} on the classpath, filtered. */
public final class SubjectRegistry implements AutoCloseable {

  /** A subject, its deviations, or why it could not be loaded. */
  public record Entry(Subject subject, Deviations deviations) {}

  private final Map<String, Entry> entries;
  private final List<String> problems;

  private SubjectRegistry(Map<String, Entry> entries, List<String> problems) {
    this.entries = entries;
    this.problems = problems;
  }

  /**
   * Loads the subjects.
   *
   * @param only subject ids to keep; empty keeps all
   */
  public static SubjectRegistry load(ClassLoader loader, Set<String> only) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (SubjectProvider provider : ServiceLoader.load(SubjectProvider.class, loader)) {
      List<Subject> subjects;
      try {
        subjects = provider.subjects();
      } catch (RuntimeException | LinkageError e) {
        problems.add(provider.getClass().getName() + " failed to provide subjects: " + e);
        continue;
      }
      for (Subject s : subjects) {
        if (!only.isEmpty() && !only.contains(s.id())) {
          s.close();
          continue;
        }
        if (entries.containsKey(s.id())) {
          problems.add("two subjects share the id \"" + s.id() + "\"; keeping the first");
          s.close();
          continue;
        }
        Deviations deviations;
        try {
          deviations = Deviations.load(s, loader);
        } catch (IllegalArgumentException e) {
          problems.add("subject " + s.id() + ": " + e.getMessage());
          deviations = Deviations.none();
        }
        entries.put(s.id(), new Entry(s, deviations));
      }
    }
    for (String id : only) {
      if (!entries.containsKey(id)) {
        problems.add("no subject with id \"" + id + "\" on the classpath");
      }
    }
    return new SubjectRegistry(entries, List.copyOf(problems));
  }

  public Collection<Entry> entries() {
    return entries.values();
  }

  public Entry get(String id) {
    return entries.get(id);
  }

  /** The most instances any {@link PooledSubject} of this run has; 1 when none is pooled. */
  public int largestPool() {
    return entries.values().stream()
        .map(Entry::subject)
        .filter(PooledSubject.class::isInstance)
        .mapToInt(s -> ((PooledSubject) s).size())
        .max()
        .orElse(1);
  }

  /** What went wrong while loading, to be reported as discovery issues. */
  public List<String> problems() {
    return problems;
  }

  @Override
  public void close() {
    for (Entry e : entries.values()) {
      e.subject().close();
    }
  }
}

package org.rtcheck.engine.subject;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One implementation as several interchangeable instances, each lent to one cell at a time: a
 * browser shim per free slot of a Selenium Grid, so that as many cells as the Grid has browsers run
 * at once. Every instance has the pool's id, capabilities and deviations; only its version (the
 * Grid node that ran it) may differ.
 *
 * <p>The engine takes no JUnit lock on a pooled subject's id: a cell leases an instance in {@code
 * execute}, after its JUnit locks, and returns it when it ends (see {@code
 * SubjectTestDescriptor#getExclusiveResources} for why that cannot deadlock).
 */
public final class PooledSubject implements Subject {

  private final List<Subject> instances;
  private final BlockingQueue<Integer> free;

  /**
   * @param instances at least one, all with the same id
   */
  public PooledSubject(List<Subject> instances) {
    if (instances.isEmpty()) {
      throw new IllegalArgumentException("a pooled subject needs at least one instance");
    }
    String id = instances.get(0).id();
    for (Subject s : instances) {
      if (!s.id().equals(id)) {
        throw new IllegalArgumentException(
            "the instances of a pooled subject share one id; got " + id + " and " + s.id());
      }
    }
    this.instances = List.copyOf(instances);
    this.free = new LinkedBlockingQueue<>();
    for (int i = 0; i < instances.size(); i++) {
      free.add(i);
    }
  }

  /** How many cells can use this subject at once. */
  public int size() {
    return instances.size();
  }

  /**
   * Takes a free instance, waiting at most {@code wait} for one.
   *
   * @throws TimeoutException when every instance stayed lent for that long
   */
  public Lease lease(Duration wait) throws InterruptedException, TimeoutException {
    Integer index = free.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    if (index == null) {
      throw new TimeoutException(
          "no instance of "
              + id()
              + " became free within "
              + wait.toMillis()
              + " ms (all "
              + instances.size()
              + " lent)");
    }
    return new Lease(index);
  }

  /** An instance lent to one cell; closing gives it back (once). */
  public final class Lease implements AutoCloseable {
    private final int index;
    private final AtomicBoolean returned = new AtomicBoolean();

    private Lease(int index) {
      this.index = index;
    }

    /** 1-based, for people: {@code chromium#2}. */
    public int number() {
      return index + 1;
    }

    public Subject subject() {
      return instances.get(index);
    }

    @Override
    public void close() {
      if (returned.compareAndSet(false, true)) {
        free.add(index);
      }
    }

    @Override
    public String toString() {
      return id() + "#" + number();
    }
  }

  @Override
  public String id() {
    return instances.get(0).id();
  }

  @Override
  public String displayName() {
    return instances.get(0).displayName();
  }

  /** The first instance's version; a cell records the version of the instance it leased. */
  @Override
  public String version() {
    return instances.get(0).version();
  }

  @Override
  public Set<String> capabilities() {
    return instances.get(0).capabilities();
  }

  @Override
  public String deviationsResource() {
    return instances.get(0).deviationsResource();
  }

  @Override
  public Optional<String> unavailableReason() {
    return instances.get(0).unavailableReason();
  }

  /**
   * A single call outside a script (stateless vectors): on whichever instance is free. Waits as
   * long as a cell would for the first one.
   */
  @Override
  public JsonNode invoke(String capability, JsonNode args) throws SubjectException {
    try (Lease lease = lease(Duration.ofMinutes(10))) {
      return lease.subject().invoke(capability, args);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SubjectException(SubjectException.SUBJECT_FAILURE, "interrupted");
    } catch (TimeoutException e) {
      throw new SubjectException(SubjectException.SUBJECT_FAILURE, e.getMessage());
    }
  }

  @Override
  public void close() {
    instances.forEach(Subject::close);
  }
}

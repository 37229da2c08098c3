package org.rtcheck.engine;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoveryIssue.Severity;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestEngine;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestExecutorService;
import org.junit.platform.engine.support.hierarchical.ParallelExecutionConfiguration;
import org.junit.platform.engine.support.hierarchical.ParallelHierarchicalTestExecutorServiceFactory;
import org.junit.platform.engine.support.hierarchical.ParallelHierarchicalTestExecutorServiceFactory.ParallelExecutorServiceType;
import org.junit.platform.engine.support.hierarchical.SameThreadHierarchicalTestExecutorService;
import org.rtcheck.engine.descriptor.RtcheckEngineDescriptor;
import org.rtcheck.engine.subject.SubjectRegistry;

/**
 * The rtcheck JUnit Platform engine: suites of vectors run against subjects. Hierarchy: suite →
 * vector → subject.
 *
 * <p>Configuration parameters (JUnit Platform configuration, e.g. {@code -D} under Surefire):
 *
 * <ul>
 *   <li>{@value #SUBJECTS}: comma-separated subject ids to run (default: all found)
 *   <li>{@value #VECTOR_FILES}: extra vector files, comma-separated paths
 *   <li>{@value #PARALLEL}: run tests in parallel (default true)
 *   <li>{@value #THREADS}: worker threads (default 4: subjects may block on I/O)
 *   <li>{@value #TIMEOUT_MS}: how long one subject call may take (default 30000; 90000 when the
 *       system property {@code rtcheck.env} is {@code grid})
 *   <li>{@value #LEASE_TIMEOUT_MS}: how long a cell may wait for a free instance of a pooled
 *       subject, such as a browser per Selenium Grid slot (default 600000)
 * </ul>
 */
public final class RtcheckTestEngine extends HierarchicalTestEngine<RtcheckContext> {

  public static final String ENGINE_ID = "rtcheck";
  public static final String SUBJECTS = "rtcheck.subjects";
  public static final String VECTOR_FILES = "rtcheck.vectors.files";
  public static final String PARALLEL = "rtcheck.parallel";
  public static final String THREADS = "rtcheck.threads";
  public static final String TIMEOUT_MS = "rtcheck.timeout.ms";
  public static final String LEASE_TIMEOUT_MS = "rtcheck.lease.timeout.ms";

  @Override
  public String getId() {
    return ENGINE_ID;
  }

  @Override
  public Optional<String> getGroupId() {
    return Optional.of("org.rtcheck");
  }

  @Override
  public Optional<String> getArtifactId() {
    return Optional.of("rtcheck-engine");
  }

  @Override
  public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
    ConfigurationParameters config = request.getConfigurationParameters();
    Set<String> only = csv(config.get(SUBJECTS).orElse(""));
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    SubjectRegistry subjects = SubjectRegistry.load(loader, only);
    for (String problem : subjects.problems()) {
      request
          .getDiscoveryListener()
          .issueEncountered(uniqueId, DiscoveryIssue.create(Severity.WARNING, problem));
    }
    RtcheckEngineDescriptor root = new RtcheckEngineDescriptor(uniqueId, subjects);
    new VectorDiscovery(request, root, loader).discover();
    return root;
  }

  @Override
  protected RtcheckContext createExecutionContext(ExecutionRequest request) {
    return new RtcheckContext(
        request.getConfigurationParameters(), request.getEngineExecutionListener());
  }

  @Override
  protected HierarchicalTestExecutorService createExecutorService(ExecutionRequest request) {
    ConfigurationParameters config = request.getConfigurationParameters();
    if (!config.getBoolean(PARALLEL).orElse(true)) {
      return new SameThreadHierarchicalTestExecutorService();
    }
    int threads = config.get(THREADS, Integer::parseInt).orElse(4);
    // As many workers as the largest pooled subject has instances (Grid slots), or its instances
    // would sit idle. Without pooled subjects (local, docker) this is the configured number.
    if (request.getRootTestDescriptor() instanceof RtcheckEngineDescriptor root) {
      threads = Math.max(threads, root.subjects().largestPool());
    }
    // The worker-thread pool (not the fork-join pool) because subject calls block: on sockets,
    // on browsers, on other processes. A blocked worker must not stall the others.
    return ParallelHierarchicalTestExecutorServiceFactory.create(
        ParallelExecutorServiceType.WORKER_THREAD_POOL, new Parallelism(threads));
  }

  static Set<String> csv(String value) {
    Set<String> out = new LinkedHashSet<>();
    Arrays.stream(value.split(","))
        .map(String::trim)
        .filter(Predicate.not(String::isEmpty))
        .forEach(out::add);
    return out;
  }

  private record Parallelism(int threads) implements ParallelExecutionConfiguration {

    Parallelism {
      if (threads < 1) {
        throw new IllegalArgumentException(THREADS + " must be at least 1, was " + threads);
      }
    }

    @Override
    public int getParallelism() {
      return threads;
    }

    @Override
    public int getMinimumRunnable() {
      return 1;
    }

    @Override
    public int getMaxPoolSize() {
      return threads + 256;
    }

    @Override
    public int getCorePoolSize() {
      return threads;
    }

    @Override
    public int getKeepAliveSeconds() {
      return 30;
    }
  }
}

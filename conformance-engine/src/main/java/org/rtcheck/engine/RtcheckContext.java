package org.rtcheck.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.hierarchical.EngineExecutionContext;

/** What every node of one engine run shares. */
public final class RtcheckContext implements EngineExecutionContext, AutoCloseable {

  private final Duration invocationTimeout;
  private final Duration leaseTimeout;
  private final ExecutorService invocations;
  private final EngineExecutionListener listener;

  RtcheckContext(ConfigurationParameters config, EngineExecutionListener listener) {
    // Under rtcheck.env=grid a browser's first call starts a session on a Grid node, which its
    // shim may take up to 50 s for, and every call crosses the Grid's router: 90 s there.
    long defaultTimeoutMs = "grid".equals(System.getProperty("rtcheck.env")) ? 90_000L : 30_000L;
    this.invocationTimeout =
        Duration.ofMillis(
            config.get(RtcheckTestEngine.TIMEOUT_MS, Long::parseLong).orElse(defaultTimeoutMs));
    this.leaseTimeout =
        Duration.ofMillis(
            config.get(RtcheckTestEngine.LEASE_TIMEOUT_MS, Long::parseLong).orElse(600_000L));
    this.listener = listener;
    AtomicInteger n = new AtomicInteger();
    // Subject calls run on their own threads so that a subject that hangs fails its test after
    // the timeout instead of blocking a worker of the run forever.
    this.invocations =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "rtcheck-invoke-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  public Duration invocationTimeout() {
    return invocationTimeout;
  }

  /** How long a cell may wait for an instance of a pooled subject (all lent to other cells). */
  public Duration leaseTimeout() {
    return leaseTimeout;
  }

  /** Publishes key/value facts of a running test (JUnit report entries, kept by Surefire too). */
  public void report(TestDescriptor test, Map<String, String> entries) {
    listener.reportingEntryPublished(test, ReportEntry.from(entries));
  }

  public ExecutorService invocations() {
    return invocations;
  }

  @Override
  public void close() {
    invocations.shutdownNow();
  }
}

package org.rtcheck.engine;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.support.hierarchical.EngineExecutionContext;

/** What every node of one engine run shares. */
public final class RtcheckContext implements EngineExecutionContext, AutoCloseable {

  private final Duration invocationTimeout;
  private final ExecutorService invocations;

  RtcheckContext(ConfigurationParameters config) {
    this.invocationTimeout =
        Duration.ofMillis(
            config.get(RtcheckTestEngine.TIMEOUT_MS, Long::parseLong).orElse(30_000L));
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

  public ExecutorService invocations() {
    return invocations;
  }

  @Override
  public void close() {
    invocations.shutdownNow();
  }
}

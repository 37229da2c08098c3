package org.rtcheck.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.rtcheck.engine.subject.PooledSubject;
import org.rtcheck.engine.subject.Subject;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.engine.subject.SubjectProvider;

/**
 * For {@code PooledCellsTest} only (nothing unless {@value #ENABLED} is set): subject {@code
 * pooled}, two instances whose {@code test.slow} sleeps {@code args.ms} and records how many run at
 * once, which ran, and whether one instance ever served two calls at once.
 */
public final class PooledSubjectProvider implements SubjectProvider {

  static final String ENABLED = "rtcheck.test.pooled";
  static final AtomicInteger running = new AtomicInteger();
  static final AtomicInteger mostAtOnce = new AtomicInteger();
  static final Set<Integer> used = ConcurrentHashMap.newKeySet();
  static final AtomicBoolean shared = new AtomicBoolean();

  @Override
  public List<Subject> subjects() {
    if (!Boolean.getBoolean(ENABLED)) {
      return List.of();
    }
    return List.of(new PooledSubject(List.of(new Instance(1), new Instance(2))));
  }

  static void reset() {
    running.set(0);
    mostAtOnce.set(0);
    used.clear();
    shared.set(false);
  }

  private static final class Instance implements Subject {
    private final int number;
    private final AtomicInteger busy = new AtomicInteger();

    Instance(int number) {
      this.number = number;
    }

    @Override
    public String id() {
      return "pooled";
    }

    @Override
    public String displayName() {
      return "pooled test subject";
    }

    @Override
    public String version() {
      return "1.0 on node " + number;
    }

    @Override
    public Set<String> capabilities() {
      return Set.of("test.slow");
    }

    @Override
    public JsonNode invoke(String capability, JsonNode args) throws SubjectException {
      if (busy.getAndIncrement() != 0) {
        shared.set(true);
      }
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      used.add(number);
      try {
        Thread.sleep(args.path("ms").asLong(0));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SubjectException(SubjectException.SUBJECT_FAILURE, "interrupted");
      } finally {
        running.decrementAndGet();
        busy.decrementAndGet();
      }
      return JsonNodeFactory.instance.objectNode().put("instance", number);
    }
  }
}

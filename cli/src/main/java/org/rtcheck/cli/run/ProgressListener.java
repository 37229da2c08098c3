package org.rtcheck.cli.run;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/** Prints one line per failing test as it fails, and keeps count. */
final class ProgressListener implements TestExecutionListener {

  private final PrintWriter out;
  private final AtomicInteger failed = new AtomicInteger();
  private final List<String> failures = new ArrayList<>();
  private TestPlan plan;

  ProgressListener(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    this.plan = testPlan;
    long tests = testPlan.countTestIdentifiers(TestIdentifier::isTest);
    out.println("rtcheck: running " + tests + " tests");
    out.flush();
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    if (result.getStatus() == TestExecutionResult.Status.FAILED) {
      if (id.isTest()) {
        failed.incrementAndGet();
      }
      String message = result.getThrowable().map(Throwable::getMessage).orElse("");
      synchronized (failures) {
        failures.add(path(id) + "\n      " + message.replace("\n", "\n      "));
      }
    }
  }

  private String path(TestIdentifier id) {
    StringBuilder s = new StringBuilder(id.getDisplayName());
    TestIdentifier current = id;
    while (plan != null) {
      var parent = plan.getParent(current);
      if (parent.isEmpty() || parent.get().getParentId().isEmpty()) {
        break;
      }
      current = parent.get();
      s.insert(0, current.getDisplayName() + " › ");
    }
    return s.toString();
  }

  int failed() {
    return failed.get();
  }

  void printFailures(PrintWriter out) {
    synchronized (failures) {
      if (failures.isEmpty()) {
        return;
      }
      out.println();
      out.println("Failures:");
      failures.forEach(f -> out.println("  ✗ " + f));
    }
    out.flush();
  }
}

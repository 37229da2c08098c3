package org.rtcheck.cli.run;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.launcher.LauncherDiscoveryListener;

/** Collects discovery issues (broken vector files, missing subjects) to print them plainly. */
final class DiscoveryProblems implements LauncherDiscoveryListener {

  private final List<DiscoveryIssue> issues = new ArrayList<>();

  @Override
  public synchronized void issueEncountered(UniqueId engineId, DiscoveryIssue issue) {
    issues.add(issue);
  }

  synchronized boolean hasErrors() {
    return issues.stream()
        .anyMatch(i -> i.severity().compareTo(DiscoveryIssue.Severity.ERROR) >= 0);
  }

  synchronized void print(PrintWriter err) {
    for (DiscoveryIssue i : issues) {
      err.println(
          "rtcheck: "
              + i.severity().name().toLowerCase(java.util.Locale.ROOT)
              + ": "
              + i.message());
    }
    err.flush();
  }
}

package org.rtcheck.docker.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rtcheck.docker.DockerAssumptions;

/** A crashed run's network (labels naming a dead JVM) is removed by the next run's start. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DockerRunTest {
  @TempDir Path evidence;

  @Test
  void startRemovesWhatDeadRunsLeftAndCloseRemovesItsOwn() throws Exception {
    DockerAssumptions.assumeDocker();
    DockerClient client = DockerRun.client();
    long deadPid = deadPid();
    String staleRun = "rtcheck-" + deadPid + "-dead00";
    String id =
        client
            .createNetworkCmd()
            .withName(staleRun + "-lan")
            .withLabels(
                Map.of(
                    DockerRun.RUN_LABEL, staleRun,
                    DockerRun.PID_LABEL, Long.toString(deadPid),
                    DockerRun.HOST_LABEL, InetAddress.getLocalHost().getHostName()))
            .exec()
            .getId();
    String own;
    DockerRun run = DockerRun.start(evidence);
    try {
      assertThat(run.staleRemoved()).isGreaterThanOrEqualTo(1);
      assertThat(networks(client, DockerRun.RUN_LABEL + "=" + staleRun)).isEmpty();
      own = run.network("lan").getId();
      assertThat(networks(client, DockerRun.RUN_LABEL + "=" + run.id())).containsExactly(own);
      try (DockerRun other = DockerRun.start(evidence)) {
        // A live run (this JVM) is never stale.
        assertThat(networks(client, DockerRun.RUN_LABEL + "=" + run.id())).containsExactly(own);
        assertThat(other.id()).isNotEqualTo(run.id());
      }
      run.close();
      assertThat(networks(client, DockerRun.RUN_LABEL + "=" + run.id())).isEmpty();
    } finally {
      run.close();
      try {
        client.removeNetworkCmd(id).exec();
      } catch (RuntimeException e) {
        // removed by the run, as expected
      }
    }
  }

  private static List<String> networks(DockerClient client, String label) {
    return client.listNetworksCmd().withFilter("label", List.of(label)).exec().stream()
        .map(com.github.dockerjava.api.model.Network::getId)
        .toList();
  }

  /** A PID no process has (the highest free one below the kernel's default maximum). */
  private static long deadPid() {
    for (long pid = 4_000_000; pid > 1000; pid--) {
      if (ProcessHandle.of(pid).isEmpty()) {
        return pid;
      }
    }
    throw new IllegalStateException("no free PID");
  }
}

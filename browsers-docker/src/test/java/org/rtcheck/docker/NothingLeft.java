package org.rtcheck.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.rtcheck.docker.run.DockerRun;

/** Asserts that no container or network of a closed run remains. */
public final class NothingLeft {
  private NothingLeft() {}

  public static void assertRunRemoved(String runId) {
    var client = DockerRun.client();
    String label = DockerRun.RUN_LABEL + "=" + runId;
    assertThat(client.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label)).exec())
        .as("containers of " + runId)
        .isEmpty();
    assertThat(client.listNetworksCmd().withFilter("label", List.of(label)).exec())
        .as("networks of " + runId)
        .isEmpty();
  }
}

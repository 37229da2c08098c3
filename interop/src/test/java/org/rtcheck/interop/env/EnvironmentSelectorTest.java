package org.rtcheck.interop.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentSelectorTest {
  @TempDir Path temp;

  private EnvironmentSelector withoutEngine() {
    return new EnvironmentSelector(
        new DockerEngineProbe("unix://" + temp.resolve("no-docker.sock")));
  }

  @Test
  void autoFallsBackToLocalAndSaysWhy() {
    EnvironmentChoice c = withoutEngine().choose("auto", null);
    assertThat(c.kind()).isEqualTo(EnvironmentKind.LOCAL);
    assertThat(c.reason()).startsWith("auto: no Docker engine").contains("does not exist");
    assertThat(c.properties()).containsEntry("environment", "local");
  }

  @Test
  void dockerWithoutAnEngineIsRefusedWithTheReason() {
    assertThatThrownBy(() -> withoutEngine().choose("docker", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no Docker engine answers");
  }

  @Test
  void gridNeedsAnHttpUrl() {
    assertThatThrownBy(() -> withoutEngine().choose("grid", null))
        .hasMessageContaining("needs a Grid URL");
    assertThatThrownBy(() -> withoutEngine().choose("grid", "ftp://x"))
        .hasMessageContaining("must be http(s)");
    EnvironmentChoice c = withoutEngine().choose("GRID", "http://127.0.0.1:4444");
    assertThat(c.kind()).isEqualTo(EnvironmentKind.GRID);
    assertThat(c.properties()).containsEntry("grid.url", "http://127.0.0.1:4444");
  }

  @Test
  void unknownNamesAndBadDockerHostsAreNamed() {
    assertThatThrownBy(() -> withoutEngine().choose("cloud", null))
        .hasMessageContaining("unknown environment \"cloud\"");
    DockerEngineProbe.Answer a = new DockerEngineProbe("ssh://somewhere").ping();
    assertThat(a.answers()).isFalse();
    assertThat(a.detail()).contains("neither unix:///path nor tcp://host:port");
  }

  @Test
  void aRunningEngineIsPickedByAuto() {
    DockerEngineProbe.Answer a = DockerEngineProbe.fromEnvironment().ping();
    org.junit.jupiter.api.Assumptions.assumeTrue(a.answers(), a::detail);
    EnvironmentChoice c =
        new EnvironmentSelector(DockerEngineProbe.fromEnvironment()).choose(null, null);
    assertThat(c.kind()).isEqualTo(EnvironmentKind.DOCKER);
    assertThat(c.dockerVersion()).isPresent();
  }
}

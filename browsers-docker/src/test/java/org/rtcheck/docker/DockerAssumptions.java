package org.rtcheck.docker;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.rtcheck.docker.image.DebianImage;
import org.rtcheck.interop.env.DockerEngineProbe;

/** Skips a docker test, saying why, where no engine answers or the base image is missing. */
public final class DockerAssumptions {
  private DockerAssumptions() {}

  public static void assumeDocker() {
    DockerEngineProbe.Answer a = DockerEngineProbe.fromEnvironment().ping();
    assumeTrue(
        a.answers(), () -> "no Docker engine: " + a.detail() + " (./rtcheck setup starts one)");
    assumeTrue(
        DebianImage.baseImagePresent(),
        () ->
            "no "
                + DebianImage.BASE
                + " image in the Docker engine: run browsers-docker/bootstrap-base-image");
  }
}

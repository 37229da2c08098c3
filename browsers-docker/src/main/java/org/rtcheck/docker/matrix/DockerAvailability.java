package org.rtcheck.docker.matrix;

import org.rtcheck.docker.image.DebianImage;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.interop.env.DockerEngineProbe;

/** Whether the docker environment can run here, as the placements need to know before a start. */
final class DockerAvailability {
  private DockerAvailability() {}

  /** Skips (kind {@code unimplemented}) where no engine answers or the base image is missing. */
  static void require() throws SubjectException {
    DockerEngineProbe.Answer a = DockerEngineProbe.fromEnvironment().ping();
    if (!a.answers()) {
      throw SubjectException.unimplemented(
          "rtcheck.env=docker but no Docker engine answers: "
              + a.detail()
              + " (./rtcheck setup starts one)");
    }
    if (!DebianImage.baseImagePresent()) {
      throw SubjectException.unimplemented(
          "rtcheck.env=docker but the Docker engine has no "
              + DebianImage.BASE
              + " image: run browsers-docker/bootstrap-base-image");
    }
  }

  /** Whether {@code rtcheck.env} is {@code docker}. */
  static boolean selected() {
    return "docker".equals(System.getProperty("rtcheck.env"));
  }
}

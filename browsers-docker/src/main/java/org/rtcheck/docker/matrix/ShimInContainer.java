package org.rtcheck.docker.matrix;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.rtcheck.docker.shim.ShimContainerCommand;
import org.rtcheck.engine.shim.ShimPlacement.Lease;
import org.rtcheck.engine.subject.SubjectException;

/**
 * A shim whose process is a container on the {@link MatrixRun}'s network ({@code docker run -i},
 * {@link ShimContainerCommand}): what the node stacks' and GStreamer's placements share. The
 * container learns {@code RTCHECK_ENV=docker} and its image ({@code RTCHECK_CONTAINER_IMAGE}, which
 * the shim names in its version); it goes with its {@code --rm} when the shim exits, or when the
 * lease ends if its {@code docker run} client was killed first.
 */
final class ShimInContainer {

  /** Resolves an image's tag, building the image when the engine does not have it. */
  interface Image {
    String resolve() throws IOException;
  }

  private static final AtomicInteger SEQ = new AtomicInteger();

  private ShimInContainer() {}

  /**
   * @param what names the image in errors and the container ({@code node-werift}, {@code
   *     gstreamer})
   * @param env the shim's own variables
   * @param options further {@code docker run} options (mounts, working folder)
   * @param args the arguments after the image
   */
  static Lease place(
      String what, Image image, Map<String, String> env, List<String> options, List<String> args)
      throws SubjectException {
    DockerAvailability.require();
    String tag;
    try {
      tag = image.resolve();
    } catch (IOException | RuntimeException e) {
      throw new SubjectException(
          SubjectException.SUBJECT_FAILURE,
          "cannot build the image for " + what + ": " + e,
          null,
          e);
    }
    MatrixRun matrix = MatrixRun.acquire();
    try {
      String name = matrix.run().id() + "-" + what + "-" + SEQ.incrementAndGet();
      Map<String, String> all = new LinkedHashMap<>();
      all.put("RTCHECK_ENV", "docker");
      all.put("RTCHECK_CONTAINER_IMAGE", tag);
      all.putAll(env);
      return new DockerBrowserPlacement.Placed(
          Map.of(),
          Optional.of(
              ShimContainerCommand.of(
                  matrix.run(), matrix.network(), name, all, options, tag, args)),
          () -> removeContainer(matrix, name),
          matrix);
    } catch (RuntimeException e) {
      MatrixRun.release(matrix);
      throw e;
    }
  }

  private static void removeContainer(MatrixRun matrix, String name) {
    try {
      matrix.run().dockerClient().removeContainerCmd(name).withForce(true).exec();
    } catch (RuntimeException e) {
      // already gone (--rm)
    }
  }
}

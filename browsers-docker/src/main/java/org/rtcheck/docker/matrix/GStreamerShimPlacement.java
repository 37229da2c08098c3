package org.rtcheck.docker.matrix;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.rtcheck.docker.image.DebianImage;
import org.rtcheck.docker.shim.ShimContainerCommand;
import org.rtcheck.engine.shim.ShimDescriptor;
import org.rtcheck.engine.shim.ShimPlacement;
import org.rtcheck.engine.subject.SubjectException;

/**
 * Under {@code rtcheck.env=docker}, the GStreamer webrtcbin shim runs in the gstreamer image
 * (browsers-docker/gstreamer) on the {@link MatrixRun}'s network: the shim's folder is mounted
 * read-only and run by the image's python3, ICE gathers on the container's bridge address ({@code
 * RTCHECK_GST_ICE_ADDRESSES} empty: libnice's default interfaces instead of 127.0.0.1), and the
 * version it reports names the image. {@code -Drtcheck.docker.gstreamer=host} keeps it a host
 * process.
 */
public final class GStreamerShimPlacement implements ShimPlacement {

  /** {@code container} (the default) or {@code host}. */
  public static final String WHERE = "rtcheck.docker.gstreamer";

  static final String GSTREAMER = "gstreamer";
  private static final String MOUNT = "/opt/rtcheck/shim";
  private static final AtomicInteger SEQ = new AtomicInteger();

  @Override
  public Optional<Lease> place(ShimDescriptor shim) throws SubjectException {
    if (!DockerAvailability.selected()
        || !GSTREAMER.equals(shim.id())
        || "host".equals(System.getProperty(WHERE, "container"))) {
      return Optional.empty();
    }
    DockerAvailability.require();
    String tag;
    try {
      tag = DebianImage.of(GSTREAMER).resolve();
    } catch (IOException | RuntimeException e) {
      throw new SubjectException(
          SubjectException.SUBJECT_FAILURE, "cannot build the gstreamer image: " + e, null, e);
    }
    MatrixRun matrix = MatrixRun.acquire();
    String name = matrix.run().id() + "-gstreamer-" + SEQ.incrementAndGet();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("RTCHECK_ENV", "docker");
    env.put("RTCHECK_GST_ICE_ADDRESSES", "");
    env.put("RTCHECK_CONTAINER_IMAGE", tag);
    // Python writes no __pycache__ into the read-only mount.
    env.put("PYTHONDONTWRITEBYTECODE", "1");
    List<String> options =
        List.of(
            "-v", shim.directory().toAbsolutePath().normalize() + ":" + MOUNT + ":ro", "-w", MOUNT);
    try {
      return Optional.of(
          new DockerBrowserPlacement.Placed(
              Map.of(),
              Optional.of(
                  ShimContainerCommand.of(
                      matrix.run(), matrix.network(), name, env, options, tag, List.of("shim.py"))),
              () -> NodeShimPlacement.removeContainer(matrix, name),
              matrix));
    } catch (RuntimeException e) {
      MatrixRun.release(matrix);
      throw e;
    }
  }
}

package org.rtcheck.docker.matrix;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rtcheck.docker.image.DebianImage;
import org.rtcheck.engine.shim.ShimDescriptor;
import org.rtcheck.engine.shim.ShimPlacement;
import org.rtcheck.engine.subject.SubjectException;

/**
 * Under {@code rtcheck.env=docker}, the GStreamer webrtcbin shim runs in the gstreamer image
 * (browsers-docker/gstreamer) on the {@link MatrixRun}'s network ({@link ShimInContainer}): the
 * shim's folder is mounted read-only and run by the image's python3, ICE gathers on the container's
 * bridge address ({@code RTCHECK_GST_ICE_ADDRESSES} empty: libnice's default interfaces instead of
 * 127.0.0.1), and the version it reports names the image. {@code -Drtcheck.docker.gstreamer=host}
 * keeps it a host process.
 */
public final class GStreamerShimPlacement implements ShimPlacement {

  /** {@code container} (the default) or {@code host}. */
  public static final String WHERE = "rtcheck.docker.gstreamer";

  static final String GSTREAMER = "gstreamer";
  private static final String MOUNT = "/opt/rtcheck/shim";

  @Override
  public Optional<Lease> place(ShimDescriptor shim) throws SubjectException {
    if (!DockerAvailability.selected()
        || !GSTREAMER.equals(shim.id())
        || "host".equals(System.getProperty(WHERE, "container"))) {
      return Optional.empty();
    }
    return Optional.of(
        ShimInContainer.place(
            GSTREAMER,
            () -> DebianImage.of(GSTREAMER).resolve(),
            // Python writes no __pycache__ into the read-only mount.
            Map.of("RTCHECK_GST_ICE_ADDRESSES", "", "PYTHONDONTWRITEBYTECODE", "1"),
            List.of(
                "-v",
                shim.directory().toAbsolutePath().normalize() + ":" + MOUNT + ":ro",
                "-w",
                MOUNT),
            List.of("shim.py")));
  }
}

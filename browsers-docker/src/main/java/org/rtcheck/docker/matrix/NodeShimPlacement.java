package org.rtcheck.docker.matrix;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.rtcheck.docker.image.NodeShimsImage;
import org.rtcheck.docker.shim.NodeShimContainer;
import org.rtcheck.engine.shim.ShimDescriptor;
import org.rtcheck.engine.shim.ShimPlacement;
import org.rtcheck.engine.subject.SubjectException;

/**
 * Under {@code rtcheck.env=docker}, the node shim stacks (werift, libdatachannel, libwebrtc) run in
 * the node-shims image on the {@link MatrixRun}'s network: the shim's command becomes {@code docker
 * run -i} of it ({@link NodeShimContainer#command}), with {@code RTCHECK_SHIM_NETWORK=lan} (no
 * loopback settings: the container has its bridge address) and the image named in the version the
 * shim reports. {@code -Drtcheck.docker.node=host} keeps them host processes (the image's first
 * build takes minutes).
 */
public final class NodeShimPlacement implements ShimPlacement {

  /** {@code container} (the default) or {@code host}. */
  public static final String WHERE = "rtcheck.docker.node";

  private static final AtomicInteger SEQ = new AtomicInteger();

  @Override
  public Optional<Lease> place(ShimDescriptor shim) throws SubjectException {
    if (!DockerAvailability.selected()
        || !NodeShimContainer.hasStack(shim.id())
        || "host".equals(System.getProperty(WHERE, "container"))) {
      return Optional.empty();
    }
    DockerAvailability.require();
    String tag;
    try {
      // The descriptor's folder is interop/shims/node; the image's context is interop/shims.
      tag = NodeShimsImage.forHost(shim.directory().getParent()).resolve();
    } catch (IOException | RuntimeException e) {
      throw new SubjectException(
          SubjectException.SUBJECT_FAILURE, "cannot build the node-shims image: " + e, null, e);
    }
    MatrixRun matrix = MatrixRun.acquire();
    String name = matrix.run().id() + "-node-" + shim.id() + "-" + SEQ.incrementAndGet();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("RTCHECK_ENV", "docker");
    env.put("RTCHECK_SHIM_NETWORK", "lan");
    env.put("RTCHECK_CONTAINER_IMAGE", tag);
    String timeout = System.getenv("RTCHECK_SHIM_OP_TIMEOUT_MS");
    if (timeout != null) {
      env.put("RTCHECK_SHIM_OP_TIMEOUT_MS", timeout);
    }
    try {
      return Optional.of(
          new DockerBrowserPlacement.Placed(
              Map.of(),
              Optional.of(
                  NodeShimContainer.command(
                      matrix.run(), matrix.network(), tag, shim.id(), name, env)),
              () -> removeContainer(matrix, name),
              matrix));
    } catch (RuntimeException e) {
      MatrixRun.release(matrix);
      throw e;
    }
  }

  /**
   * The container goes with its {@code --rm} once the shim exits; one whose {@code docker run}
   * client was killed first is removed here.
   */
  static void removeContainer(MatrixRun matrix, String name) {
    try {
      matrix.run().dockerClient().removeContainerCmd(name).withForce(true).exec();
    } catch (RuntimeException e) {
      // already gone (--rm)
    }
  }
}

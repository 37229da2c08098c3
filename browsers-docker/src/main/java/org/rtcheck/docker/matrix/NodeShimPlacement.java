package org.rtcheck.docker.matrix;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rtcheck.docker.image.NodeShimsImage;
import org.rtcheck.docker.shim.NodeShimContainer;
import org.rtcheck.engine.shim.ShimDescriptor;
import org.rtcheck.engine.shim.ShimPlacement;
import org.rtcheck.engine.subject.SubjectException;

/**
 * Under {@code rtcheck.env=docker}, the node shim stacks (werift, libdatachannel, libwebrtc) run in
 * the node-shims image on the {@link MatrixRun}'s network ({@link ShimInContainer}, the stack's
 * name as the image's argument as in {@link NodeShimContainer#command}), with {@code
 * RTCHECK_SHIM_NETWORK=lan} (no loopback settings: the container has its bridge address) and the
 * image named in the version the shim reports. {@code -Drtcheck.docker.node=host} keeps them host
 * processes (the image's first build takes minutes).
 */
public final class NodeShimPlacement implements ShimPlacement {

  /** {@code container} (the default) or {@code host}. */
  public static final String WHERE = "rtcheck.docker.node";

  @Override
  public Optional<Lease> place(ShimDescriptor shim) throws SubjectException {
    if (!DockerAvailability.selected()
        || !NodeShimContainer.hasStack(shim.id())
        || "host".equals(System.getProperty(WHERE, "container"))) {
      return Optional.empty();
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("RTCHECK_SHIM_NETWORK", "lan");
    String timeout = System.getenv("RTCHECK_SHIM_OP_TIMEOUT_MS");
    if (timeout != null) {
      env.put("RTCHECK_SHIM_OP_TIMEOUT_MS", timeout);
    }
    return Optional.of(
        ShimInContainer.place(
            "node-" + shim.id(),
            // The descriptor's folder is interop/shims/node; the image's context is interop/shims.
            () -> NodeShimsImage.forHost(shim.directory().getParent()).resolve(),
            env,
            List.of(),
            List.of(shim.id())));
  }
}

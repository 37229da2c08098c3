package org.rtcheck.docker.shim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.rtcheck.docker.image.NodeShimsImage;
import org.rtcheck.docker.run.DockerRun;
import org.rtcheck.engine.shim.ShimDescriptor;
import org.rtcheck.engine.shim.ShimSubject;
import org.testcontainers.containers.Network;

/**
 * A node shim stack (werift, libdatachannel, libwebrtc) as an out-of-process subject whose process
 * is {@code docker run -i} of the node-shims image on a run network: the shim's JSON lines travel
 * over the container's stdin/stdout exactly as for a host process (interop/shims/README.md), and
 * the container carries the run's labels, so {@link DockerRun#close()} removes it if it outlives
 * its subject.
 */
public final class NodeShimContainer {
  private static final Set<String> STACKS = Set.of("werift", "libdatachannel", "libwebrtc");

  private NodeShimContainer() {}

  /**
   * A subject for {@code stack} in a new container on {@code network} (the image built first when
   * absent).
   *
   * @throws IllegalArgumentException for a stack the shim does not have
   */
  public static ShimSubject open(
      DockerRun run, Network network, NodeShimsImage image, String stack, Duration timeout)
      throws IOException {
    if (!STACKS.contains(stack)) {
      throw new IllegalArgumentException("node shim stack \"" + stack + "\"; one of " + STACKS);
    }
    String tag = image.resolve();
    List<String> command = command(run, network, tag, stack, run.id() + "-node-" + stack, Map.of());
    ShimDescriptor d =
        new ShimDescriptor(
            stack + "-docker",
            stack + " (node-shims container)",
            command,
            List.of("docker"),
            List.of(),
            "browsers-docker/node-shims (built by NodeShimsImage)",
            Set.of("jsep.offer", "jsep.answer", "jsep.accept-answer"),
            Optional.empty(),
            List.of(),
            Path.of(System.getProperty("java.io.tmpdir")));
    return new ShimSubject(d, timeout);
  }

  /**
   * {@code docker run -i --rm} of the node-shims image {@code tag} for {@code stack}: a container
   * named {@code name} on {@code network} with the run's labels and the variables {@code env}.
   *
   * @throws IllegalArgumentException for a stack the shim does not have
   */
  public static List<String> command(
      DockerRun run,
      Network network,
      String tag,
      String stack,
      String name,
      Map<String, String> env) {
    if (!STACKS.contains(stack)) {
      throw new IllegalArgumentException("node shim stack \"" + stack + "\"; one of " + STACKS);
    }
    return ShimContainerCommand.of(run, network, name, env, List.of(), tag, List.of(stack));
  }

  /** Whether the node-shims image runs {@code stack}. */
  public static boolean hasStack(String stack) {
    return STACKS.contains(stack);
  }

  /** {@code {audio, video, datachannel}} for {@code jsep.offer}. */
  public static ObjectNode offerArgs(boolean audio, boolean video, boolean datachannel) {
    return new ObjectMapper()
        .createObjectNode()
        .put("audio", audio)
        .put("video", video)
        .put("datachannel", datachannel);
  }
}

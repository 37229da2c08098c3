package org.rtcheck.docker.shim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rtcheck.docker.run.DockerRun;
import org.testcontainers.containers.Network;

/**
 * The {@code docker run -i --rm} command line that makes a container a shim process: its stdin and
 * stdout carry the shim's JSON lines (interop/shims/README.md) as a host process's would, and it
 * carries the run's labels, so {@link DockerRun#close()} removes it if it outlives its subject.
 */
public final class ShimContainerCommand {

  private ShimContainerCommand() {}

  /**
   * @param name the container's name
   * @param env variables set in the container
   * @param options further {@code docker run} options (mounts, working folder)
   * @param image the image's tag
   * @param args the arguments after the image (to its entry point)
   */
  public static List<String> of(
      DockerRun run,
      Network network,
      String name,
      Map<String, String> env,
      List<String> options,
      String image,
      List<String> args) {
    List<String> command = new ArrayList<>(List.of("docker", "run", "-i", "--rm"));
    command.addAll(List.of("--name", name));
    command.addAll(List.of("--network", network.getId()));
    for (Map.Entry<String, String> l : run.labels().entrySet()) {
      command.addAll(List.of("--label", l.getKey() + "=" + l.getValue()));
    }
    for (Map.Entry<String, String> e : env.entrySet()) {
      command.addAll(List.of("-e", e.getKey() + "=" + e.getValue()));
    }
    command.addAll(options);
    command.add(image);
    command.addAll(args);
    return command;
  }
}

package org.rtcheck.interop.netem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether this machine can build emulated networks: root (namespaces, nftables and qdiscs need
 * CAP_NET_ADMIN and CAP_SYS_ADMIN in the host's user namespace), and the {@code ip} and {@code nft}
 * commands. Tests skip with {@link #unavailableReason()} when it says no.
 */
public final class NetemSupport {
  private static volatile Optional<String> cached;

  private NetemSupport() {}

  /** Why networks cannot be emulated here, or empty when they can. */
  public static Optional<String> unavailableReason() {
    Optional<String> c = cached;
    if (c == null) {
      c = probe();
      cached = c;
    }
    return c;
  }

  public static boolean available() {
    return unavailableReason().isEmpty();
  }

  private static Optional<String> probe() {
    if (!isRoot()) {
      return Optional.of(
          "network emulation needs root (network namespaces, nftables); run as root or in a"
              + " container with CAP_NET_ADMIN and CAP_SYS_ADMIN");
    }
    if (CommandRunner.find("ip").isEmpty()) {
      return Optional.of("network emulation needs `ip` (apt-get install iproute2)");
    }
    if (CommandRunner.find("nft").isEmpty()) {
      return Optional.of("network emulation needs `nft` (apt-get install nftables)");
    }
    String name = "rtcprobe" + ProcessHandle.current().pid() + "-";
    CommandRunner commands = new CommandRunner();
    try {
      CommandRunner.Result r =
          commands.attempt("probe", List.of("ip", "netns", "add", name), Optional.empty());
      if (r.exitCode() != 0) {
        return Optional.of("cannot create a network namespace: " + r.stderr().strip());
      }
      commands.attempt("probe", List.of("ip", "netns", "delete", name), Optional.empty());
    } catch (NetemException e) {
      return Optional.of(e.getMessage());
    }
    return Optional.empty();
  }

  private static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[2].equals("0"); // effective uid
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return false;
  }
}

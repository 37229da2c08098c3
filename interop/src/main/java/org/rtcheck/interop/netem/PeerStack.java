package org.rtcheck.interop.netem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.rtcheck.interop.subject.shim.ShimSubjectProvider;

/**
 * A WebRTC stack that {@link LanPeer} can run inside a LAN host's namespace, speaking the
 * peer-connection ops of interop/shims/README.md: the own stack ({@code OwnPeerShim} in a JVM) or
 * one of the Node stacks of {@code interop/shims/node/shim.js}.
 */
public enum PeerStack {
  OWN(null),
  LIBWEBRTC("@roamhq/wrtc"),
  LIBDATACHANNEL("node-datachannel"),
  WERIFT("werift");

  private final String npmPackage;

  PeerStack(String npmPackage) {
    this.npmPackage = npmPackage;
  }

  /**
   * The shim's name for it: {@code own}, {@code libwebrtc}, {@code libdatachannel}, {@code werift}.
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static PeerStack parse(String text) {
    for (PeerStack s : values()) {
      if (s.label().equalsIgnoreCase(text.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown stack \"" + text + "\" (known: own, libwebrtc, libdatachannel, werift)");
  }

  /** Why it cannot run here (Node shim not installed), or empty. */
  public Optional<String> unavailableReason() {
    if (npmPackage == null) {
      return Optional.empty();
    }
    Optional<Path> dir = nodeShimDirectory();
    if (dir.isEmpty()) {
      return Optional.of("no interop/shims/node folder found; set -Drtcheck.home=<checkout>");
    }
    Path pkg = dir.get().resolve("node_modules").resolve(npmPackage).resolve("package.json");
    if (!Files.isRegularFile(pkg)) {
      return Optional.of(
          label() + " is not installed (" + pkg + " is missing); run ./rtcheck setup");
    }
    return Optional.empty();
  }

  /** The program to run in the namespace, after {@code ip netns exec NS}. */
  List<String> command() {
    if (this == OWN) {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(List.of("-XX:+UseSerialGC", "-cp", absoluteClassPath()));
      cmd.add("org.rtcheck.interop.subject.own.OwnPeerShim");
      return cmd;
    }
    Path shim = nodeShimDirectory().orElseThrow().resolve("shim.js");
    return List.of("node", shim.toString(), label());
  }

  /** This JVM's class path with every entry absolute: the peer may start in another folder. */
  private static String absoluteClassPath() {
    List<String> entries = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (!e.isEmpty()) {
        entries.add(Path.of(e).toAbsolutePath().toString());
      }
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  static Optional<Path> nodeShimDirectory() {
    return ShimSubjectProvider.shimsRoot()
        .map(r -> r.resolve("node").toAbsolutePath())
        .filter(Files::isDirectory);
  }
}

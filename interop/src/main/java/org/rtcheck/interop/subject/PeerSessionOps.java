package org.rtcheck.interop.subject;

import java.util.List;
import java.util.stream.Stream;

/**
 * The shim protocol's peer-session operations (interop/shims/README.md) that every peer with data
 * channels serves, whatever its API: the own stack in process and in its shim, webrtc-java's shim.
 */
public final class PeerSessionOps {

  /** Create a peer, negotiate, trickle, wait, move data-channel messages, read stats, close. */
  public static final List<String> DATA_CHANNEL =
      List.of(
          "pc.create",
          "dc.create",
          "pc.offer",
          "pc.answer",
          "pc.accept-answer",
          "pc.candidates",
          "pc.add-candidate",
          "pc.wait",
          "dc.wait-open",
          "dc.send",
          "dc.receive-check",
          "pc.stats",
          "pc.close");

  private PeerSessionOps() {}

  /** {@link #DATA_CHANNEL} followed by {@code more}. */
  public static List<String> dataChannelAnd(String... more) {
    return Stream.concat(DATA_CHANNEL.stream(), Stream.of(more)).toList();
  }
}

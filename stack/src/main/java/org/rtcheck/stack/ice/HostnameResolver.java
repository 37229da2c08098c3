package org.rtcheck.stack.ice;

import java.net.InetAddress;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Resolves remote mDNS {@code .local} candidate names (draft-ietf-mmusic-mdns-ice-candidates §3.2)
 * for the agent. The driver provides it; the agent never does I/O itself.
 *
 * <p>{@code done} may be called synchronously, or later from any thread: the agent queues the
 * result and applies it at its next call ({@link IceAgent#pollTimeout} then asks for a call at
 * once). A driver whose agent may be idle should poke it with {@link IceAgent#handleTimeout} on its
 * own thread after the callback.
 */
public interface HostnameResolver {

  /** Starts resolving {@code hostname}; calls {@code done} once, empty when it did not resolve. */
  void resolve(String hostname, Consumer<Optional<InetAddress>> done);
}

package org.rtcheck.stack.ice;

import java.net.InetAddress;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Resolves remote mDNS {@code .local} candidate names (draft-ietf-mmusic-mdns-ice-candidates §3.2)
 * for the agent. The driver provides it; the agent never does I/O itself.
 *
 * <p>{@code done} may be called synchronously or later, but always on the thread that drives the
 * agent (the agent is not thread-safe); the result takes effect at the agent's next call.
 */
public interface HostnameResolver {

  /** Starts resolving {@code hostname}; calls {@code done} once, empty when it did not resolve. */
  void resolve(String hostname, Consumer<Optional<InetAddress>> done);
}

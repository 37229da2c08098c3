package org.rtcheck.stack.nat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.rtcheck.stack.stun.RetransmissionPolicy;

/**
 * What to discover and how long to try. Build with {@link #forServer} and the {@code with…}
 * methods.
 *
 * @param server the STUN server's primary address
 * @param alternate the server's alternate address, used instead of the OTHER-ADDRESS it returns
 *     (for servers that leave it out); must differ from {@code server} in IP address and port
 * @param retransmission per-request retransmissions (RFC 8489 §6.2.1); when they run out, a test
 *     counts as unanswered, which is itself a result for the filtering and hairpinning tests
 * @param hairpinning whether to run the RFC 5780 §4.5 hairpinning test
 * @param lifetime whether and how to run the RFC 5780 §4.6 mapping lifetime tests
 * @param timeLimit the most the whole discovery may take; what has not run by then is reported as a
 *     {@link Rfc5780Problem.Kind#TIME_LIMIT} problem
 */
public record NatDiscoveryConfig(
    InetSocketAddress server,
    Optional<InetSocketAddress> alternate,
    RetransmissionPolicy retransmission,
    boolean hairpinning,
    Optional<LifetimeSearch> lifetime,
    Duration timeLimit) {

  /**
   * RTO 200 ms, 4 sends, final wait 4 RTO: an unanswered test costs 2.2 s instead of RFC 8489's
   * 39.5 s, and the filtering tests expect unanswered requests (RFC 5780 §4.4).
   */
  public static final RetransmissionPolicy DISCOVERY_RETRANSMISSION =
      new RetransmissionPolicy(Duration.ofMillis(200), 4, 4);

  /** Without lifetime tests, discovery needs at most 7 transactions; this leaves room. */
  public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(30);

  /**
   * The RFC 5780 §4.6 search: waits of {@code first}, doubled up to {@code max}; after the first
   * wait the mapping did not survive, up to three bisections, while the bracket is wider than
   * {@code first}. No wait is longer than {@code max}.
   */
  public record LifetimeSearch(Duration first, Duration max) {
    public LifetimeSearch {
      Objects.requireNonNull(first);
      Objects.requireNonNull(max);
      if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
        throw new IllegalArgumentException(
            "mapping lifetime search needs 0 < first <= max, got first " + first + ", max " + max);
      }
    }
  }

  public NatDiscoveryConfig {
    Objects.requireNonNull(server);
    Objects.requireNonNull(alternate);
    Objects.requireNonNull(retransmission);
    Objects.requireNonNull(lifetime);
    Objects.requireNonNull(timeLimit);
    if (server.isUnresolved()) {
      throw new IllegalArgumentException("server address is unresolved: " + server);
    }
    if (alternate.isPresent()) {
      InetSocketAddress alt = alternate.get();
      if (alt.isUnresolved()) {
        throw new IllegalArgumentException("alternate address is unresolved: " + alt);
      }
      // RFC 5780 §7.4: the alternate differs from the primary in both IP address and port.
      if (alt.getAddress().equals(server.getAddress()) || alt.getPort() == server.getPort()) {
        throw new IllegalArgumentException(
            "alternate address "
                + alt
                + " must differ from the server "
                + server
                + " in both IP address and port (RFC 5780 §7.4)");
      }
    }
    if (timeLimit.isNegative() || timeLimit.isZero()) {
      throw new IllegalArgumentException("time limit must be positive: " + timeLimit);
    }
  }

  /** Mapping, filtering and hairpinning tests, no lifetime tests, 30 s at most. */
  public static NatDiscoveryConfig forServer(InetSocketAddress server) {
    return new NatDiscoveryConfig(
        server,
        Optional.empty(),
        DISCOVERY_RETRANSMISSION,
        true,
        Optional.empty(),
        DEFAULT_TIME_LIMIT);
  }

  public NatDiscoveryConfig withAlternate(InetSocketAddress alternate) {
    return new NatDiscoveryConfig(
        server, Optional.of(alternate), retransmission, hairpinning, lifetime, timeLimit);
  }

  public NatDiscoveryConfig withRetransmission(RetransmissionPolicy retransmission) {
    return new NatDiscoveryConfig(
        server, alternate, retransmission, hairpinning, lifetime, timeLimit);
  }

  public NatDiscoveryConfig withHairpinning(boolean hairpinning) {
    return new NatDiscoveryConfig(
        server, alternate, retransmission, hairpinning, lifetime, timeLimit);
  }

  public NatDiscoveryConfig withMappingLifetime(Duration first, Duration max) {
    return new NatDiscoveryConfig(
        server,
        alternate,
        retransmission,
        hairpinning,
        Optional.of(new LifetimeSearch(first, max)),
        timeLimit);
  }

  public NatDiscoveryConfig withTimeLimit(Duration timeLimit) {
    return new NatDiscoveryConfig(
        server, alternate, retransmission, hairpinning, lifetime, timeLimit);
  }
}

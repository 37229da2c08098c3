package org.rtcheck.stack.nat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one test saw, for reports and for debugging a NAT that does not classify as expected.
 *
 * @param test which test
 * @param from the local socket the request went out of
 * @param to where it was sent
 * @param outcome how it ended
 * @param mappedAddress the XOR-MAPPED-ADDRESS of a success response
 * @param respondedFrom the source address of the answer (for CHANGE-REQUEST, the server's alternate
 *     address or port)
 * @param silence for {@link NatTest#LIFETIME_CHECK}, the silence before it; zero otherwise
 */
public record Observation(
    NatTest test,
    NatSocket from,
    InetSocketAddress to,
    Outcome outcome,
    Optional<InetSocketAddress> mappedAddress,
    Optional<InetSocketAddress> respondedFrom,
    Duration silence) {

  /** How a test's transaction ended. */
  public enum Outcome {
    /** A success response (or, for hairpinning, the request itself) arrived. */
    ANSWERED,
    /** An error response arrived. */
    ERROR_RESPONSE,
    /** Retransmissions ran out (RFC 8489 §6.2.1) with nothing received. */
    NO_ANSWER,
    /** The overall time limit ended the test first. */
    CUT_SHORT
  }

  public Observation {
    Objects.requireNonNull(test);
    Objects.requireNonNull(from);
    Objects.requireNonNull(to);
    Objects.requireNonNull(outcome);
    Objects.requireNonNull(mappedAddress);
    Objects.requireNonNull(respondedFrom);
    Objects.requireNonNull(silence);
  }
}

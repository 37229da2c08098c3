package org.rtcheck.stack.ice;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The agent's tunables. Defaults follow the RFCs; tests shorten nothing but may pass a seeded
 * {@link RandomGenerator} to be deterministic.
 *
 * @param components components per data stream (1 with rtcp-mux / BUNDLE)
 * @param ta pacing interval between checks (RFC 8445 §14.2: 50 ms by default)
 * @param checkRc total sends of a connectivity check (RFC 8489 §6.2.1 Rc, 7)
 * @param checkRm final wait, in RTOs, after the last send (RFC 8489 §6.2.1 Rm, 16)
 * @param maxPairs check list size limit (RFC 8445 §6.1.2.5: 100 by default)
 * @param nominationDelay controlling side: how long to wait after the first valid pair for
 *     higher-priority pairs to finish before nominating the best valid one (RFC 8445 §8.1.1 leaves
 *     the moment to the agent)
 * @param consentInterval RFC 7675 §5.1: base interval of consent checks, randomized 0.8-1.2
 * @param consentTimeout RFC 7675 §5.1: consent expires 30 s after the last response
 * @param disconnectedAfter silence on the selected pair after which the state is disconnected
 * @param random source of tie-breakers, credentials, transaction IDs and consent jitter
 * @param resolver mDNS resolver for {@code .local} remote candidates; null to ignore them
 */
public record IceConfig(
    int components,
    Duration ta,
    int checkRc,
    int checkRm,
    int maxPairs,
    Duration nominationDelay,
    Duration consentInterval,
    Duration consentTimeout,
    Duration disconnectedAfter,
    RandomGenerator random,
    HostnameResolver resolver) {

  public IceConfig {
    Objects.requireNonNull(ta, "ta");
    Objects.requireNonNull(nominationDelay, "nominationDelay");
    Objects.requireNonNull(consentInterval, "consentInterval");
    Objects.requireNonNull(consentTimeout, "consentTimeout");
    Objects.requireNonNull(disconnectedAfter, "disconnectedAfter");
    Objects.requireNonNull(random, "random");
    if (components < 1 || components > 256) {
      throw new IllegalArgumentException("components must be 1..256: " + components);
    }
    if (ta.isNegative() || ta.isZero() || checkRc < 1 || checkRm < 1 || maxPairs < 1) {
      throw new IllegalArgumentException("ta > 0, checkRc >= 1, checkRm >= 1, maxPairs >= 1");
    }
  }

  /** The defaults, with a strong random generator. */
  public static IceConfig defaults() {
    return defaults(new java.security.SecureRandom());
  }

  /** The defaults with the given randomness (seed it for deterministic tests). */
  public static IceConfig defaults(RandomGenerator random) {
    return new IceConfig(
        1,
        Duration.ofMillis(50),
        7,
        16,
        100,
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        random,
        null);
  }

  public IceConfig withResolver(HostnameResolver resolver) {
    return new IceConfig(
        components,
        ta,
        checkRc,
        checkRm,
        maxPairs,
        nominationDelay,
        consentInterval,
        consentTimeout,
        disconnectedAfter,
        random,
        resolver);
  }

  public IceConfig withComponents(int components) {
    return new IceConfig(
        components,
        ta,
        checkRc,
        checkRm,
        maxPairs,
        nominationDelay,
        consentInterval,
        consentTimeout,
        disconnectedAfter,
        random,
        resolver);
  }
}

package org.rtcheck.interop.netem;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * One cell of the ICE NAT × NAT matrix: two own ICE agents behind two NATs, what theory expects
 * ({@link IceReachability}) and what happened.
 *
 * @param controlling the NAT of the controlling agent
 * @param controlled the NAT of the controlled agent
 * @param directExpected whether a direct pair is expected (else only a relay can connect them)
 * @param relayOffered whether an agent also offered a relayed candidate (TURN)
 * @param connected whether the controlling agent selected a pair in time
 * @param localType the selected pair's local candidate type (controlling side)
 * @param remoteType the selected pair's remote candidate type (controlling side)
 * @param took the controlling agent's time from gathering to a selected pair, or to giving up
 */
public record IceCellOutcome(
    NatSpec controlling,
    NatSpec controlled,
    boolean directExpected,
    boolean relayOffered,
    boolean connected,
    Optional<String> localType,
    Optional<String> remoteType,
    Duration took) {

  /** Whether the selected pair has a relayed candidate on either side. */
  public boolean relayed() {
    return connected
        && (localType.filter("RELAYED"::equals).isPresent()
            || remoteType.filter("RELAYED"::equals).isPresent());
  }

  /**
   * Whether what happened is what theory says: a direct pair where one exists (RFC 8445 §5.1.2.2:
   * host and server-reflexive pairs outrank relayed ones), else a relayed pair when one was
   * offered, else no pair at all.
   */
  public boolean asExpected() {
    if (directExpected) {
      return connected && !relayed();
    }
    return relayOffered ? relayed() : !connected;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%-22s x %-22s expected %-6s got %-30s %5d ms%s",
        controlling.expectedType().label(),
        controlled.expectedType().label(),
        directExpected ? "direct" : "relay",
        connected
            ? (relayed() ? "relay " : "direct ")
                + localType.orElse("?")
                + " -> "
                + remoteType.orElse("?")
            : relayOffered ? "no pair" : "no direct pair",
        took.toMillis(),
        asExpected() ? "" : "  UNEXPECTED");
  }
}

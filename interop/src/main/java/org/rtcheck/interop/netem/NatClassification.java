package org.rtcheck.interop.netem;

import java.time.Duration;
import java.util.Optional;

/**
 * What RFC 5780 discovery from behind one emulated NAT found, against what the NAT was built as.
 *
 * @param router the router's namespace
 * @param host the host the discovery ran in
 * @param expected what the router was built as
 * @param mapping the mapping found (RFC 4787 label), empty when undetermined
 * @param filtering the filtering found, empty when undetermined
 * @param hairpinning whether hairpinning was seen, empty when not tested
 * @param natType the classic name found (NatType constant name)
 * @param mappedAddress the public address discovery saw
 * @param took how long the discovery process ran (JVM start included)
 * @param mismatch empty when everything matches, else what differs
 */
public record NatClassification(
    String router,
    String host,
    NatSpec expected,
    Optional<String> mapping,
    Optional<String> filtering,
    Optional<Boolean> hairpinning,
    String natType,
    Optional<String> mappedAddress,
    Duration took,
    Optional<String> mismatch) {

  public boolean matches() {
    return mismatch.isEmpty();
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "%-10s %-28s found %s/%s hairpin=%s %s (%d ms)%s",
        expected.label(),
        expected.expectedType().label(),
        mapping.orElse("?"),
        filtering.orElse("?"),
        hairpinning.map(String::valueOf).orElse("?"),
        natType,
        took.toMillis(),
        mismatch.map(m -> " MISMATCH: " + m).orElse(""));
  }
}

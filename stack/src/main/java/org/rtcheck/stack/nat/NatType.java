package org.rtcheck.stack.nat;

import java.util.Objects;
import java.util.Optional;

/**
 * The classic (RFC 3489 era) NAT names, derived from the RFC 4787 behaviours. RFC 5780 §1 warns
 * that these names are too coarse for real NATs; they are kept because users and test matrices
 * speak them. The behaviours themselves are in {@link NatBehavior}.
 */
public enum NatType {
  /** Not behind a NAT: the mapped address is the local address, and nothing filters. */
  OPEN_INTERNET("open internet"),
  /** Not behind a NAT, but address- or port-dependent filtering (RFC 3489's "UDP firewall"). */
  FILTERING_FIREWALL("no NAT, filtering firewall"),
  /** Endpoint-independent mapping and filtering. */
  FULL_CONE("full cone"),
  /** Endpoint-independent mapping, address-dependent filtering. */
  ADDRESS_RESTRICTED_CONE("address-restricted cone"),
  /** Endpoint-independent mapping, address- and port-dependent filtering. */
  PORT_RESTRICTED_CONE("port-restricted cone"),
  /** Address- or address-and-port-dependent mapping, whatever the filtering. */
  SYMMETRIC("symmetric"),
  /** The server never answered. */
  UDP_BLOCKED("UDP blocked"),
  /**
   * The tests could not tell: typically the server lacks OTHER-ADDRESS (it does not implement RFC
   * 5780), or one of its answers was unusable. {@link NatBehavior#problems()} says why.
   */
  UNDETERMINED("undetermined");

  private final String label;

  NatType(String label) {
    this.label = label;
  }

  /** The name as people write it, e.g. {@code port-restricted cone}. */
  public String label() {
    return label;
  }

  /**
   * Names the combination. Mapping and filtering are empty when their tests could not run or could
   * not decide.
   */
  public static NatType classify(
      NatPresence presence,
      Optional<MappingBehavior> mapping,
      Optional<FilteringBehavior> filtering) {
    Objects.requireNonNull(mapping);
    Objects.requireNonNull(filtering);
    switch (presence) {
      case UDP_BLOCKED:
        return UDP_BLOCKED;
      case UNKNOWN:
        return UNDETERMINED;
      case NO_NAT:
        // RFC 5780 §4.3: no translation means endpoint-independent mapping; what remains is
        // whether a firewall filters.
        return filtering.isPresent() && filtering.get() != FilteringBehavior.ENDPOINT_INDEPENDENT
            ? FILTERING_FIREWALL
            : OPEN_INTERNET;
      case BEHIND_NAT:
        break;
      default:
        throw new IllegalArgumentException("unhandled " + presence);
    }
    if (mapping.isEmpty()) {
      return UNDETERMINED;
    }
    if (mapping.get() != MappingBehavior.ENDPOINT_INDEPENDENT) {
      // A new mapping per destination defeats server-reflexive candidates whatever the filter.
      return SYMMETRIC;
    }
    if (filtering.isEmpty()) {
      return UNDETERMINED;
    }
    return switch (filtering.get()) {
      case ENDPOINT_INDEPENDENT -> FULL_CONE;
      case ADDRESS_DEPENDENT -> ADDRESS_RESTRICTED_CONE;
      case ADDRESS_AND_PORT_DEPENDENT -> PORT_RESTRICTED_CONE;
    };
  }
}

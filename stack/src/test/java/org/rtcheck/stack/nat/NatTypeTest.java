package org.rtcheck.stack.nat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The classic names from the RFC 4787 behaviours, every combination that matters. */
class NatTypeTest {

  @ParameterizedTest(name = "{0} / {1} / {2} -> {3}")
  @CsvSource(
      nullValues = "-",
      value = {
        "BEHIND_NAT, ENDPOINT_INDEPENDENT, ENDPOINT_INDEPENDENT, FULL_CONE",
        "BEHIND_NAT, ENDPOINT_INDEPENDENT, ADDRESS_DEPENDENT, ADDRESS_RESTRICTED_CONE",
        "BEHIND_NAT, ENDPOINT_INDEPENDENT, ADDRESS_AND_PORT_DEPENDENT, PORT_RESTRICTED_CONE",
        "BEHIND_NAT, ADDRESS_DEPENDENT, ENDPOINT_INDEPENDENT, SYMMETRIC",
        "BEHIND_NAT, ADDRESS_DEPENDENT, ADDRESS_DEPENDENT, SYMMETRIC",
        "BEHIND_NAT, ADDRESS_DEPENDENT, ADDRESS_AND_PORT_DEPENDENT, SYMMETRIC",
        "BEHIND_NAT, ADDRESS_AND_PORT_DEPENDENT, ENDPOINT_INDEPENDENT, SYMMETRIC",
        "BEHIND_NAT, ADDRESS_AND_PORT_DEPENDENT, ADDRESS_DEPENDENT, SYMMETRIC",
        "BEHIND_NAT, ADDRESS_AND_PORT_DEPENDENT, ADDRESS_AND_PORT_DEPENDENT, SYMMETRIC",
        "BEHIND_NAT, ADDRESS_AND_PORT_DEPENDENT, -, SYMMETRIC",
        "BEHIND_NAT, ENDPOINT_INDEPENDENT, -, UNDETERMINED",
        "BEHIND_NAT, -, ENDPOINT_INDEPENDENT, UNDETERMINED",
        "BEHIND_NAT, -, -, UNDETERMINED",
        "NO_NAT, ENDPOINT_INDEPENDENT, ENDPOINT_INDEPENDENT, OPEN_INTERNET",
        "NO_NAT, ENDPOINT_INDEPENDENT, -, OPEN_INTERNET",
        "NO_NAT, ENDPOINT_INDEPENDENT, ADDRESS_DEPENDENT, FILTERING_FIREWALL",
        "NO_NAT, ENDPOINT_INDEPENDENT, ADDRESS_AND_PORT_DEPENDENT, FILTERING_FIREWALL",
        "UDP_BLOCKED, -, -, UDP_BLOCKED",
        "UNKNOWN, -, -, UNDETERMINED",
      })
  void classifies(
      NatPresence presence,
      MappingBehavior mapping,
      FilteringBehavior filtering,
      NatType expected) {
    assertThat(
            NatType.classify(
                presence, Optional.ofNullable(mapping), Optional.ofNullable(filtering)))
        .isEqualTo(expected);
  }
}

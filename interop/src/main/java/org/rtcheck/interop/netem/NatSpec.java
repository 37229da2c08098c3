package org.rtcheck.interop.netem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.rtcheck.stack.nat.FilteringBehavior;
import org.rtcheck.stack.nat.MappingBehavior;
import org.rtcheck.stack.nat.NatType;

/**
 * How an emulated NAT router behaves, in RFC 4787 terms: its mapping (§4.1) and filtering (§5)
 * behaviour, whether it hairpins (§6) and how long an idle UDP mapping lives (§4.3).
 *
 * @param mapping endpoint-independent, address-dependent or address-and-port-dependent mapping
 * @param filtering endpoint-independent, address-dependent or address-and-port-dependent filtering
 * @param hairpinning whether a host may reach another host of its LAN through the public mapping
 * @param mappingTimeout how long an idle UDP mapping (and its filter state) is kept
 */
public record NatSpec(
    MappingBehavior mapping,
    FilteringBehavior filtering,
    boolean hairpinning,
    Duration mappingTimeout) {

  /** RFC 4787 §4.3 REQ-5: a UDP mapping timer MUST NOT expire in less than two minutes. */
  public static final Duration DEFAULT_MAPPING_TIMEOUT = Duration.ofMinutes(2);

  public NatSpec {
    Objects.requireNonNull(mapping, "mapping");
    Objects.requireNonNull(filtering, "filtering");
    Objects.requireNonNull(mappingTimeout, "mappingTimeout");
    if (mappingTimeout.compareTo(Duration.ofSeconds(1)) < 0
        || mappingTimeout.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException(
          "mapping timeout must be between 1 s and 1 day, got " + mappingTimeout);
    }
  }

  public static NatSpec of(MappingBehavior mapping, FilteringBehavior filtering) {
    return new NatSpec(mapping, filtering, true, DEFAULT_MAPPING_TIMEOUT);
  }

  /**
   * The classic name's behaviours: full cone = EIM+EIF, address-restricted = EIM+ADF,
   * port-restricted = EIM+APDF, symmetric = APDM+APDF.
   */
  public static NatSpec classic(NatType type) {
    return switch (type) {
      case FULL_CONE ->
          of(MappingBehavior.ENDPOINT_INDEPENDENT, FilteringBehavior.ENDPOINT_INDEPENDENT);
      case ADDRESS_RESTRICTED_CONE ->
          of(MappingBehavior.ENDPOINT_INDEPENDENT, FilteringBehavior.ADDRESS_DEPENDENT);
      case PORT_RESTRICTED_CONE ->
          of(MappingBehavior.ENDPOINT_INDEPENDENT, FilteringBehavior.ADDRESS_AND_PORT_DEPENDENT);
      case SYMMETRIC ->
          of(
              MappingBehavior.ADDRESS_AND_PORT_DEPENDENT,
              FilteringBehavior.ADDRESS_AND_PORT_DEPENDENT);
      default ->
          throw new IllegalArgumentException(
              "\"" + type.label() + "\" is not a NAT that can be emulated");
    };
  }

  /** All nine mapping × filtering combinations, hairpinning on, default timeout. */
  public static List<NatSpec> grid() {
    List<NatSpec> all = new ArrayList<>();
    for (MappingBehavior m : MappingBehavior.values()) {
      for (FilteringBehavior f : FilteringBehavior.values()) {
        all.add(of(m, f));
      }
    }
    return all;
  }

  /**
   * Parses {@code full-cone}, {@code address-restricted}, {@code port-restricted}, {@code
   * symmetric}, or {@code MAPPING+FILTERING} such as {@code eim+adf} or {@code APDM+EIF}
   * (case-insensitive).
   */
  public static NatSpec parse(String text) {
    Objects.requireNonNull(text, "text");
    String t = text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "full-cone", "full_cone", "fullcone":
        return classic(NatType.FULL_CONE);
      case "address-restricted", "address-restricted-cone", "restricted-cone":
        return classic(NatType.ADDRESS_RESTRICTED_CONE);
      case "port-restricted", "port-restricted-cone":
        return classic(NatType.PORT_RESTRICTED_CONE);
      case "symmetric":
        return classic(NatType.SYMMETRIC);
      default:
        break;
    }
    int plus = t.indexOf('+');
    if (plus < 0) {
      throw new IllegalArgumentException(
          "NAT type \""
              + text
              + "\": expected full-cone, address-restricted, port-restricted, symmetric or"
              + " MAPPING+FILTERING (e.g. eim+adf)");
    }
    return of(mapping(t.substring(0, plus), text), filtering(t.substring(plus + 1), text));
  }

  private static MappingBehavior mapping(String abbreviation, String text) {
    for (MappingBehavior m : MappingBehavior.values()) {
      if (m.abbreviation().equalsIgnoreCase(abbreviation)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "NAT type \""
            + text
            + "\": mapping must be EIM, ADM or APDM, got \""
            + abbreviation
            + "\"");
  }

  private static FilteringBehavior filtering(String abbreviation, String text) {
    for (FilteringBehavior f : FilteringBehavior.values()) {
      if (f.abbreviation().equalsIgnoreCase(abbreviation)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "NAT type \""
            + text
            + "\": filtering must be EIF, ADF or APDF, got \""
            + abbreviation
            + "\"");
  }

  public NatSpec withHairpinning(boolean on) {
    return new NatSpec(mapping, filtering, on, mappingTimeout);
  }

  public NatSpec withMappingTimeout(Duration timeout) {
    return new NatSpec(mapping, filtering, hairpinning, timeout);
  }

  /** The classic name RFC 5780 discovery should report for this NAT. */
  public NatType expectedType() {
    return NatType.classify(
        org.rtcheck.stack.nat.NatPresence.BEHIND_NAT,
        java.util.Optional.of(mapping),
        java.util.Optional.of(filtering));
  }

  /** E.g. {@code EIM+ADF}. */
  public String label() {
    return mapping.abbreviation() + "+" + filtering.abbreviation();
  }

  @Override
  public String toString() {
    return label()
        + " ("
        + expectedType().label()
        + ", hairpinning "
        + (hairpinning ? "on" : "off")
        + ", mapping timeout "
        + mappingTimeout.toSeconds()
        + " s)";
  }
}

package org.rtcheck.stack.nat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of RFC 5780 NAT behaviour discovery: the RFC 4787 behaviours that could be
 * determined, the classic name, and why anything is missing.
 *
 * @param server the primary server address tested
 * @param localAddress the local address of the {@link NatSocket#MAPPING} socket
 * @param presence what the first Binding showed about translation on the path
 * @param mappedAddress the XOR-MAPPED-ADDRESS of that first Binding
 * @param alternateAddress the server's alternate address: its OTHER-ADDRESS, or the one given
 * @param software the server's SOFTWARE, if it sent one
 * @param mapping RFC 4787 mapping behaviour, if determined
 * @param filtering RFC 4787 filtering behaviour, if determined
 * @param hairpinning the hairpinning test's result
 * @param mappingLifetime the lifetime bracket, if it was measured
 * @param problems why a test could not run or decide; empty when everything ran
 * @param observations every test that ran, in order
 */
public record NatBehavior(
    InetSocketAddress server,
    InetSocketAddress localAddress,
    NatPresence presence,
    Optional<InetSocketAddress> mappedAddress,
    Optional<InetSocketAddress> alternateAddress,
    Optional<String> software,
    Optional<MappingBehavior> mapping,
    Optional<FilteringBehavior> filtering,
    Hairpinning hairpinning,
    Optional<MappingLifetime> mappingLifetime,
    List<Rfc5780Problem> problems,
    List<Observation> observations) {

  public NatBehavior {
    Objects.requireNonNull(server);
    Objects.requireNonNull(localAddress);
    Objects.requireNonNull(presence);
    Objects.requireNonNull(mappedAddress);
    Objects.requireNonNull(alternateAddress);
    Objects.requireNonNull(software);
    Objects.requireNonNull(mapping);
    Objects.requireNonNull(filtering);
    Objects.requireNonNull(hairpinning);
    Objects.requireNonNull(mappingLifetime);
    problems = List.copyOf(problems);
    observations = List.copyOf(observations);
  }

  /** The classic name for the mapping and filtering found (see {@link NatType#classify}). */
  public NatType natType() {
    return NatType.classify(presence, mapping, filtering);
  }

  /**
   * This result, if it names the NAT ({@link NatType#UDP_BLOCKED} counts: it is an answer).
   *
   * @throws NatDiscoveryException when the type is {@link NatType#UNDETERMINED}, with the problems
   */
  public NatBehavior requireClassified() throws NatDiscoveryException {
    if (natType() == NatType.UNDETERMINED) {
      throw new NatDiscoveryException(this);
    }
    return this;
  }

  /** Whether a problem of this kind was seen. */
  public boolean has(Rfc5780Problem.Kind kind) {
    return problems.stream().anyMatch(p -> p.kind() == kind);
  }
}

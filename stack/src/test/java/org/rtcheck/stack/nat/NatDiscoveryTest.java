package org.rtcheck.stack.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rtcheck.stack.nat.FilteringBehavior.ADDRESS_AND_PORT_DEPENDENT;
import static org.rtcheck.stack.nat.FilteringBehavior.ADDRESS_DEPENDENT;
import static org.rtcheck.stack.nat.MappingBehavior.ENDPOINT_INDEPENDENT;
import static org.rtcheck.stack.nat.ScriptedNetwork.ALTERNATE;
import static org.rtcheck.stack.nat.ScriptedNetwork.PRIMARY;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rtcheck.stack.nat.Observation.Outcome;
import org.rtcheck.stack.nat.Rfc5780Problem.Kind;
import org.rtcheck.stack.nat.ScriptedNetwork.Nat;
import org.rtcheck.stack.nat.ScriptedNetwork.Server;
import org.rtcheck.stack.stun.StunAttribute.ChangeRequest;
import org.rtcheck.stack.stun.StunAttribute.ResponsePort;
import org.rtcheck.stack.stun.StunMessage;

/** The sans-IO discovery against scripted NATs and servers, on virtual time. */
class NatDiscoveryTest {

  private static final NatDiscoveryConfig CONFIG = NatDiscoveryConfig.forServer(PRIMARY);

  static Stream<Arguments> grid() {
    Stream.Builder<Arguments> all = Stream.builder();
    for (MappingBehavior m : MappingBehavior.values()) {
      for (FilteringBehavior f : FilteringBehavior.values()) {
        all.add(Arguments.of(m, f));
      }
    }
    return all.build();
  }

  @ParameterizedTest(name = "{0} mapping × {1} filtering")
  @MethodSource("grid")
  void classifiesEveryCellOfTheRfc4787Grid(MappingBehavior m, FilteringBehavior f)
      throws Exception {
    NatBehavior r = ScriptedNetwork.run(CONFIG, new ScriptedNetwork(Nat.of(m, f), Server.RFC5780));

    assertThat(r.presence()).isEqualTo(NatPresence.BEHIND_NAT);
    assertThat(r.mapping()).contains(m);
    assertThat(r.filtering()).contains(f);
    assertThat(r.problems()).isEmpty();
    assertThat(r.mappedAddress().orElseThrow().getAddress()).isEqualTo(ScriptedNetwork.NAT_IP);
    assertThat(r.alternateAddress()).contains(ALTERNATE);
    NatType expected =
        m != ENDPOINT_INDEPENDENT
            ? NatType.SYMMETRIC
            : switch (f) {
              case ENDPOINT_INDEPENDENT -> NatType.FULL_CONE;
              case ADDRESS_DEPENDENT -> NatType.ADDRESS_RESTRICTED_CONE;
              case ADDRESS_AND_PORT_DEPENDENT -> NatType.PORT_RESTRICTED_CONE;
            };
    assertThat(r.natType()).isEqualTo(expected);
    assertThat(r.requireClassified()).isSameAs(r);
  }

  @Test
  void runsTheRfc5780TestsInOrderWithTheRightDestinations() {
    NatBehavior r =
        ScriptedNetwork.run(
            CONFIG,
            new ScriptedNetwork(
                Nat.of(MappingBehavior.ADDRESS_AND_PORT_DEPENDENT, ADDRESS_AND_PORT_DEPENDENT),
                Server.RFC5780));

    assertThat(r.observations())
        .extracting(Observation::test, Observation::from, Observation::to, Observation::outcome)
        .containsExactly(
            tuple(NatTest.BINDING, NatSocket.MAPPING, PRIMARY, Outcome.ANSWERED),
            tuple(
                NatTest.MAPPING_ALTERNATE_IP,
                NatSocket.MAPPING,
                new InetSocketAddress(ALTERNATE.getAddress(), PRIMARY.getPort()),
                Outcome.ANSWERED),
            tuple(
                NatTest.MAPPING_ALTERNATE_ADDRESS, NatSocket.MAPPING, ALTERNATE, Outcome.ANSWERED),
            tuple(
                NatTest.HAIRPINNING,
                NatSocket.MAPPING,
                r.mappedAddress().orElseThrow(),
                Outcome.NO_ANSWER),
            tuple(
                NatTest.FILTERING_CHANGE_IP_AND_PORT,
                NatSocket.FILTERING,
                PRIMARY,
                Outcome.NO_ANSWER),
            tuple(NatTest.FILTERING_CHANGE_PORT, NatSocket.FILTERING, PRIMARY, Outcome.NO_ANSWER));
    // Three mappings for three destinations: the APDM signature.
    assertThat(
            r.observations().subList(0, 3).stream()
                .map(o -> o.mappedAddress().orElseThrow())
                .distinct())
        .hasSize(3);
  }

  private static org.assertj.core.groups.Tuple tuple(Object... values) {
    return org.assertj.core.groups.Tuple.tuple(values);
  }

  @Test
  void endpointIndependentMappingNeedsOnlyTestTwo() {
    NatBehavior r =
        ScriptedNetwork.run(
            CONFIG,
            new ScriptedNetwork(
                Nat.of(ENDPOINT_INDEPENDENT, FilteringBehavior.ENDPOINT_INDEPENDENT),
                Server.RFC5780));

    assertThat(r.observations())
        .extracting(Observation::test)
        .containsExactly(
            NatTest.BINDING,
            NatTest.MAPPING_ALTERNATE_IP,
            NatTest.HAIRPINNING,
            NatTest.FILTERING_CHANGE_IP_AND_PORT);
    Observation filtering = r.observations().get(3);
    assertThat(filtering.respondedFrom()).contains(ALTERNATE);
  }

  @Test
  void hairpinningIsSeenWhenTheNatLoopsTheRequestBack() {
    Nat nat = Nat.of(ENDPOINT_INDEPENDENT, ADDRESS_AND_PORT_DEPENDENT);

    NatBehavior with =
        ScriptedNetwork.run(CONFIG, new ScriptedNetwork(nat.withHairpinning(true), Server.RFC5780));
    NatBehavior without =
        ScriptedNetwork.run(
            CONFIG, new ScriptedNetwork(nat.withHairpinning(false), Server.RFC5780));
    NatBehavior skipped =
        ScriptedNetwork.run(
            CONFIG.withHairpinning(false),
            new ScriptedNetwork(nat.withHairpinning(true), Server.RFC5780));

    assertThat(with.hairpinning()).isEqualTo(Hairpinning.SUPPORTED);
    assertThat(with.observations())
        .filteredOn(o -> o.test() == NatTest.HAIRPINNING)
        .singleElement()
        .satisfies(o -> assertThat(o.respondedFrom()).isEqualTo(with.mappedAddress()));
    assertThat(without.hairpinning()).isEqualTo(Hairpinning.NOT_SUPPORTED);
    assertThat(skipped.hairpinning()).isEqualTo(Hairpinning.NOT_TESTED);
    assertThat(List.of(with, without, skipped))
        .allSatisfy(r -> assertThat(r.natType()).isEqualTo(NatType.PORT_RESTRICTED_CONE));
  }

  @Test
  void noAnswerAtAllIsUdpBlocked() {
    ScriptedNetwork network =
        new ScriptedNetwork(
            Nat.of(ENDPOINT_INDEPENDENT, FilteringBehavior.ENDPOINT_INDEPENDENT),
            Server.UNREACHABLE);

    NatBehavior r = ScriptedNetwork.run(CONFIG, network);

    assertThat(r.presence()).isEqualTo(NatPresence.UDP_BLOCKED);
    assertThat(r.natType()).isEqualTo(NatType.UDP_BLOCKED);
    assertThat(r.mappedAddress()).isEmpty();
    assertThat(r.observations())
        .singleElement()
        .satisfies(o -> assertThat(o.outcome()).isEqualTo(Outcome.NO_ANSWER));
  }

  @Test
  void anErrorResponseToTheFirstBindingIsUndeterminedWithTheCode() {
    NatBehavior r =
        ScriptedNetwork.run(
            CONFIG,
            new ScriptedNetwork(
                Nat.of(ENDPOINT_INDEPENDENT, FilteringBehavior.ENDPOINT_INDEPENDENT),
                Server.REJECTS_EVERYTHING));

    assertThat(r.presence()).isEqualTo(NatPresence.UNKNOWN);
    assertThat(r.natType()).isEqualTo(NatType.UNDETERMINED);
    assertThat(r.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(Kind.ERROR_RESPONSE);
              assertThat(p.detail()).contains("401");
            });
  }

  @Test
  void aServerSendingOnlyMappedAddressStillClassifies() {
    NatBehavior r =
        ScriptedNetwork.run(
            CONFIG,
            new ScriptedNetwork(
                Nat.of(MappingBehavior.ADDRESS_DEPENDENT, ADDRESS_DEPENDENT),
                Server.MAPPED_ADDRESS_ONLY));

    assertThat(r.mapping()).contains(MappingBehavior.ADDRESS_DEPENDENT);
    assertThat(r.filtering()).contains(ADDRESS_DEPENDENT);
    assertThat(r.problems()).isEmpty();
  }

  @Test
  void mappedEqualToLocalIsOpenInternet() {
    NatBehavior r = ScriptedNetwork.run(CONFIG, new ScriptedNetwork(Nat.none(), Server.RFC5780));

    assertThat(r.presence()).isEqualTo(NatPresence.NO_NAT);
    assertThat(r.mappedAddress()).contains(r.localAddress());
    assertThat(r.mapping()).contains(ENDPOINT_INDEPENDENT);
    assertThat(r.filtering()).contains(FilteringBehavior.ENDPOINT_INDEPENDENT);
    assertThat(r.natType()).isEqualTo(NatType.OPEN_INTERNET);
    // RFC 5780 §4.3: without a NAT, mapping tests II and III are not needed.
    assertThat(r.observations())
        .extracting(Observation::test)
        .doesNotContain(NatTest.MAPPING_ALTERNATE_IP, NatTest.MAPPING_ALTERNATE_ADDRESS);
  }

  @Test
  void noNatButAFilterIsAFilteringFirewall() {
    NatBehavior r =
        ScriptedNetwork.run(
            CONFIG,
            new ScriptedNetwork(
                Nat.none().withFiltering(ADDRESS_AND_PORT_DEPENDENT), Server.RFC5780));

    assertThat(r.filtering()).contains(ADDRESS_AND_PORT_DEPENDENT);
    assertThat(r.natType()).isEqualTo(NatType.FILTERING_FIREWALL);
  }

  @Test
  void aServerWithoutOtherAddressLeavesMappingAndFilteringUndetermined() {
    NatBehavior r =
        ScriptedNetwork.run(
            CONFIG,
            new ScriptedNetwork(
                Nat.of(ENDPOINT_INDEPENDENT, ADDRESS_DEPENDENT).withHairpinning(true),
                Server.PLAIN));

    assertThat(r.presence()).isEqualTo(NatPresence.BEHIND_NAT);
    assertThat(r.mappedAddress()).isPresent();
    assertThat(r.mapping()).isEmpty();
    assertThat(r.filtering()).isEmpty();
    assertThat(r.natType()).isEqualTo(NatType.UNDETERMINED);
    assertThat(r.problems())
        .extracting(Rfc5780Problem::kind)
        .containsExactly(Kind.NO_OTHER_ADDRESS);
    // Hairpinning needs only the mapped address, so it still runs.
    assertThat(r.hairpinning()).isEqualTo(Hairpinning.SUPPORTED);
    assertThatThrownBy(r::requireClassified)
        .isInstanceOfSatisfying(
            NatDiscoveryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.NO_OTHER_ADDRESS);
              assertThat(e.behavior()).isSameAs(r);
            })
        .hasMessageContaining("198.51.100.1")
        .hasMessageContaining("OTHER-ADDRESS");
  }

  @Test
  void aSymmetricNatIsNamedEvenWhenFilteringCannotBeTested() {
    NatBehavior r =
        ScriptedNetwork.run(
            CONFIG.withAlternate(ALTERNATE),
            new ScriptedNetwork(
                Nat.of(MappingBehavior.ADDRESS_DEPENDENT, ADDRESS_DEPENDENT),
                Server.IGNORES_CHANGE_REQUEST));

    assertThat(r.mapping()).contains(MappingBehavior.ADDRESS_DEPENDENT);
    assertThat(r.filtering()).isEmpty();
    assertThat(r.natType()).isEqualTo(NatType.SYMMETRIC);
  }

  @Test
  void aServerThatIgnoresChangeRequestIsReportedNotMistakenForEndpointIndependentFiltering() {
    NatBehavior r =
        ScriptedNetwork.run(
            CONFIG,
            new ScriptedNetwork(
                Nat.of(ENDPOINT_INDEPENDENT, FilteringBehavior.ENDPOINT_INDEPENDENT),
                Server.IGNORES_CHANGE_REQUEST));

    assertThat(r.mapping()).contains(ENDPOINT_INDEPENDENT);
    assertThat(r.filtering()).isEmpty();
    assertThat(r.natType()).isEqualTo(NatType.UNDETERMINED);
    assertThat(r.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(Kind.CHANGE_REQUEST_IGNORED);
              assertThat(p.test()).isEqualTo(NatTest.FILTERING_CHANGE_IP_AND_PORT);
              assertThat(p.detail()).contains("198.51.100.1:3478");
            });
  }

  @Test
  void aPlainServerGivenAnAlternateRejectsChangeRequestWith420() {
    NatBehavior r =
        ScriptedNetwork.run(
            CONFIG.withAlternate(ALTERNATE),
            new ScriptedNetwork(
                Nat.of(ENDPOINT_INDEPENDENT, FilteringBehavior.ENDPOINT_INDEPENDENT),
                Server.PLAIN));

    assertThat(r.problems())
        .extracting(Rfc5780Problem::kind)
        .containsExactly(Kind.ALTERNATE_UNREACHABLE, Kind.CHANGE_REQUEST_REJECTED);
    assertThat(r.problems().get(1).detail()).contains("420");
    assertThat(r.natType()).isEqualTo(NatType.UNDETERMINED);
  }

  @Test
  void mappingLifetimeIsBracketedByDoublingThenBisecting() {
    ScriptedNetwork network =
        new ScriptedNetwork(
            Nat.of(ENDPOINT_INDEPENDENT, ADDRESS_AND_PORT_DEPENDENT)
                .withMappingTimeout(Duration.ofSeconds(30)),
            Server.RFC5780);

    NatBehavior r =
        ScriptedNetwork.run(
            CONFIG
                .withMappingLifetime(Duration.ofSeconds(5), Duration.ofSeconds(120))
                .withTimeLimit(Duration.ofMinutes(10)),
            network);

    // 5, 10, 20 survive; 40 does not; then bisection: 30 (gone: the timeout is inclusive), 25,
    // and the bracket [25, 30) is as narrow as the first wait.
    assertThat(r.observations())
        .filteredOn(o -> o.test() == NatTest.LIFETIME_CHECK)
        .extracting(o -> o.silence().toMillis(), o -> o.outcome())
        .containsExactly(
            tuple(5_000L, Outcome.ANSWERED),
            tuple(10_000L, Outcome.ANSWERED),
            tuple(20_000L, Outcome.ANSWERED),
            tuple(40_000L, Outcome.NO_ANSWER),
            tuple(30_000L, Outcome.NO_ANSWER),
            tuple(25_000L, Outcome.ANSWERED));
    MappingLifetime lifetime = r.mappingLifetime().orElseThrow();
    assertThat(lifetime.atLeast()).isEqualTo(Duration.ofSeconds(25));
    assertThat(lifetime.lessThan()).contains(Duration.ofSeconds(30));
    assertThat(lifetime.outlivedMaximum()).isFalse();
    assertThat(r.problems()).isEmpty();
  }

  @Test
  void aMappingThatOutlivesTheMaximumIsReportedAsAtLeastTheMaximum() {
    NatBehavior r =
        ScriptedNetwork.run(
            CONFIG.withMappingLifetime(Duration.ofSeconds(1), Duration.ofSeconds(3)),
            new ScriptedNetwork(
                Nat.of(ENDPOINT_INDEPENDENT, ADDRESS_AND_PORT_DEPENDENT), Server.RFC5780));

    assertThat(r.observations())
        .filteredOn(o -> o.test() == NatTest.LIFETIME_CHECK)
        .extracting(o -> o.silence().toMillis())
        .containsExactly(1_000L, 2_000L, 3_000L);
    assertThat(r.mappingLifetime())
        .hasValueSatisfying(
            l -> {
              assertThat(l.atLeast()).isEqualTo(Duration.ofSeconds(3));
              assertThat(l.outlivedMaximum()).isTrue();
            });
  }

  @Test
  void aServerWithoutResponsePortIsReportedAndTheLifetimeLeftOut() {
    NatBehavior r =
        ScriptedNetwork.run(
            CONFIG.withMappingLifetime(Duration.ofSeconds(1), Duration.ofSeconds(3)),
            new ScriptedNetwork(
                Nat.of(ENDPOINT_INDEPENDENT, ADDRESS_DEPENDENT), Server.NO_RESPONSE_PORT));

    assertThat(r.problems()).extracting(Rfc5780Problem::kind).contains(Kind.RESPONSE_PORT_REJECTED);
    assertThat(r.mappingLifetime()).isEmpty();
    assertThat(r.natType()).isEqualTo(NatType.ADDRESS_RESTRICTED_CONE);
  }

  @Test
  void theTimeLimitCutsDiscoveryShortWithAProblemNotAnException() {
    NatBehavior r =
        ScriptedNetwork.run(
            CONFIG
                .withMappingLifetime(Duration.ofSeconds(10), Duration.ofSeconds(60))
                .withTimeLimit(Duration.ofSeconds(15)),
            new ScriptedNetwork(
                Nat.of(ENDPOINT_INDEPENDENT, FilteringBehavior.ENDPOINT_INDEPENDENT),
                Server.RFC5780));

    assertThat(r.natType()).isEqualTo(NatType.FULL_CONE);
    assertThat(r.problems()).extracting(Rfc5780Problem::kind).containsExactly(Kind.TIME_LIMIT);
    assertThat(r.observations().get(r.observations().size() - 1).outcome())
        .isEqualTo(Outcome.CUT_SHORT);
  }

  @Test
  void requestsCarryTheRfc5780AttributesEachTestNeeds() {
    ScriptedNetwork network =
        new ScriptedNetwork(
            Nat.of(ENDPOINT_INDEPENDENT, ADDRESS_AND_PORT_DEPENDENT), Server.RFC5780);
    NatDiscovery d =
        new NatDiscovery(
            CONFIG.withMappingLifetime(Duration.ofSeconds(1), Duration.ofSeconds(1)),
            network.localAddresses());
    long now = 0;
    d.start(now);
    Map<NatTest, StunMessage> firstRequest = new EnumMap<>(NatTest.class);
    while (!d.isDone()) {
      for (var t = d.pollTransmit(); t.isPresent(); t = d.pollTransmit()) {
        StunMessage m = decode(t.get().data());
        firstRequest.putIfAbsent(t.get().test(), m);
        for (ScriptedNetwork.Delivery del : network.send(t.get(), now)) {
          d.handleDatagram(del.to(), del.from(), del.data(), now);
        }
      }
      if (!d.isDone()) {
        now = d.pollTimeout().orElseThrow();
        d.handleTimeout(now);
      }
    }
    assertThat(firstRequest.get(NatTest.BINDING).attributes()).isEmpty();
    assertThat(firstRequest.get(NatTest.FILTERING_CHANGE_IP_AND_PORT).first(ChangeRequest.class))
        .contains(new ChangeRequest(true, true));
    assertThat(firstRequest.get(NatTest.FILTERING_CHANGE_PORT).first(ChangeRequest.class))
        .contains(new ChangeRequest(false, true));
    assertThat(firstRequest.get(NatTest.LIFETIME_CHECK).first(ResponsePort.class))
        .hasValueSatisfying(p -> assertThat(p.port()).isBetween(40000, 40010));
  }

  @Test
  void garbageAndStrangersAreIgnored() {
    ScriptedNetwork network =
        new ScriptedNetwork(
            Nat.of(ENDPOINT_INDEPENDENT, FilteringBehavior.ENDPOINT_INDEPENDENT), Server.RFC5780);
    NatDiscovery d = new NatDiscovery(CONFIG, network.localAddresses());
    d.start(0);
    d.handleDatagram(NatSocket.MAPPING, PRIMARY, new byte[] {1, 2, 3}, 1);
    d.handleDatagram(NatSocket.MAPPING, PRIMARY, new byte[20], 1);
    byte[] stranger =
        StunMessage.builder(
                org.rtcheck.stack.stun.StunClass.SUCCESS_RESPONSE,
                StunMessage.BINDING,
                org.rtcheck.stack.stun.TransactionId.random())
            .encode();
    d.handleDatagram(NatSocket.MAPPING, PRIMARY, stranger, 1);
    assertThat(d.isDone()).isFalse();
    ScriptedNetwork.flush(d, network, 2);
    assertThat(d.isDone()).isFalse(); // the real answer moved it on to the next test
  }

  @Test
  void badArgumentsAreRejectedUpFront() {
    assertThatThrownBy(() -> new NatDiscovery(CONFIG, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MAPPING");
    Map<NatSocket, InetSocketAddress> wildcard =
        new EnumMap<>(new ScriptedNetwork(Nat.none(), Server.RFC5780).localAddresses());
    wildcard.put(NatSocket.MAPPING, new InetSocketAddress(5000));
    assertThatThrownBy(() -> new NatDiscovery(CONFIG, wildcard))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("concrete");
    assertThatThrownBy(
            () ->
                CONFIG.withAlternate(
                    new InetSocketAddress(PRIMARY.getAddress(), ALTERNATE.getPort())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both IP address and port");
    assertThatThrownBy(() -> CONFIG.withMappingLifetime(Duration.ofSeconds(5), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("first <= max");
    assertThatThrownBy(() -> CONFIG.withTimeLimit(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    NatDiscovery d =
        new NatDiscovery(CONFIG, new ScriptedNetwork(Nat.none(), Server.RFC5780).localAddresses());
    assertThatThrownBy(d::result).isInstanceOf(IllegalStateException.class);
    d.start(0);
    assertThatThrownBy(() -> d.start(0)).isInstanceOf(IllegalStateException.class);
    assertThat(Optional.of(d.pollTimeout())).isPresent();
  }

  private static StunMessage decode(byte[] data) {
    try {
      return StunMessage.decode(data);
    } catch (org.rtcheck.stack.stun.StunParseException e) {
      throw new AssertionError(e);
    }
  }
}

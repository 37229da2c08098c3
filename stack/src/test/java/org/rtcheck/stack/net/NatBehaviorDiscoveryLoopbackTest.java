package org.rtcheck.stack.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcheck.stack.nat.Hairpinning;
import org.rtcheck.stack.nat.MappingBehavior;
import org.rtcheck.stack.nat.NatBehavior;
import org.rtcheck.stack.nat.NatDiscoveryConfig;
import org.rtcheck.stack.nat.NatPresence;
import org.rtcheck.stack.nat.NatType;
import org.rtcheck.stack.nat.Rfc5780Problem;

/**
 * The driver over real loopback sockets against the own (plain RFC 8489) Binding server. The RFC
 * 5780 server case is the coturn test in the interop module.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NatBehaviorDiscoveryLoopbackTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void aPlainServerOnLoopbackIsOpenInternetWithoutRfc5780() throws Exception {
    try (StunBindingServer server = StunBindingServer.start(new InetSocketAddress(LOOPBACK, 0))) {
      NatBehavior r =
          NatBehaviorDiscovery.discover(NatDiscoveryConfig.forServer(server.localAddress()));

      assertThat(r.presence()).isEqualTo(NatPresence.NO_NAT);
      assertThat(r.mappedAddress()).contains(r.localAddress());
      assertThat(r.localAddress().getAddress()).isEqualTo(LOOPBACK);
      assertThat(r.software()).contains(StunBindingServer.SOFTWARE);
      assertThat(r.mapping()).contains(MappingBehavior.ENDPOINT_INDEPENDENT);
      assertThat(r.filtering()).isEmpty();
      // The request to the own mapped address lands on the own socket: nothing translates.
      assertThat(r.hairpinning()).isEqualTo(Hairpinning.SUPPORTED);
      assertThat(r.natType()).isEqualTo(NatType.OPEN_INTERNET);
      assertThat(r.problems())
          .extracting(Rfc5780Problem::kind)
          .containsExactly(Rfc5780Problem.Kind.NO_OTHER_ADDRESS);
    }
  }

  @Test
  void aPlainServerRejectsChangeRequestWith420() throws Exception {
    try (StunBindingServer server = StunBindingServer.start(new InetSocketAddress(LOOPBACK, 0))) {
      InetSocketAddress primary = server.localAddress();
      NatBehavior r =
          NatBehaviorDiscovery.discover(
              NatDiscoveryConfig.forServer(primary)
                  .withHairpinning(false)
                  .withAlternate(
                      new InetSocketAddress(
                          InetAddress.getByName("127.0.0.2"), primary.getPort() + 1)));

      assertThat(r.problems())
          .extracting(Rfc5780Problem::kind)
          .containsExactly(Rfc5780Problem.Kind.CHANGE_REQUEST_REJECTED);
      assertThat(r.problems().get(0).detail()).contains("420");
      assertThat(r.natType()).isEqualTo(NatType.OPEN_INTERNET);
    }
  }

  @Test
  void nothingListeningIsUdpBlockedWithinTheRetransmissionTimeout() throws Exception {
    InetSocketAddress silent;
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      silent = (InetSocketAddress) s.getLocalSocketAddress();
    }
    long start = System.nanoTime();
    NatBehavior r = NatBehaviorDiscovery.discover(NatDiscoveryConfig.forServer(silent));

    assertThat(r.natType()).isEqualTo(NatType.UDP_BLOCKED);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void theTimeLimitBoundsTheCall() throws Exception {
    InetSocketAddress silent;
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      silent = (InetSocketAddress) s.getLocalSocketAddress();
    }
    NatBehavior r =
        NatBehaviorDiscovery.discover(
            NatDiscoveryConfig.forServer(silent).withTimeLimit(Duration.ofMillis(300)));

    assertThat(r.natType()).isEqualTo(NatType.UDP_BLOCKED);
    assertThat(r.has(Rfc5780Problem.Kind.TIME_LIMIT)).isTrue();
  }

  @Test
  void aWildcardLocalAddressIsRefused() {
    assertThatThrownBy(
            () ->
                NatBehaviorDiscovery.discover(
                    NatDiscoveryConfig.forServer(new InetSocketAddress(LOOPBACK, 3478)),
                    Optional.of(InetAddress.getByName("0.0.0.0"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("concrete");
    assertThatThrownBy(
            () ->
                NatBehaviorDiscovery.discover(
                    NatDiscoveryConfig.forServer(new InetSocketAddress(LOOPBACK, 3478)),
                    Optional.of(InetAddress.getByName("::1"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("address families");
  }
}

package org.rtcheck.stack.turn;

import java.time.Duration;
import java.util.Objects;
import org.rtcheck.stack.stun.RetransmissionPolicy;

/**
 * What a {@link TurnClient} asks for.
 *
 * @param username long-term credential user name (RFC 8489 §9.2)
 * @param password its password
 * @param transport how the server is reached; decides retransmission and ChannelData padding
 * @param expectedRealm when non-null, a server REALM different from it fails the allocation
 * @param addressFamily REQUESTED-ADDRESS-FAMILY (RFC 8656 §18.6: 1 IPv4, 2 IPv6), 0 to omit it
 * @param lifetime the LIFETIME to ask for in Allocate and Refresh, or null for the server's default
 * @param retransmission the UDP request retransmission policy (RFC 8489 §6.2.1)
 */
public record TurnConfig(
    String username,
    String password,
    TurnTransport transport,
    String expectedRealm,
    int addressFamily,
    Duration lifetime,
    RetransmissionPolicy retransmission) {

  public TurnConfig {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(retransmission, "retransmission");
    if (addressFamily != 0 && addressFamily != 1 && addressFamily != 2) {
      throw new IllegalArgumentException("address family must be 0, 1 (IPv4) or 2 (IPv6)");
    }
    if (lifetime != null && (lifetime.isNegative() || lifetime.getSeconds() > 0xFFFF_FFFFL)) {
      throw new IllegalArgumentException("lifetime must be 0..2^32-1 s: " + lifetime);
    }
  }

  /** UDP, IPv4, the server's default lifetime, the RFC 8489 default retransmission. */
  public static TurnConfig of(String username, String password) {
    return new TurnConfig(
        username, password, TurnTransport.UDP, null, 1, null, RetransmissionPolicy.DEFAULT);
  }

  public TurnConfig withTransport(TurnTransport t) {
    return new TurnConfig(
        username, password, t, expectedRealm, addressFamily, lifetime, retransmission);
  }

  public TurnConfig withExpectedRealm(String realm) {
    return new TurnConfig(
        username, password, transport, realm, addressFamily, lifetime, retransmission);
  }

  public TurnConfig withLifetime(Duration l) {
    return new TurnConfig(
        username, password, transport, expectedRealm, addressFamily, l, retransmission);
  }

  public TurnConfig withRetransmission(RetransmissionPolicy p) {
    return new TurnConfig(username, password, transport, expectedRealm, addressFamily, lifetime, p);
  }
}

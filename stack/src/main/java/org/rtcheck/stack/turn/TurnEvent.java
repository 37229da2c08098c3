package org.rtcheck.stack.turn;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** What a {@link TurnClient} reports. */
public sealed interface TurnEvent {

  /** The allocation exists (RFC 8656 §7.3): relayed and server-reflexive addresses, lifetime. */
  record Allocated(InetSocketAddress relayed, InetSocketAddress mapped, Duration lifetime)
      implements TurnEvent {}

  record AllocationFailed(TurnError error) implements TurnEvent {}

  /** A Refresh succeeded with this lifetime (RFC 8656 §8). */
  record Refreshed(Duration lifetime) implements TurnEvent {}

  record RefreshFailed(TurnError error) implements TurnEvent {}

  /** A Refresh with lifetime 0 deleted the allocation (RFC 8656 §8). */
  record Deleted() implements TurnEvent {}

  /** The lifetime ran out without a successful Refresh. */
  record Expired() implements TurnEvent {}

  record PermissionCreated(List<InetAddress> peers) implements TurnEvent {}

  record PermissionFailed(List<InetAddress> peers, TurnError error) implements TurnEvent {}

  record ChannelBound(InetSocketAddress peer, int channel) implements TurnEvent {}

  record ChannelBindFailed(InetSocketAddress peer, int channel, TurnError error)
      implements TurnEvent {}

  /**
   * Data from {@code peer} through the allocation: a Data indication ({@code channel} -1) or
   * ChannelData on {@code channel}.
   */
  record DataReceived(InetSocketAddress peer, byte[] data, int channel) implements TurnEvent {}
}

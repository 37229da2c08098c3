package org.rtcheck.interop.netem;

import java.util.Locale;
import java.util.Optional;

/**
 * What one {@link LanDataChannelRun} measured between two {@link LanPeer}s.
 *
 * @param offerer the offering stack (it creates the channel and sends)
 * @param answerer the answering stack (it receives)
 * @param setupMs the offerer's time from creating its peer connection to the channel open
 * @param bytes bytes sent
 * @param transferMs from the send request to the receiver holding every byte
 * @param intact whether every byte arrived and the receiver's SHA-256 equals the sender's
 * @param localType the selected pair's local candidate type as the offerer's stats say ({@code
 *     host}, {@code srflx}, {@code prflx}, {@code relay}), if it says
 * @param remoteType the selected pair's remote candidate type, likewise
 */
public record DataChannelOutcome(
    PeerStack offerer,
    PeerStack answerer,
    long setupMs,
    long bytes,
    long transferMs,
    boolean intact,
    Optional<String> localType,
    Optional<String> remoteType) {

  /** Whether the selected pair has a relayed candidate on either side. */
  public boolean relayed() {
    return localType.filter("relay"::equals).isPresent()
        || remoteType.filter("relay"::equals).isPresent();
  }

  /** Whether the stats named the selected pair at all. */
  public boolean pairKnown() {
    return localType.isPresent() && remoteType.isPresent();
  }

  /** Application bytes per second, in MB/s (10^6). */
  public double megabytesPerSecond() {
    return transferMs <= 0 ? 0 : bytes / 1e3 / transferMs;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s -> %s: open in %d ms, %d bytes in %d ms (%.2f MB/s)%s, pair %s -> %s",
        offerer.label(),
        answerer.label(),
        setupMs,
        bytes,
        transferMs,
        megabytesPerSecond(),
        intact ? " intact" : " NOT INTACT",
        localType.orElse("?"),
        remoteType.orElse("?"));
  }
}

package org.rtcheck.interop.relay;

import java.util.Locale;
import java.util.Objects;

/**
 * One rule of an {@link ImpairingUdpRelay}: what to do with the first {@code times} datagrams of a
 * direction that carry {@code match}.
 *
 * @param direction which way the datagram travels
 * @param match a content name from {@link org.rtcheck.stack.dtls.DtlsDatagramContents} ({@code
 *     client_hello}, {@code finished}, …) or {@code any}
 * @param action what to do with it
 * @param times how many matching datagrams to treat (at least 1)
 */
public record Impairment(Direction direction, String match, Action action, int times) {

  /** The way a datagram travels through the relay. */
  public enum Direction {
    TO_SERVER,
    TO_CLIENT;

    public static Direction parse(String text) {
      return switch (text) {
        case "to-server" -> TO_SERVER;
        case "to-client" -> TO_CLIENT;
        default ->
            throw new IllegalArgumentException(
                "direction must be to-server or to-client, got \"" + text + "\"");
      };
    }
  }

  /** What happens to a matching datagram. */
  public enum Action {
    /** Lost: never forwarded. */
    DROP,
    /** Reordered: forwarded right after the next datagram of the same direction (or 500 ms). */
    HOLD,
    /**
     * Forwarded, and then the same bytes again from another port of the relay: a datagram from an
     * address that is not the peer's.
     */
    COPY_FROM_OTHER_PORT;

    public static Action parse(String text) {
      return switch (text) {
        case "drop" -> DROP;
        case "hold" -> HOLD;
        case "copy-from-other-port" -> COPY_FROM_OTHER_PORT;
        default ->
            throw new IllegalArgumentException(
                "action must be drop, hold or copy-from-other-port, got \"" + text + "\"");
      };
    }
  }

  public Impairment {
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(action, "action");
    match = Objects.requireNonNull(match, "match").toLowerCase(Locale.ROOT);
    if (times < 1) {
      throw new IllegalArgumentException("times must be at least 1, got " + times);
    }
  }

  boolean matches(Direction d, java.util.List<String> contents) {
    return d == direction && ("any".equals(match) || contents.contains(match));
  }
}

package org.rtcheck.interop.netem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Impairment of a NAT router's links, applied in both directions: random loss (nftables {@code
 * numgen}), a bandwidth limit (a {@code tbf} qdisc) and delay with jitter (the {@code netem} qdisc,
 * which not every kernel has: see {@link UnsupportedImpairmentException}).
 *
 * <p>Written as {@code loss=5%,rate=1mbit,delay=40ms,jitter=10ms}; every key is optional.
 *
 * @param lossPercent percentage of packets dropped at random, 0..100
 * @param rateBitsPerSecond bandwidth limit, if any
 * @param delay one-way delay added per direction, if any
 * @param jitter variation of that delay, if any (needs a delay)
 */
public record LinkImpairment(
    int lossPercent,
    OptionalLong rateBitsPerSecond,
    Optional<Duration> delay,
    Optional<Duration> jitter) {

  private static final Pattern DURATION = Pattern.compile("([0-9]+)(us|ms|s)");
  private static final Pattern RATE = Pattern.compile("([0-9]+)(bit|kbit|mbit|gbit)");
  private static final Pattern PERCENT = Pattern.compile("([0-9]+)%?");

  public static final LinkImpairment NONE =
      new LinkImpairment(0, OptionalLong.empty(), Optional.empty(), Optional.empty());

  public LinkImpairment {
    if (lossPercent < 0 || lossPercent > 100) {
      throw new IllegalArgumentException("loss must be 0..100 %, got " + lossPercent);
    }
    if (rateBitsPerSecond.isPresent() && rateBitsPerSecond.getAsLong() < 8_000) {
      throw new IllegalArgumentException(
          "rate must be at least 8kbit, got " + rateBitsPerSecond.getAsLong() + " bit/s");
    }
    if (jitter.isPresent() && delay.isEmpty()) {
      throw new IllegalArgumentException("jitter needs a delay (e.g. delay=40ms,jitter=10ms)");
    }
  }

  public boolean isNone() {
    return lossPercent == 0 && rateBitsPerSecond.isEmpty() && delay.isEmpty();
  }

  /** Whether applying this needs a delaying queue: {@code sch_netem}, else {@link ForwardDelay}. */
  public boolean needsNetem() {
    return delay.isPresent();
  }

  /**
   * Parses {@code key=value} pairs separated by commas: {@code loss=N%}, {@code rate=N(bit|kbit|
   * mbit|gbit)}, {@code delay=N(us|ms|s)}, {@code jitter=N(us|ms|s)}. An empty text or {@code none}
   * is no impairment.
   */
  public static LinkImpairment parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.isEmpty() || t.equals("none")) {
      return NONE;
    }
    int loss = 0;
    OptionalLong rate = OptionalLong.empty();
    Optional<Duration> delay = Optional.empty();
    Optional<Duration> jitter = Optional.empty();
    List<String> seen = new ArrayList<>();
    int position = 0;
    for (String part : t.split(",", -1)) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw bad(text, position, "expected key=value, got \"" + part + "\"");
      }
      String key = part.substring(0, eq).trim();
      String value = part.substring(eq + 1).trim();
      if (seen.contains(key)) {
        throw bad(text, position, "\"" + key + "\" given twice");
      }
      seen.add(key);
      switch (key) {
        case "loss" -> {
          Matcher m = PERCENT.matcher(value);
          if (!m.matches()) {
            throw bad(
                text, position, "loss must be a whole percentage like 5%, got \"" + value + "\"");
          }
          loss = Integer.parseInt(m.group(1));
          if (loss > 100) {
            throw bad(text, position, "loss must be 0..100 %, got " + loss);
          }
        }
        case "rate" -> {
          Matcher m = RATE.matcher(value);
          if (!m.matches()) {
            throw bad(text, position, "rate must be like 500kbit or 2mbit, got \"" + value + "\"");
          }
          long n = Long.parseLong(m.group(1));
          long unit =
              switch (m.group(2)) {
                case "kbit" -> 1_000L;
                case "mbit" -> 1_000_000L;
                case "gbit" -> 1_000_000_000L;
                default -> 1L;
              };
          rate = OptionalLong.of(Math.multiplyExact(n, unit));
        }
        case "delay" -> delay = Optional.of(duration(text, position, key, value));
        case "jitter" -> jitter = Optional.of(duration(text, position, key, value));
        default ->
            throw bad(
                text, position, "unknown key \"" + key + "\" (known: loss, rate, delay, jitter)");
      }
      position += part.length() + 1;
    }
    try {
      return new LinkImpairment(loss, rate, delay, jitter);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("impairment \"" + text + "\": " + e.getMessage(), e);
    }
  }

  private static Duration duration(String text, int position, String key, String value) {
    Matcher m = DURATION.matcher(value);
    if (!m.matches()) {
      throw bad(text, position, key + " must be like 40ms, 500us or 1s, got \"" + value + "\"");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "us" -> Duration.ofNanos(n * 1_000);
      case "ms" -> Duration.ofMillis(n);
      default -> Duration.ofSeconds(n);
    };
  }

  private static IllegalArgumentException bad(String text, int position, String what) {
    return new IllegalArgumentException(
        "impairment \"" + text + "\" at character " + position + ": " + what);
  }

  @Override
  public String toString() {
    if (isNone()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    if (lossPercent > 0) {
      parts.add("loss=" + lossPercent + "%");
    }
    rateBitsPerSecond.ifPresent(r -> parts.add("rate=" + r + "bit"));
    delay.ifPresent(d -> parts.add("delay=" + d.toNanos() / 1000 + "us"));
    jitter.ifPresent(j -> parts.add("jitter=" + j.toNanos() / 1000 + "us"));
    return String.join(",", parts);
  }
}

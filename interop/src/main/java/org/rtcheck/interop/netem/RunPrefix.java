package org.rtcheck.interop.netem;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The prefix every namespace of one run carries, e.g. {@code rtc4711b-}: {@code rtc}, the owning
 * process id, a letter per network built by that process, and a dash. Short, because namespace
 * names end up in {@code ip netns list} and in log lines.
 */
public final class RunPrefix {
  private static final Pattern VALID = Pattern.compile("rtc[a-z0-9]{1,16}-");
  private static final AtomicInteger NEXT = new AtomicInteger();

  private RunPrefix() {}

  /** A fresh prefix for a network built by this process. */
  public static String next() {
    int n = NEXT.getAndIncrement();
    StringBuilder letters = new StringBuilder();
    do {
      letters.insert(0, (char) ('a' + n % 26));
      n = n / 26 - 1;
    } while (n >= 0);
    return "rtc" + ProcessHandle.current().pid() + letters + "-";
  }

  public static boolean isValid(String prefix) {
    return prefix != null && VALID.matcher(prefix).matches();
  }

  public static String requireValid(String prefix) {
    if (!isValid(prefix)) {
      throw new IllegalArgumentException(
          "run prefix must look like rtc<letters/digits>- (e.g. rtc4711a-), got \""
              + prefix
              + "\"");
    }
    return prefix;
  }
}

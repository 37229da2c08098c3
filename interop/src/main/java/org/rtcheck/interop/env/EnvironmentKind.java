package org.rtcheck.interop.env;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where fixtures and browsers run. */
public enum EnvironmentKind {
  /** Host processes (coturn, browsers, shims) and network namespaces. */
  LOCAL,
  /** The same as containers through Testcontainers, from the images in browsers-docker. */
  DOCKER,
  /** Browsers from a Selenium Grid ({@code rtcheck.grid.url}); fixtures as in {@code local}. */
  GRID;

  /** The name used on the command line and in reports: {@code local}, {@code docker}, … */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code local}, {@code docker} or {@code grid} (any case).
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static EnvironmentKind parse(String value) {
    for (EnvironmentKind k : values()) {
      if (k.id().equalsIgnoreCase(value.trim())) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown environment \""
            + value
            + "\"; one of: auto, "
            + Arrays.stream(values()).map(EnvironmentKind::id).collect(Collectors.joining(", ")));
  }
}

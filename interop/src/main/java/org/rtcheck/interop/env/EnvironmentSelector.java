package org.rtcheck.interop.env;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Turns {@code rtcheck.env} ({@code auto}, {@code local}, {@code docker}, {@code grid}) and {@code
 * rtcheck.grid.url} into an {@link EnvironmentChoice}. {@code auto} picks {@code docker} when a
 * Docker engine answers its ping, else {@code local}; the reason says which and why.
 */
public final class EnvironmentSelector {

  /** System property / configuration parameter naming the environment. */
  public static final String ENV_PROPERTY = "rtcheck.env";

  /** System property / configuration parameter with the Selenium Grid URL. */
  public static final String GRID_URL_PROPERTY = "rtcheck.grid.url";

  private final DockerEngineProbe docker;

  public EnvironmentSelector(DockerEngineProbe docker) {
    this.docker = docker;
  }

  /**
   * @param requested {@code auto}, {@code local}, {@code docker} or {@code grid}; null means auto
   * @param gridUrl the Grid URL, needed for {@code grid}
   * @throws IllegalArgumentException for an unknown environment, a grid without a usable URL, or
   *     {@code docker} asked for where no engine answers (the message says why)
   */
  public EnvironmentChoice choose(String requested, String gridUrl) {
    String r = requested == null || requested.isBlank() ? "auto" : requested.trim();
    if (r.equalsIgnoreCase("auto")) {
      DockerEngineProbe.Answer a = docker.ping();
      if (a.answers()) {
        return new EnvironmentChoice(
            EnvironmentKind.DOCKER,
            "auto: Docker engine " + a.version().orElse("?") + " answers at " + a.endpoint(),
            a.version(),
            Optional.empty());
      }
      return new EnvironmentChoice(
          EnvironmentKind.LOCAL,
          "auto: no Docker engine (" + a.detail() + ")",
          Optional.empty(),
          Optional.empty());
    }
    EnvironmentKind kind = EnvironmentKind.parse(r);
    switch (kind) {
      case LOCAL:
        return new EnvironmentChoice(
            kind, "asked for: host processes", Optional.empty(), Optional.empty());
      case DOCKER:
        DockerEngineProbe.Answer a = docker.ping();
        if (!a.answers()) {
          throw new IllegalArgumentException(
              "environment docker: no Docker engine answers (" + a.detail() + ")");
        }
        return new EnvironmentChoice(
            kind,
            "asked for: Docker engine " + a.version().orElse("?") + " at " + a.endpoint(),
            a.version(),
            Optional.empty());
      case GRID:
      default:
        URI url = gridUri(gridUrl);
        return new EnvironmentChoice(
            kind, "asked for: Selenium Grid at " + url, Optional.empty(), Optional.of(url));
    }
  }

  private static URI gridUri(String gridUrl) {
    if (gridUrl == null || gridUrl.isBlank()) {
      throw new IllegalArgumentException(
          "environment grid needs a Grid URL (--grid-url or -D" + GRID_URL_PROPERTY + ")");
    }
    try {
      URI u = new URI(gridUrl.trim());
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
        throw new IllegalArgumentException(
            "Grid URL \"" + gridUrl + "\" must be http(s)://host[:port][/path]");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "Grid URL \"" + gridUrl + "\" is not a URI: " + e.getMessage(), e);
    }
  }
}

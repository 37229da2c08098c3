package org.rtcheck.interop.env;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The environment a run uses, why, and what it found (engine version, Grid URL), as printed at the
 * start of a run and recorded in the report's environment.
 */
public record EnvironmentChoice(
    EnvironmentKind kind, String reason, Optional<String> dockerVersion, Optional<URI> gridUrl) {

  public EnvironmentChoice {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(dockerVersion, "dockerVersion");
    Objects.requireNonNull(gridUrl, "gridUrl");
    if (kind == EnvironmentKind.GRID && gridUrl.isEmpty()) {
      throw new IllegalArgumentException("the grid environment needs a Grid URL");
    }
  }

  /** One line for the console: {@code environment: docker (Docker engine 20.10.24 answers …)}. */
  public String describe() {
    return "environment: " + kind.id() + " (" + reason + ")";
  }

  /** Entries for Allure's environment.properties. */
  public Map<String, String> properties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("environment", kind.id());
    p.put("environment.reason", reason);
    dockerVersion.ifPresent(v -> p.put("docker.engine", v));
    gridUrl.ifPresent(u -> p.put("grid.url", u.toString()));
    return p;
  }
}

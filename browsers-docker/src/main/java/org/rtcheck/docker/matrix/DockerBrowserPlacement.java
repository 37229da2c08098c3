package org.rtcheck.docker.matrix;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rtcheck.docker.browser.ChromiumContainer;
import org.rtcheck.docker.browser.FirefoxContainer;
import org.rtcheck.docker.image.DebianImage;
import org.rtcheck.engine.shim.ShimDescriptor;
import org.rtcheck.engine.shim.ShimPlacement;
import org.rtcheck.engine.subject.SubjectException;

/**
 * Under {@code rtcheck.env=docker}, the browser shim's browser is a container on the {@link
 * MatrixRun}'s network, one per shim process and removed with it; the image ({@code
 * RTCHECK_CONTAINER_IMAGE}) is named in the subject's version in the report. Chromium: a {@link
 * ChromiumContainer}; the shim is told chromedriver's URL ({@code RTCHECK_WEBDRIVER_URL}, used like
 * a Grid URL) and the host's address on the network to serve its page on ({@code
 * RTCHECK_PAGE_HOST}, the gateway: the container reaches the host there). Firefox: a {@link
 * FirefoxContainer}; the shim is told the BiDi WebSocket ({@code RTCHECK_BIDI_URL}), the Host
 * header the agent insists on ({@code RTCHECK_BIDI_HOST}) and the secure origin inside the
 * container to load its scripts into ({@code RTCHECK_BIDI_ORIGIN}). Other shims and other
 * environments are left as they are.
 */
public final class DockerBrowserPlacement implements ShimPlacement {

  static final String CHROMIUM = "chromium";
  static final String FIREFOX = "firefox";

  @Override
  public Optional<Lease> place(ShimDescriptor shim) throws SubjectException {
    if (!DockerAvailability.selected()
        || !(CHROMIUM.equals(shim.id()) || FIREFOX.equals(shim.id()))) {
      return Optional.empty();
    }
    DockerAvailability.require();
    MatrixRun matrix = MatrixRun.acquire();
    AutoCloseable container = null;
    try {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("RTCHECK_CONTAINER_IMAGE", DebianImage.of(shim.id()).tag());
      if (CHROMIUM.equals(shim.id())) {
        ChromiumContainer chromium = ChromiumContainer.start(matrix.run(), matrix.network());
        container = chromium;
        env.put("RTCHECK_WEBDRIVER_URL", chromium.webDriverUrl().toString());
        env.put("RTCHECK_PAGE_HOST", matrix.gateway().getHostAddress());
        env.put("RTCHECK_CHROMIUM", "/usr/bin/chromium");
      } else {
        FirefoxContainer firefox = FirefoxContainer.start(matrix.run(), matrix.network());
        container = firefox;
        firefox.awaitAgent();
        env.put("RTCHECK_BIDI_URL", firefox.bidiUrl().toString());
        env.put("RTCHECK_BIDI_HOST", FirefoxContainer.agentHost());
        env.put("RTCHECK_BIDI_ORIGIN", FirefoxContainer.secureOrigin().toString());
      }
      return Optional.of(new Placed(env, container, matrix));
    } catch (IOException | RuntimeException e) {
      closeQuietly(container);
      MatrixRun.release(matrix);
      throw new SubjectException(
          SubjectException.SUBJECT_FAILURE,
          "cannot start the " + shim.id() + " container: " + e,
          null,
          e);
    }
  }

  private static void closeQuietly(AutoCloseable container) {
    if (container != null) {
      try {
        container.close();
      } catch (Exception e) {
        // the run's label sweep removes it
      }
    }
  }

  /** A container placed for one shim process, and the shared run it holds. */
  static final class Placed implements Lease {
    private final Map<String, String> variables;
    private final Optional<List<String>> command;
    private final AutoCloseable container;
    private final MatrixRun matrix;
    private boolean closed;

    Placed(Map<String, String> variables, AutoCloseable container, MatrixRun matrix) {
      this(variables, Optional.empty(), container, matrix);
    }

    Placed(
        Map<String, String> variables,
        Optional<List<String>> command,
        AutoCloseable container,
        MatrixRun matrix) {
      this.variables = Map.copyOf(variables);
      this.command = command.map(List::copyOf);
      this.container = container;
      this.matrix = matrix;
    }

    @Override
    public Map<String, String> variables() {
      return variables;
    }

    @Override
    public Optional<List<String>> command() {
      return command;
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        container.close();
      } catch (Exception e) {
        // the run's close below removes it by label
      } finally {
        MatrixRun.release(matrix);
      }
    }
  }
}

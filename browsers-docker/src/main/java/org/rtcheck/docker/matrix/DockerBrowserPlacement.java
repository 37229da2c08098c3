package org.rtcheck.docker.matrix;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.rtcheck.docker.browser.ChromiumContainer;
import org.rtcheck.docker.image.DebianImage;
import org.rtcheck.engine.shim.ShimDescriptor;
import org.rtcheck.engine.shim.ShimPlacement;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.interop.env.DockerEngineProbe;

/**
 * Under {@code rtcheck.env=docker}, the browser shim's Chromium is a {@link ChromiumContainer} on
 * the {@link MatrixRun}'s network, one per shim process and removed with it. The shim is told
 * chromedriver's URL ({@code RTCHECK_WEBDRIVER_URL}, used like a Grid URL), the host's address on
 * the network to serve its page on ({@code RTCHECK_PAGE_HOST}, the gateway: the container reaches
 * the host there) and the image ({@code RTCHECK_CONTAINER_IMAGE}, which the subject's version in
 * the report names). Other shims and other environments are left as they are.
 */
public final class DockerBrowserPlacement implements ShimPlacement {

  static final String CHROMIUM = "chromium";

  @Override
  public Optional<Lease> place(ShimDescriptor shim) throws SubjectException {
    if (!"docker".equals(System.getProperty("rtcheck.env")) || !CHROMIUM.equals(shim.id())) {
      return Optional.empty();
    }
    requireDocker();
    MatrixRun matrix = MatrixRun.acquire();
    try {
      ChromiumContainer chromium = ChromiumContainer.start(matrix.run(), matrix.network());
      Map<String, String> env = new LinkedHashMap<>();
      env.put("RTCHECK_WEBDRIVER_URL", chromium.webDriverUrl().toString());
      env.put("RTCHECK_PAGE_HOST", matrix.gateway().getHostAddress());
      env.put("RTCHECK_CHROMIUM", "/usr/bin/chromium");
      env.put("RTCHECK_CONTAINER_IMAGE", DebianImage.of(CHROMIUM).tag());
      return Optional.of(new Placed(env, chromium, matrix));
    } catch (IOException | RuntimeException e) {
      MatrixRun.release(matrix);
      throw new SubjectException(
          SubjectException.SUBJECT_FAILURE, "cannot start the Chromium container: " + e, null, e);
    }
  }

  /** Skips (kind {@code unimplemented}) where no engine answers or the base image is missing. */
  static void requireDocker() throws SubjectException {
    DockerEngineProbe.Answer a = DockerEngineProbe.fromEnvironment().ping();
    if (!a.answers()) {
      throw SubjectException.unimplemented(
          "rtcheck.env=docker but no Docker engine answers: "
              + a.detail()
              + " (./rtcheck setup starts one)");
    }
    if (!DebianImage.baseImagePresent()) {
      throw SubjectException.unimplemented(
          "rtcheck.env=docker but the Docker engine has no "
              + DebianImage.BASE
              + " image: run browsers-docker/bootstrap-base-image");
    }
  }

  /** A container placed for one shim process, and the shared run it holds. */
  private static final class Placed implements Lease {
    private final Map<String, String> variables;
    private final AutoCloseable container;
    private final MatrixRun matrix;
    private boolean closed;

    Placed(Map<String, String> variables, AutoCloseable container, MatrixRun matrix) {
      this.variables = Map.copyOf(variables);
      this.container = container;
      this.matrix = matrix;
    }

    @Override
    public Map<String, String> variables() {
      return variables;
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

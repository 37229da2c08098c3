package org.rtcheck.docker.coturn;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import org.opentest4j.TestAbortedException;
import org.rtcheck.docker.image.DebianImage;
import org.rtcheck.docker.run.DockerRun;
import org.rtcheck.interop.env.DockerEngineProbe;
import org.rtcheck.interop.env.EnvironmentKind;
import org.rtcheck.interop.fixture.LogTail;
import org.rtcheck.interop.fixture.TurnServer;
import org.rtcheck.interop.fixture.TurnServerProvider;
import org.rtcheck.interop.fixture.TurnServerSpec;

/**
 * The docker environment's {@link TurnServerProvider}: a {@link CoturnContainer} in a {@link
 * DockerRun} of its own, both removed when the server is closed. Logs go to {@code
 * target/docker-evidence} (or {@code -Drtcheck.docker.evidence}).
 */
public final class DockerTurnServerProvider implements TurnServerProvider {

  @Override
  public EnvironmentKind environment() {
    return EnvironmentKind.DOCKER;
  }

  @Override
  public TurnServer start(TurnServerSpec spec) throws IOException {
    DockerEngineProbe.Answer a = DockerEngineProbe.fromEnvironment().ping();
    if (!a.answers()) {
      throw new TestAbortedException("no Docker engine: " + a.detail());
    }
    if (!DebianImage.baseImagePresent()) {
      throw new TestAbortedException(
          "no " + DebianImage.BASE + " image: run browsers-docker/bootstrap-base-image");
    }
    DockerRun run =
        DockerRun.start(
            Path.of(System.getProperty("rtcheck.docker.evidence", "target/docker-evidence")));
    try {
      return new Owned(run, CoturnContainer.start(run, spec));
    } catch (IOException | RuntimeException e) {
      run.close();
      throw e;
    }
  }

  /** The container and the run it was started in, closed together. */
  private record Owned(DockerRun run, CoturnContainer coturn) implements TurnServer {
    @Override
    public InetSocketAddress stunAddress() {
      return coturn.stunAddress();
    }

    @Override
    public Optional<InetSocketAddress> otherAddress() {
      return coturn.otherAddress();
    }

    @Override
    public Optional<InetSocketAddress> tlsAddress() {
      return coturn.tlsAddress();
    }

    @Override
    public Optional<Path> certificate() {
      return coturn.certificate();
    }

    @Override
    public InetAddress peerAddress() {
      return coturn.peerAddress();
    }

    @Override
    public boolean running() {
      return coturn.running();
    }

    @Override
    public String recentLog() {
      return LogTail.of(coturn.logs(), LogTail.LINES);
    }

    @Override
    public String username() {
      return coturn.username();
    }

    @Override
    public String password() {
      return coturn.password();
    }

    @Override
    public String realm() {
      return coturn.realm();
    }

    @Override
    public String version() {
      return coturn.version();
    }

    @Override
    public void close() {
      try {
        coturn.close();
      } finally {
        run.close();
      }
    }
  }
}

package org.rtcheck.interop.env;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks whether a Docker engine answers, without a Docker client library: {@code GET /version} over
 * the engine's Unix socket ({@code DOCKER_HOST=unix://…}, default {@code /var/run/docker.sock}) or
 * {@code tcp://host:port}, with a timeout. Used by {@code rtcheck.env=auto}.
 */
public final class DockerEngineProbe {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private static final Pattern VERSION = Pattern.compile("\"Version\"\\s*:\\s*\"([^\"]+)\"");
  private static final int MAX_RESPONSE = 64 * 1024;

  private final String dockerHost;

  /** A probe of {@code DOCKER_HOST}, or the default socket when it is unset. */
  public static DockerEngineProbe fromEnvironment() {
    return new DockerEngineProbe(System.getenv("DOCKER_HOST"));
  }

  /**
   * @param dockerHost {@code unix:///path} or {@code tcp://host:port}; null or blank for the
   *     default socket
   */
  public DockerEngineProbe(String dockerHost) {
    this.dockerHost =
        dockerHost == null || dockerHost.isBlank() ? "unix:///var/run/docker.sock" : dockerHost;
  }

  /** What the ping found. {@code detail} says why not when the engine does not answer. */
  public record Answer(boolean answers, String endpoint, Optional<String> version, String detail) {}

  /** Pings the engine; never throws, never waits longer than 3 s. */
  public Answer ping() {
    CompletableFuture<String> call = CompletableFuture.supplyAsync(this::requestVersion);
    try {
      String body = call.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      Matcher m = VERSION.matcher(body);
      Optional<String> version = m.find() ? Optional.of(m.group(1)) : Optional.empty();
      return new Answer(true, dockerHost, version, "answers");
    } catch (TimeoutException e) {
      call.cancel(true);
      return new Answer(
          false, dockerHost, Optional.empty(), dockerHost + " did not answer within 3 s");
    } catch (ExecutionException e) {
      Throwable c = e.getCause() == null ? e : e.getCause();
      return new Answer(false, dockerHost, Optional.empty(), c.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(false, dockerHost, Optional.empty(), "interrupted");
    }
  }

  private String requestVersion() {
    byte[] request =
        "GET /version HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    try {
      byte[] response;
      URI uri = URI.create(dockerHost);
      if ("unix".equals(uri.getScheme())) {
        Path socket = Path.of(uri.getPath());
        if (!Files.exists(socket)) {
          throw new IllegalStateException(socket + " does not exist (is dockerd running?)");
        }
        response = overUnixSocket(UnixDomainSocketAddress.of(socket), request);
      } else if ("tcp".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0) {
        response = overTcp(new InetSocketAddress(uri.getHost(), uri.getPort()), request);
      } else {
        throw new IllegalStateException(
            "DOCKER_HOST \"" + dockerHost + "\" is neither unix:///path nor tcp://host:port");
      }
      String text = new String(response, StandardCharsets.UTF_8);
      String status = text.lines().findFirst().orElse("");
      if (!status.matches("HTTP/1\\.[01] 200.*")) {
        throw new IllegalStateException(dockerHost + " answered \"" + status + "\" to /version");
      }
      int body = text.indexOf("\r\n\r\n");
      return body < 0 ? "" : text.substring(body + 4);
    } catch (IOException e) {
      throw new IllegalStateException(dockerHost + ": " + e.getMessage(), e);
    }
  }

  private static byte[] overUnixSocket(SocketAddress address, byte[] request) throws IOException {
    try (SocketChannel ch = SocketChannel.open(address)) {
      ch.write(ByteBuffer.wrap(request));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(8192);
      while (ch.read(buf) >= 0 && out.size() < MAX_RESPONSE) {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
      }
      return out.toByteArray();
    }
  }

  private static byte[] overTcp(InetSocketAddress address, byte[] request) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(address, (int) TIMEOUT.toMillis());
      s.setSoTimeout((int) TIMEOUT.toMillis());
      OutputStream o = s.getOutputStream();
      o.write(request);
      o.flush();
      InputStream in = s.getInputStream();
      return in.readNBytes(MAX_RESPONSE);
    }
  }
}

package org.rtcheck.docker.bidi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebDriver BiDi session's transport (W3C WebDriver BiDi §6: commands {@code {id, method,
 * params}}, answered by {@code {id, type: "success", result}} or {@code {id, type: "error", error,
 * message}}) over the JDK's WebSocket client. Events are not subscribed to, so every message with
 * an id answers a command.
 */
public final class BidiConnection implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The JDK client sets Host itself unless this property (read once, when java.net.http first
   * loads) allows it; browsers-docker's Surefire sets it too, before anything loads that package.
   */
  public static final String ALLOW_HOST_PROPERTY = "jdk.httpclient.allowRestrictedHeaders";

  static {
    if (System.getProperty(ALLOW_HOST_PROPERTY) == null) {
      System.setProperty(ALLOW_HOST_PROPERTY, "host");
    }
  }

  private final WebSocket socket;
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1);

  private BidiConnection(WebSocket socket) {
    this.socket = socket;
  }

  /**
   * Opens {@code url} (e.g. {@code ws://host:port/session}) sending {@code host} as the Host header
   * (RFC 9110 §7.2): Firefox's agent upgrades only requests naming its own loopback address.
   *
   * @throws IOException when the WebSocket handshake fails or takes longer than {@code timeout}
   */
  public static BidiConnection open(URI url, String host, Duration timeout) throws IOException {
    Listener listener = new Listener();
    try {
      WebSocket ws =
          HttpClient.newBuilder()
              .connectTimeout(timeout)
              .build()
              .newWebSocketBuilder()
              .header("Host", host)
              .connectTimeout(timeout)
              .buildAsync(url, listener)
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      BidiConnection c = new BidiConnection(ws);
      listener.connection = c;
      return c;
    } catch (IllegalArgumentException e) {
      throw new IOException(
          "cannot send Host "
              + host
              + " to "
              + url
              + ": java.net.http loaded before "
              + ALLOW_HOST_PROPERTY
              + "=host was set; set it on the JVM's command line",
          e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("no WebDriver BiDi connection to " + url + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted connecting to " + url, e);
    }
  }

  /**
   * Sends one command and waits for its result.
   *
   * @throws IOException when the browser answers an error (its code and message quoted), the
   *     connection closes, or no answer comes within {@code timeout} (the method named)
   */
  public JsonNode send(String method, ObjectNode params, Duration timeout) throws IOException {
    long id = nextId.getAndIncrement();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
    command.set("params", params);
    try {
      socket.sendText(command.toString(), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      JsonNode m = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!"success".equals(m.path("type").asText())) {
        throw new IOException(
            method + ": " + m.path("error").asText("error") + ": " + m.path("message").asText(""));
      }
      return m.path("result");
    } catch (TimeoutException e) {
      throw new IOException(method + ": no answer within " + timeout.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      throw new IOException(method + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(method + ": interrupted", e);
    } finally {
      pending.remove(id);
    }
  }

  private void received(String text) {
    try {
      JsonNode m = JSON.readTree(text);
      if (m.has("id")) {
        CompletableFuture<JsonNode> f = pending.get(m.get("id").asLong());
        if (f != null) {
          f.complete(m);
        }
      }
    } catch (IOException e) {
      // not JSON: no command can be matched to it
    }
  }

  private void failAll(Throwable cause) {
    pending.values().forEach(f -> f.completeExceptionally(cause));
  }

  @Override
  public void close() {
    socket.abort();
    failAll(new IOException("BiDi connection closed"));
  }

  /** Joins a message's fragments, then hands it over. */
  private static final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();
    private volatile BidiConnection connection;

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        BidiConnection c = connection;
        if (c != null) {
          c.received(text);
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      BidiConnection c = connection;
      if (c != null) {
        c.failAll(new IOException("BiDi connection closed: " + status + " " + reason));
      }
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      BidiConnection c = connection;
      if (c != null) {
        c.failAll(error);
      }
    }
  }
}

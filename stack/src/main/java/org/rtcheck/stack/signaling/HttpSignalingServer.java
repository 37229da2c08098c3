package org.rtcheck.stack.signaling;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP signaling endpoint for one {@link OfferAnswerer}:
 *
 * <ul>
 *   <li>{@code POST /offer}: the WebRTC Echo Test contract (sipsorcery's webrtc-echoes): the body
 *       is an RTCSessionDescriptionInit offer, the reply (200) the answer in the same form;
 *   <li>{@code POST /whip}: WHIP (RFC 9725 §4.2): an {@code application/sdp} offer, answered with
 *       201, the answer and a {@code Location} for the session; {@code DELETE} on it ends the
 *       session (RFC 9725 §4.2).
 * </ul>
 *
 * <p>Errors are JSON {@code {"error": {"kind", "message"}}} with 400 (malformed), 415 (WHIP without
 * {@code application/sdp}), 422 (offer refused), 404, 405 or 413 (bodies over 256 KiB).
 */
public final class HttpSignalingServer implements AutoCloseable {

  private static final int MAX_BODY = 256 * 1024;
  private static final String WHIP = "/whip";
  private static final String WHIP_SESSIONS = "/whip/session/";

  private final HttpServer server;
  private final ExecutorService executor;
  private final OfferAnswerer answerer;
  private final Map<String, OfferAnswerer.AnsweredSession> sessions = new ConcurrentHashMap<>();
  private final AtomicInteger answered = new AtomicInteger();

  private HttpSignalingServer(HttpServer server, ExecutorService executor, OfferAnswerer answerer) {
    this.server = server;
    this.executor = executor;
    this.answerer = answerer;
  }

  /** Binds {@code address} (port 0: ephemeral) and serves until {@link #close()}. */
  public static HttpSignalingServer start(InetSocketAddress address, OfferAnswerer answerer)
      throws IOException {
    Objects.requireNonNull(answerer, "answerer");
    HttpServer http = HttpServer.create(address, 16);
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "rtcheck-signaling-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    HttpSignalingServer s = new HttpSignalingServer(http, pool, answerer);
    http.createContext("/", s::handle);
    http.setExecutor(pool);
    http.start();
    return s;
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Sessions answered so far. */
  public int answeredCount() {
    return answered.get();
  }

  /** Sessions still open. */
  public int openSessions() {
    return sessions.size();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (path.equals("/offer")) {
        if (!method.equals("POST")) {
          error(ex, 405, "method", method + " /offer: only POST is allowed");
          return;
        }
        postOffer(ex);
      } else if (path.equals(WHIP)) {
        if (!method.equals("POST")) {
          error(ex, 405, "method", method + " /whip: only POST is allowed");
          return;
        }
        postWhip(ex);
      } else if (path.startsWith(WHIP_SESSIONS)) {
        if (!method.equals("DELETE")) {
          error(ex, 405, "method", method + " " + path + ": only DELETE is allowed");
          return;
        }
        OfferAnswerer.AnsweredSession s = sessions.remove(path.substring(WHIP_SESSIONS.length()));
        if (s == null) {
          error(ex, 404, "not-found", "no session " + path);
          return;
        }
        s.close();
        ex.sendResponseHeaders(200, -1);
      } else {
        error(ex, 404, "not-found", "no resource " + path + " (POST /offer or POST /whip)");
      }
    }
  }

  private void postOffer(HttpExchange ex) throws IOException {
    String body = readBody(ex);
    if (body == null) {
      return;
    }
    try {
      SessionDescriptionInit offer =
          SessionDescriptionInit.parse(body, "offer", "POST /offer body");
      OfferAnswerer.AnsweredSession s = answerer.answer(offer.sdp());
      sessions.put(UUID.randomUUID().toString(), s);
      answered.incrementAndGet();
      send(ex, 200, "application/json", SessionDescriptionInit.answer(s.answerSdp()).toJson());
    } catch (SignalingException e) {
      error(ex, status(e), e.reason().name().toLowerCase(java.util.Locale.ROOT), e.getMessage());
    }
  }

  private void postWhip(HttpExchange ex) throws IOException {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/sdp")) {
      error(
          ex, 415, "content-type", "WHIP offers are application/sdp (RFC 9725 §4.2), got " + type);
      return;
    }
    String body = readBody(ex);
    if (body == null) {
      return;
    }
    try {
      OfferAnswerer.AnsweredSession s = answerer.answer(body);
      String id = UUID.randomUUID().toString();
      sessions.put(id, s);
      answered.incrementAndGet();
      ex.getResponseHeaders().add("Location", WHIP_SESSIONS + id);
      send(ex, 201, "application/sdp", s.answerSdp());
    } catch (SignalingException e) {
      error(ex, status(e), e.reason().name().toLowerCase(java.util.Locale.ROOT), e.getMessage());
    }
  }

  private static int status(SignalingException e) {
    return e.reason() == SignalingException.Reason.REJECTED ? 422 : 400;
  }

  /** The body, or null after replying 413 when it is too large. */
  private static String readBody(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        error(ex, 413, "too-large", "bodies are limited to " + MAX_BODY + " bytes");
        return null;
      }
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private static void error(HttpExchange ex, int status, String kind, String message)
      throws IOException {
    com.fasterxml.jackson.databind.node.ObjectNode o =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    o.putObject("error").put("kind", kind).put("message", message);
    send(ex, status, "application/json", o.toString());
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops serving and closes every session. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (OfferAnswerer.AnsweredSession s : sessions.values()) {
      s.close();
    }
    sessions.clear();
  }
}

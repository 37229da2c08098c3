package org.rtcheck.docker.bidi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A browser peer driven over WebDriver BiDi (Firefox without geckodriver): the browser shim's page
 * script ({@code interop/shims/browser/page.js}, with {@code pc-session.js}) is evaluated in a page
 * of a secure origin, and operations of interop/shims/README.md are calls of its {@code
 * window.rtcheck.call}, as WebDriverPeer does over classic WebDriver.
 */
public final class BidiPeer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
  private static final String PC_SESSION = "rtcheck/browser/pc-session.js";
  private static final String PAGE = "rtcheck/browser/page.js";

  /** Protocol operation → page.js function, as the shim maps them (interop/shims/browser). */
  private static final Map<String, String> PAGE_OPS =
      Map.of(
          "jsep.offer", "offer",
          "jsep.answer", "answer",
          "jsep.accept-answer", "acceptAnswer",
          "jsep.harvest", "harvest");

  private final BidiConnection bidi;
  private final String context;
  private final String browser;

  private BidiPeer(BidiConnection bidi, String context, String browser) {
    this.bidi = bidi;
    this.context = context;
    this.browser = browser;
  }

  /**
   * Starts a session on {@code bidi}, navigates its first tab to {@code origin}, loads the page
   * scripts and waits for their getUserMedia warm-up.
   *
   * @throws IOException when any step fails; the message names it and what the browser said
   */
  public static BidiPeer open(BidiConnection bidi, URI origin) throws IOException {
    ObjectNode caps = JSON.createObjectNode();
    caps.putObject("capabilities");
    JsonNode session = bidi.send("session.new", caps, CALL_TIMEOUT);
    String browser =
        session.path("capabilities").path("browserName").asText("browser")
            + " "
            + session.path("capabilities").path("browserVersion").asText("?");
    JsonNode tree = bidi.send("browsingContext.getTree", JSON.createObjectNode(), CALL_TIMEOUT);
    String context = tree.path("contexts").path(0).path("context").asText("");
    if (context.isEmpty()) {
      throw new IOException("browsingContext.getTree listed no context: " + tree);
    }
    ObjectNode nav =
        JSON.createObjectNode()
            .put("context", context)
            .put("url", origin.toString())
            .put("wait", "complete");
    bidi.send("browsingContext.navigate", nav, CALL_TIMEOUT);
    BidiPeer peer = new BidiPeer(bidi, context, browser);
    peer.evaluate(script(PC_SESSION), false);
    peer.evaluate(script(PAGE), false);
    JsonNode ready = peer.evaluate("window.rtcheck.ready", true);
    if (!"true".equals(ready.path("value").asText())) {
      throw new IOException("the page at " + origin + " is not ready: " + ready);
    }
    return peer;
  }

  private JsonNode evaluate(String expression, boolean awaitPromise) throws IOException {
    ObjectNode p =
        JSON.createObjectNode()
            .put("expression", expression)
            .put("awaitPromise", awaitPromise)
            .put("resultOwnership", "none");
    p.putObject("target").put("context", context);
    return result(bidi.send("script.evaluate", p, CALL_TIMEOUT), "script.evaluate");
  }

  private static JsonNode result(JsonNode r, String what) throws IOException {
    if ("exception".equals(r.path("type").asText())) {
      throw new IOException(
          what
              + ": page exception: "
              + r.path("exceptionDetails").path("text").asText(r.toString()));
    }
    return r.path("result");
  }

  private static String script(String resource) throws IOException {
    try (InputStream in = BidiPeer.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no " + resource + " on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Calls an operation of interop/shims/README.md; returns the page's JSON reply, {@code {"ok": …}}
   * or {@code {"error": {"kind", "message"}}}.
   */
  public String call(String op, String argsJson) throws IOException {
    Objects.requireNonNull(op, "op");
    String pageOp = PAGE_OPS.get(op);
    if (pageOp == null) {
      return "{\"error\":{\"kind\":\"unimplemented\",\"message\":\"no operation " + op + "\"}}";
    }
    ObjectNode p =
        JSON.createObjectNode()
            .put("functionDeclaration", "(op, a) => window.rtcheck.call(op, JSON.parse(a))")
            .put("awaitPromise", true)
            .put("resultOwnership", "none");
    p.putArray("arguments")
        .add(JSON.createObjectNode().put("type", "string").put("value", pageOp))
        .add(JSON.createObjectNode().put("type", "string").put("value", argsJson));
    p.putObject("target").put("context", context);
    JsonNode v = result(bidi.send("script.callFunction", p, CALL_TIMEOUT), op);
    if (!"string".equals(v.path("type").asText())) {
      throw new IOException(op + ": the page answered " + v + " instead of a JSON string");
    }
    return v.path("value").asText();
  }

  /** Browser name and version from session.new, e.g. {@code firefox 153.0}. */
  public String browser() {
    return browser;
  }

  /** Ends the session (the browser's own process stays: its container owns it). */
  @Override
  public void close() {
    try {
      bidi.send("session.end", JSON.createObjectNode(), Duration.ofSeconds(5));
    } catch (IOException e) {
      // the session is gone already
    }
    bidi.close();
  }
}

package org.rtcheck.docker.webdriver;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * A browser peer driven through W3C WebDriver at any URL: a Selenium Grid (the {@code grid}
 * environment) or a chromedriver in a container (the {@code docker} environment). It runs the
 * browser shim's {@code page.js} (interop/shims/browser) and calls {@code window.rtcheck.call(op,
 * args)}, so the operations and their JSON are those of interop/shims/README.md.
 *
 * <p>The page needs a secure context for getUserMedia; {@code origin} is an http URL on a loopback
 * name as the browser sees it (for example the driver's own {@code /status}), which browsers treat
 * as potentially trustworthy.
 */
public final class WebDriverPeer implements AutoCloseable {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
  private static final String PAGE = "rtcheck/browser/page.js";

  /** The shared peer-connection module page.js builds on (window.rtcheckPcSession). */
  private static final String PC_SESSION = "rtcheck/browser/pc-session.js";

  /** Chromium's flags for a headless peer with fake media (as the CDP shim uses). */
  public static final List<String> CHROMIUM_ARGS =
      List.of(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--mute-audio",
          "--use-fake-ui-for-media-stream",
          "--use-fake-device-for-media-stream",
          "--disable-features=WebRtcHideLocalIpsWithMdns",
          "--allow-loopback-in-peer-connection");

  /** Protocol operation → page.js function, as the shim maps them (interop/shims/browser). */
  private static final Map<String, String> PAGE_OPS =
      Map.of(
          "jsep.offer", "offer",
          "jsep.answer", "answer",
          "jsep.accept-answer", "acceptAnswer",
          "jsep.harvest", "harvest",
          "close", "close");

  private final RemoteWebDriver driver;

  private WebDriverPeer(RemoteWebDriver driver) {
    this.driver = driver;
  }

  /**
   * Opens a Chromium session at {@code webDriverUrl}, loads {@code origin} and the page script, and
   * waits for its getUserMedia warm-up.
   *
   * @param binary the Chromium binary on the node (Debian: {@code /usr/bin/chromium}), or null to
   *     let the node choose
   * @throws IOException when the session cannot be made or the page does not come up; the message
   *     names the URL and what the browser said
   */
  public static WebDriverPeer chromium(URL webDriverUrl, URI origin, String binary)
      throws IOException {
    ChromeOptions options = new ChromeOptions();
    options.addArguments(CHROMIUM_ARGS);
    if (binary != null) {
      options.setBinary(binary);
    }
    RemoteWebDriver driver;
    try {
      driver = new RemoteWebDriver(webDriverUrl, options);
    } catch (WebDriverException e) {
      throw new IOException(
          "no Chromium session from " + webDriverUrl + ": " + firstLine(e.getMessage()), e);
    }
    WebDriverPeer peer = new WebDriverPeer(driver);
    try {
      peer.load(origin);
      return peer;
    } catch (IOException | RuntimeException e) {
      peer.close();
      throw e;
    }
  }

  private void load(URI origin) throws IOException {
    driver.manage().timeouts().scriptTimeout(CALL_TIMEOUT);
    driver.manage().timeouts().pageLoadTimeout(CALL_TIMEOUT);
    try {
      driver.get(origin.toString());
      driver.executeScript(script(PC_SESSION));
      driver.executeScript(script(PAGE));
      Object ready =
          driver.executeAsyncScript(
              "const done = arguments[arguments.length - 1];"
                  + " window.rtcheck.ready.then(done, e => done(String(e)));");
      if (!"true".equals(ready)) {
        throw new IOException("the page at " + origin + " is not ready: " + ready);
      }
    } catch (WebDriverException e) {
      throw new IOException(
          "loading the rtcheck page at " + origin + " failed: " + firstLine(e.getMessage()), e);
    }
  }

  private static String script(String resource) throws IOException {
    try (InputStream in = WebDriverPeer.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no " + resource + " on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Calls an operation of interop/shims/README.md; returns the page's JSON reply, {@code {"ok": …}}
   * or {@code {"error": {"kind", "message"}}}.
   *
   * @param argsJson the operation's arguments as a JSON object
   * @throws IOException when the browser does not answer within 30 s or the session broke
   */
  public String call(String op, String argsJson) throws IOException {
    Objects.requireNonNull(op, "op");
    String pageOp = PAGE_OPS.get(op);
    if (pageOp == null) {
      return "{\"error\":{\"kind\":\"unimplemented\",\"message\":\"no operation " + op + "\"}}";
    }
    try {
      Object reply =
          driver.executeAsyncScript(
              "const done = arguments[arguments.length - 1];"
                  + " window.rtcheck.call(arguments[0], JSON.parse(arguments[1])).then(done);",
              pageOp,
              argsJson);
      if (!(reply instanceof String)) {
        throw new IOException(op + ": the page answered " + reply + " instead of a JSON string");
      }
      return (String) reply;
    } catch (WebDriverException e) {
      throw new IOException(op + " in the browser failed: " + firstLine(e.getMessage()), e);
    }
  }

  /** The browser's name and version as the driver reports them, e.g. {@code chrome 156.0…}. */
  public String browser() {
    return driver.getCapabilities().getBrowserName()
        + " "
        + driver.getCapabilities().getBrowserVersion();
  }

  /** The WebDriver session id (a Grid's logs name it). */
  public String sessionId() {
    return String.valueOf(driver.getSessionId());
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } catch (WebDriverException e) {
      // the session is gone already
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}

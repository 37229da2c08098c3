package org.rtcheck.interop.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GridStatusTest {

  /** Captured from a hub with two nodes (selenium-grid 4.48.0), one Chromium slot each. */
  private static String twoNodes() throws IOException {
    try (InputStream in = GridStatusTest.class.getResourceAsStream("status-two-nodes.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void countsTheFreeSlotsOfABrowserOverTheNodes() throws IOException {
    GridStatus status = GridStatus.parse(twoNodes());
    assertThat(status.nodes())
        .extracting(GridStatus.Node::uri)
        .containsExactlyInAnyOrder(
            URI.create("http://127.0.0.1:25551"), URI.create("http://127.0.0.1:25552"));
    assertThat(status.freeSlots("chrome")).isEqualTo(2);
    assertThat(status.freeSlots("firefox")).isZero();
  }

  @Test
  void busyDownAndFullNodesOfferNothing() {
    String json =
        """
        {"value": {"ready": true, "nodes": [
          {"uri": "http://a:5555", "availability": "UP", "maxSessions": 1, "slots": [
            {"session": {"sessionId": "x"}, "stereotype": {"browserName": "chrome"}},
            {"session": null, "stereotype": {"browserName": "chrome"}}]},
          {"uri": "http://b:5555", "availability": "DRAINING", "maxSessions": 2, "slots": [
            {"session": null, "stereotype": {"browserName": "chrome"}}]},
          {"uri": "http://c:5555", "availability": "UP", "maxSessions": 2, "slots": [
            {"session": null, "stereotype": {"browserName": "chrome"}},
            {"session": null, "stereotype": {"browserName": "chrome"}},
            {"session": null, "stereotype": {"browserName": "chrome"}}]}]}}
        """;
    assertThat(GridStatus.parse(json).freeSlots("chrome")).isEqualTo(2);
  }

  @Test
  void somethingElseIsATypedError() {
    assertThatThrownBy(() -> GridStatus.parse("{\"value\": {\"ready\": true}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value.nodes");
    assertThatThrownBy(() -> GridStatus.parse("<html>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not JSON");
  }

  @Test
  void aGridThatDoesNotAnswerIsAnIOExceptionInTime() throws IOException {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    URI nobody = URI.create("http://127.0.0.1:" + port);
    assertThatThrownBy(() -> GridStatus.fetch(nobody, java.time.Duration.ofSeconds(2)))
        .isInstanceOf(IOException.class);
  }
}

package org.rtcheck.interop.grid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Selenium Grid 4's {@code GET /status}: its nodes, each with its URI, availability, session
 * limit and slots (a slot is one browser session of its stereotype's {@code browserName}).
 */
public record GridStatus(List<Node> nodes) {

  /** One node; {@code busy} counts its slots that hold a session. */
  public record Node(URI uri, boolean up, int maxSessions, List<Slot> slots) {

    /** Sessions of {@code browserName} this node can start now. */
    int freeFor(String browserName) {
      long busy = slots.stream().filter(Slot::busy).count();
      long free =
          slots.stream().filter(s -> !s.busy() && s.browserName().equals(browserName)).count();
      return up ? (int) Math.max(0, Math.min(free, maxSessions - busy)) : 0;
    }
  }

  public record Slot(String browserName, boolean busy) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Asks the Grid at {@code grid} for its status.
   *
   * @throws IOException when the Grid does not answer within {@code timeout} or answers something
   *     that is not a Grid status (the message says which)
   */
  public static GridStatus fetch(URI grid, Duration timeout) throws IOException {
    URI status = URI.create(grid.toString().replaceAll("/+$", "") + "/status");
    HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
    HttpResponse<String> response;
    try {
      response =
          client.send(
              HttpRequest.newBuilder(status).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted asking " + status, e);
    }
    if (response.statusCode() != 200) {
      throw new IOException(status + " answered HTTP " + response.statusCode());
    }
    try {
      return parse(response.body());
    } catch (IllegalArgumentException e) {
      throw new IOException(status + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a status document.
   *
   * @throws IllegalArgumentException naming what is missing
   */
  public static GridStatus parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    JsonNode nodes = root.path("value").path("nodes");
    if (!nodes.isArray()) {
      throw new IllegalArgumentException("no value.nodes array (not a Selenium Grid 4 status)");
    }
    List<Node> out = new ArrayList<>();
    for (JsonNode n : nodes) {
      List<Slot> slots = new ArrayList<>();
      for (JsonNode s : n.path("slots")) {
        slots.add(
            new Slot(
                s.path("stereotype").path("browserName").asText(""),
                !s.path("session").isMissingNode() && !s.path("session").isNull()));
      }
      out.add(
          new Node(
              URI.create(n.path("uri").asText("")),
              "UP".equals(n.path("availability").asText()),
              n.path("maxSessions").asInt(slots.size()),
              List.copyOf(slots)));
    }
    return new GridStatus(List.copyOf(out));
  }

  /** How many sessions of {@code browserName} the Grid can run at once now, over all its nodes. */
  public int freeSlots(String browserName) {
    return nodes.stream().mapToInt(n -> n.freeFor(browserName)).sum();
  }
}

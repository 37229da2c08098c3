package org.rtcheck.stack.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP contracts with a stand-in answerer (the real one is tested in EchoPeerTest). */
class HttpSignalingServerTest {

  private final AtomicInteger closed = new AtomicInteger();
  private HttpSignalingServer server;
  private URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    server =
        HttpSignalingServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            offer -> {
              if (offer.contains("refuse")) {
                throw new SignalingException(SignalingException.Reason.REJECTED, "refused: test");
              }
              return new OfferAnswerer.AnsweredSession() {
                @Override
                public String answerSdp() {
                  return "answer to " + offer;
                }

                @Override
                public void close() {
                  closed.incrementAndGet();
                }
              };
            });
    base = URI.create("http://127.0.0.1:" + server.address().getPort());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void echoContractRoundTrip() throws Exception {
    HttpSignalingClient client = new HttpSignalingClient(Duration.ofSeconds(5));
    assertThat(client.exchange(base.resolve("/offer"), "v=0 x")).isEqualTo("answer to v=0 x");
    assertThat(server.answeredCount()).isEqualTo(1);
  }

  @Test
  void whipCreatesAResourceThatDeleteEnds() throws Exception {
    HttpSignalingClient client = new HttpSignalingClient(Duration.ofSeconds(5));
    HttpSignalingClient.WhipSession s = client.whip(base.resolve("/whip"), "v=0 y");
    assertThat(s.answerSdp()).isEqualTo("answer to v=0 y");
    assertThat(s.resource().getPath()).startsWith("/whip/session/");
    assertThat(server.openSessions()).isEqualTo(1);
    client.delete(s.resource());
    assertThat(closed).hasValue(1);
    assertThat(server.openSessions()).isZero();
    assertThatThrownBy(() -> client.delete(s.resource()))
        .isInstanceOfSatisfying(
            SignalingException.class,
            e -> assertThat(e.reason()).isEqualTo(SignalingException.Reason.HTTP_STATUS))
        .hasMessageContaining("404");
  }

  @Test
  void badRequestsGetStatusAndATypedJsonError() throws Exception {
    assertThat(post("/offer", "application/json", "{not json"))
        .startsWith("400 ")
        .contains("malformed_json");
    assertThat(post("/offer", "application/json", "{\"type\":\"answer\",\"sdp\":\"v=0\"}"))
        .startsWith("400 ")
        .contains("wrong_type");
    assertThat(post("/offer", "application/json", "{\"type\":\"offer\"}"))
        .startsWith("400 ")
        .contains("\\\"sdp\\\"");
    assertThat(post("/offer", "application/json", "{\"type\":\"offer\",\"sdp\":\"refuse\"}"))
        .startsWith("422 ")
        .contains("refused: test");
    assertThat(post("/whip", "text/plain", "v=0")).startsWith("415 ");
    assertThat(post("/nothing", "application/json", "{}")).startsWith("404 ");
    assertThat(post("/offer", "application/json", "x".repeat(300_000))).startsWith("413 ");
    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(base.resolve("/offer")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
  }

  @Test
  void theClientNamesWhatWentWrong() {
    HttpSignalingClient client = new HttpSignalingClient(Duration.ofSeconds(2));
    assertThatThrownBy(() -> client.exchange(base.resolve("/nothing"), "v=0"))
        .isInstanceOfSatisfying(
            SignalingException.class,
            e -> assertThat(e.reason()).isEqualTo(SignalingException.Reason.HTTP_STATUS))
        .hasMessageContaining("404");
    assertThatThrownBy(() -> client.exchange(URI.create("http://127.0.0.1:1/offer"), "v=0"))
        .isInstanceOfSatisfying(
            SignalingException.class,
            e -> assertThat(e.reason()).isEqualTo(SignalingException.Reason.UNREACHABLE));
  }

  private String post(String path, String type, String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }
}

package org.rtcheck.stack.signaling;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** The offering side of {@link HttpSignalingServer}'s contracts. */
public final class HttpSignalingClient {

  /** A WHIP session: the answer and the resource to DELETE (RFC 9725 §4.2). */
  public record WhipSession(String answerSdp, URI resource) {}

  private final HttpClient http;
  private final Duration timeout;

  public HttpSignalingClient(Duration timeout) {
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** POSTs the offer as an RTCSessionDescriptionInit (the echo contract); the answer's SDP. */
  public String exchange(URI url, String offerSdp) throws SignalingException, InterruptedException {
    HttpRequest req =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    SessionDescriptionInit.offer(offerSdp).toJson()))
            .build();
    HttpResponse<String> res = send(req, url);
    if (res.statusCode() != 200) {
      throw new SignalingException(
          SignalingException.Reason.HTTP_STATUS,
          "POST " + url + " answered " + res.statusCode() + ": " + abbreviate(res.body()));
    }
    return SessionDescriptionInit.parse(res.body(), "answer", "the reply of POST " + url).sdp();
  }

  /** WHIP (RFC 9725 §4.2): POSTs application/sdp, expects 201 with a Location. */
  public WhipSession whip(URI url, String offerSdp)
      throws SignalingException, InterruptedException {
    HttpRequest req =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/sdp")
            .POST(HttpRequest.BodyPublishers.ofString(offerSdp))
            .build();
    HttpResponse<String> res = send(req, url);
    if (res.statusCode() != 201) {
      throw new SignalingException(
          SignalingException.Reason.HTTP_STATUS,
          "WHIP POST "
              + url
              + " answered "
              + res.statusCode()
              + ", expected 201: "
              + abbreviate(res.body()));
    }
    String location =
        res.headers()
            .firstValue("Location")
            .orElseThrow(
                () ->
                    new SignalingException(
                        SignalingException.Reason.MISSING_FIELD,
                        "WHIP 201 from " + url + " has no Location header (RFC 9725 §4.2)"));
    return new WhipSession(res.body(), url.resolve(location));
  }

  /** Ends a WHIP session. */
  public void delete(URI resource) throws SignalingException, InterruptedException {
    HttpResponse<String> res =
        send(HttpRequest.newBuilder(resource).timeout(timeout).DELETE().build(), resource);
    if (res.statusCode() / 100 != 2) {
      throw new SignalingException(
          SignalingException.Reason.HTTP_STATUS,
          "DELETE " + resource + " answered " + res.statusCode() + ": " + abbreviate(res.body()));
    }
  }

  private HttpResponse<String> send(HttpRequest req, URI url)
      throws SignalingException, InterruptedException {
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new SignalingException(
          SignalingException.Reason.TIMEOUT, "no reply from " + url + " within " + timeout, e);
    } catch (IOException e) {
      throw new SignalingException(
          SignalingException.Reason.UNREACHABLE, "cannot reach " + url + ": " + e, e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}

package org.rtcheck.interop.netem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rtcheck.interop.fixture.Coturn;

/**
 * Connects two {@link LanPeer}s through a data channel and moves bytes over it, the harness doing
 * the signaling (non-trickle: every candidate in the offer and answer, RFC 8838 §3 not needed):
 * {@code pc.create} on both with the given {@code iceServers}, {@code dc.create} and {@code
 * pc.offer} on the offerer, {@code pc.answer} on the answerer, {@code pc.accept-answer}, both
 * {@code dc.wait-open}; then {@code dc.send} on the offerer while the answerer runs {@code
 * dc.receive-check}, and the offerer's {@code pc.stats} for the selected pair.
 */
public final class LanDataChannelRun {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SDP_TYPE = Pattern.compile("\\btyp (\\w+)");
  // Below the Node shims' own deadline per op (LanPeer sets it), so they report where they are
  // stuck.
  private static final long OP_LIMIT_MS = LanPeer.OP_TIMEOUT.toMillis() - 5_000;
  private static final Duration SLACK = Duration.ofSeconds(5);
  private static final int SEED = 7;
  private static final long TRICKLE_POLL_MS = 20;

  private final long bytes;
  private final int messageSize;
  private final Duration openTimeout;
  private final Duration transferTimeout;

  /**
   * @param bytes how many bytes to send (rounded up to whole messages)
   * @param messageSize bytes per message
   * @param openTimeout how long each side waits for the channel to open
   * @param transferTimeout how long the receiver waits for all bytes (at most 120 s: {@link
   *     LanPeer} has the shims stop every op at 125 s)
   */
  public LanDataChannelRun(
      long bytes, int messageSize, Duration openTimeout, Duration transferTimeout) {
    if (messageSize < 4 || bytes < messageSize) {
      throw new IllegalArgumentException("need bytes >= messageSize >= 4");
    }
    if (openTimeout.toMillis() > OP_LIMIT_MS || transferTimeout.toMillis() > OP_LIMIT_MS) {
      throw new IllegalArgumentException("timeouts must be at most " + OP_LIMIT_MS + " ms");
    }
    this.bytes = bytes;
    this.messageSize = messageSize;
    this.openTimeout = openTimeout;
    this.transferTimeout = transferTimeout;
  }

  /** STUN on the topology's coturn, and with {@code relay} also TURN over UDP (RFC 7065 URLs). */
  public static ArrayNode iceServers(Coturn coturn, boolean relay) {
    InetSocketAddress a = coturn.stunAddress();
    String hostPort = a.getAddress().getHostAddress() + ":" + a.getPort();
    ArrayNode servers = JSON.createArrayNode();
    servers.addObject().put("urls", "stun:" + hostPort);
    if (relay) {
      servers
          .addObject()
          .put("urls", "turn:" + hostPort + "?transport=udp")
          .put("username", coturn.username())
          .put("credential", coturn.password());
    }
    return servers;
  }

  /**
   * As {@link #run(LanPeer, LanPeer, ArrayNode, boolean)} without trickle: the offer and answer
   * wait for gathering to end (libwebrtc's only after its STUN checks from loopback time out, ~10
   * s).
   */
  public DataChannelOutcome run(LanPeer offerer, LanPeer answerer, ArrayNode iceServers)
      throws NetemException {
    return run(offerer, answerer, iceServers, false);
  }

  /**
   * Connects, opens the channel, transfers, and reads the selected pair.
   *
   * @param trickle trickle ICE (RFC 8838): descriptions go out at once and the harness relays
   *     candidates as they come, polling both peers, so setup time does not include waiting for the
   *     end of gathering
   */
  public DataChannelOutcome run(
      LanPeer offerer, LanPeer answerer, ArrayNode iceServers, boolean trickle)
      throws NetemException {
    Duration op = Duration.ofSeconds(15);
    ObjectNode create = JSON.createObjectNode().put("trickle", trickle);
    create.set("iceServers", iceServers);
    String a = offerer.call("pc.create", create, op).path("pc").asText();
    String b = answerer.call("pc.create", create, op).path("pc").asText();
    offerer.call("dc.create", JSON.createObjectNode().put("pc", a).put("label", "rtcheck"), op);
    String offer = offerer.call("pc.offer", pc(a), op).path("sdp").asText();
    String answer = answerer.call("pc.answer", pc(b).put("sdp", offer), op).path("sdp").asText();
    offerer.call("pc.accept-answer", pc(a).put("sdp", answer), op);
    long setupMs;
    if (trickle) {
      setupMs = trickleUntilOpen(offerer, a, answerer, b);
    } else {
      Duration waitLimit = openTimeout.plus(SLACK);
      ObjectNode waitArgs = JSON.createObjectNode().put("label", "rtcheck");
      waitArgs.put("timeoutMs", openTimeout.toMillis());
      CompletableFuture<JsonNode> openB =
          answerer.send("dc.wait-open", waitArgs.deepCopy().put("pc", b));
      JsonNode openA = offerer.call("dc.wait-open", waitArgs.deepCopy().put("pc", a), waitLimit);
      answerer.await("dc.wait-open", openB, waitLimit);
      setupMs = openA.path("sinceCreateMs").asLong();
    }

    int count = (int) ((bytes + messageSize - 1) / messageSize);
    long total = (long) count * messageSize;
    long t0 = System.nanoTime();
    CompletableFuture<JsonNode> received =
        answerer.send(
            "dc.receive-check",
            pc(b)
                .put("label", "rtcheck")
                .put("bytes", total)
                .put("timeoutMs", transferTimeout.toMillis()));
    CompletableFuture<JsonNode> sent =
        offerer.send(
            "dc.send",
            pc(a)
                .put("label", "rtcheck")
                .put("count", count)
                .put("messageSize", messageSize)
                .put("seed", SEED)
                .put("timeoutMs", transferTimeout.toMillis()));
    Duration transferLimit = transferTimeout.plus(SLACK);
    JsonNode got = answerer.await("dc.receive-check", received, transferLimit);
    long transferMs = (System.nanoTime() - t0) / 1_000_000;
    JsonNode put = offerer.await("dc.send", sent, transferLimit);
    boolean intact =
        got.path("bytes").asLong() == total
            && got.path("duplicates").asLong() == 0
            && got.path("sha256").asText().equals(put.path("sha256").asText());

    JsonNode stats = offerer.call("pc.stats", pc(a), op);
    String[] pair = selectedPair(stats);
    // The same processes may run the next connection: free this one's sockets and allocation.
    offerer.call("pc.close", pc(a), op);
    answerer.call("pc.close", pc(b), op);
    return new DataChannelOutcome(
        offerer.stack(),
        answerer.stack(),
        setupMs,
        total,
        transferMs,
        intact,
        Optional.ofNullable(pair[0]),
        Optional.ofNullable(pair[1]));
  }

  /**
   * Relays trickled candidates both ways and polls for the open channel on both sides, in short
   * steps: the shims answer one op at a time, so a long {@code dc.wait-open} would hold back the
   * candidates. Returns the offerer's time from {@code pc.create} to open.
   */
  private long trickleUntilOpen(LanPeer offerer, String a, LanPeer answerer, String b)
      throws NetemException {
    long deadline = System.nanoTime() + openTimeout.toNanos();
    boolean[] ended = new boolean[2];
    JsonNode[] open = new JsonNode[2];
    String[] stuck = {offerer + ": no answer yet", answerer + ": no answer yet"};
    LanPeer[] peers = {offerer, answerer};
    String[] ids = {a, b};
    Duration op = Duration.ofSeconds(10);
    while (open[0] == null || open[1] == null) {
      if (System.nanoTime() > deadline) {
        throw new NetemException(
            "the channel did not open within "
                + openTimeout.toMillis()
                + " ms (trickle): "
                + (open[0] == null ? stuck[0] + "; " : "")
                + (open[1] == null ? stuck[1] : "")
                + offerer.log()
                + answerer.log());
      }
      for (int i = 0; i < 2; i++) {
        if (!ended[i]) {
          JsonNode got =
              peers[i].call("pc.candidates", pc(ids[i]).put("timeoutMs", TRICKLE_POLL_MS), op);
          ended[i] = got.path("endOfCandidates").asBoolean(false);
          if (!got.path("candidates").isEmpty() || ended[i]) {
            ObjectNode add = pc(ids[1 - i]).put("endOfCandidates", ended[i]);
            add.set("candidates", got.path("candidates"));
            peers[1 - i].call("pc.add-candidate", add, op);
          }
        }
      }
      for (int i = 0; i < 2; i++) {
        if (open[i] == null) {
          try {
            open[i] =
                peers[i].call(
                    "dc.wait-open",
                    pc(ids[i]).put("label", "rtcheck").put("timeoutMs", TRICKLE_POLL_MS),
                    op);
          } catch (PeerOpException e) {
            if (!e.kind().equals("timeout")) {
              throw e;
            }
            stuck[i] = e.getMessage().lines().findFirst().orElse("");
          }
        }
      }
    }
    return open[0].path("sinceCreateMs").asLong();
  }

  private static ObjectNode pc(String id) {
    return JSON.createObjectNode().put("pc", id);
  }

  /**
   * The selected pair's local and remote candidate types from a {@code pc.stats} answer: the own
   * stack's {@code transport} entry carries both candidates as SDP; W3C stacks name the pair in
   * {@code transport.selectedCandidatePairId} (libwebrtc) or mark it nominated and succeeded
   * (node-datachannel's polyfill, werift), and its candidates carry {@code candidateType}.
   */
  static String[] selectedPair(JsonNode stats) {
    JsonNode all = stats.path("stats");
    String pairId = null;
    for (JsonNode s : all) {
      if (s.path("type").asText().equals("transport")) {
        if (s.hasNonNull("selectedLocalCandidate") && s.hasNonNull("selectedRemoteCandidate")) {
          return new String[] {
            sdpType(s.path("selectedLocalCandidate").asText()),
            sdpType(s.path("selectedRemoteCandidate").asText())
          };
        }
        if (s.hasNonNull("selectedCandidatePairId")) {
          pairId = s.path("selectedCandidatePairId").asText();
        }
      }
    }
    JsonNode pair = null;
    for (JsonNode s : all) {
      if (!s.path("type").asText().equals("candidate-pair")) {
        continue;
      }
      boolean chosen =
          pairId != null
              ? s.path("id").asText().equals(pairId)
              : s.path("selected").asBoolean(false)
                  || (s.path("nominated").asBoolean(false)
                      && s.path("state").asText().equals("succeeded"));
      if (chosen) {
        pair = s;
        break;
      }
    }
    if (pair == null) {
      return new String[2];
    }
    return new String[] {
      candidateType(all, pair.path("localCandidateId").asText()),
      candidateType(all, pair.path("remoteCandidateId").asText())
    };
  }

  private static String candidateType(JsonNode all, String id) {
    for (JsonNode s : all) {
      if (s.path("id").asText().equals(id) && s.hasNonNull("candidateType")) {
        return s.path("candidateType").asText();
      }
    }
    return null;
  }

  private static String sdpType(String candidate) {
    Matcher m = SDP_TYPE.matcher(candidate);
    return m.find() ? m.group(1) : null;
  }
}

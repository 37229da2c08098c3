package org.rtcheck.interop.subject.webrtcjava;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.interop.subject.IndexedMessages;
import org.rtcheck.interop.subject.JsonLinesShim;
import org.rtcheck.interop.subject.PeerSessionOps;

/**
 * The shim process for webrtc-java: {@code describe}, the peer-connection ops of the interop matrix
 * ({@code pc.*}, {@code dc.*}, interop/shims/README.md) with the answers and error kinds of the
 * Node shims (interop/shims/common/pc-session.js), and {@code close}. Requests run one at a time.
 * No media source: {@code pc.add-media} and {@code media.check} are not offered, so those cells
 * skip. The factory uses a headless audio device module: without one libwebrtc aborts the process
 * when no sound device opens.
 */
public final class WebrtcJavaShim {

  static final List<String> CAPABILITIES = PeerSessionOps.dataChannelAnd("pc.restart-ice");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long GATHER_TIMEOUT_MS = 10_000;
  private static final long DEFAULT_WAIT_MS = 15_000;
  private static final long HIGH_WATER = 256 * 1024;
  private static final long CALLBACK_TIMEOUT_MS = 10_000;
  private static final Pattern UFRAG = Pattern.compile("(?m)^a=ice-ufrag:(\\S+)");

  private final Map<String, WebrtcJavaSession> sessions = new LinkedHashMap<>();
  private PeerConnectionFactory factory;
  private int seq;

  private WebrtcJavaShim() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("--version")) {
      System.out.println("webrtc-java " + version()); // the descriptor's version command
      return;
    }
    WebrtcJavaShim shim = new WebrtcJavaShim();
    JsonLinesShim.serve("webrtc-java", shim::handle);
    shim.closeAll();
    // libwebrtc's threads are not daemons; the process ends here
    System.exit(0);
  }

  JsonNode handle(String op, JsonNode args) throws SubjectException {
    long t0 = System.nanoTime();
    JsonNode out =
        switch (op) {
          case "describe" -> describe();
          case "close" -> JSON.createObjectNode();
          case "pc.create" -> create(args);
          case "dc.create" -> createChannel(args);
          case "pc.offer" -> offer(args);
          case "pc.answer" -> answer(args);
          case "pc.accept-answer" -> acceptAnswer(args);
          case "pc.candidates" -> candidates(args);
          case "pc.add-candidate" -> addCandidates(args);
          case "pc.wait" -> waitState(args);
          case "dc.wait-open" -> waitOpen(args);
          case "dc.send" -> send(args);
          case "dc.receive-check" -> receiveCheck(args);
          case "pc.stats" -> stats(args);
          case "pc.close" -> closeSession(args);
          case "pc.restart-ice" -> restartIce(args);
          default -> throw new SubjectException("unimplemented", "webrtc-java shim has no " + op);
        };
    System.err.printf("[webrtc-java] %s ok in %d ms%n", op, (System.nanoTime() - t0) / 1_000_000);
    return out;
  }

  private JsonNode describe() {
    ObjectNode out = JSON.createObjectNode().put("name", "webrtc-java").put("version", version());
    ArrayNode caps = out.putArray("capabilities");
    CAPABILITIES.forEach(caps::add);
    factory(); // the native library loads (or the describe fails, with its reason)
    return out;
  }

  /** The webrtc-java version from its own jar's manifest ({@code Version}). */
  static String version() {
    try {
      var location =
          PeerConnectionFactory.class.getProtectionDomain().getCodeSource().getLocation();
      try (var jar = new java.util.jar.JarFile(new java.io.File(location.toURI()))) {
        var manifest = jar.getManifest();
        String v = manifest == null ? null : manifest.getMainAttributes().getValue("Version");
        return v == null ? "?" : v;
      }
    } catch (java.io.IOException | java.net.URISyntaxException | RuntimeException e) {
      return "?";
    }
  }

  private PeerConnectionFactory factory() {
    if (factory == null) {
      factory = new PeerConnectionFactory(new HeadlessAudioDeviceModule());
    }
    return factory;
  }

  private WebrtcJavaSession session(JsonNode args) throws SubjectException {
    WebrtcJavaSession s = sessions.get(args.path("pc").asText(""));
    if (s == null) {
      throw new SubjectException(
          "invalid-state", "no peer connection " + args.path("pc") + " (pc.create first)");
    }
    return s;
  }

  private JsonNode create(JsonNode args) throws SubjectException {
    RTCConfiguration config = new RTCConfiguration();
    for (JsonNode server : args.path("iceServers")) {
      RTCIceServer s = new RTCIceServer();
      s.urls = new ArrayList<>();
      JsonNode urls = server.path("urls");
      if (urls.isArray()) {
        urls.forEach(u -> s.urls.add(u.asText()));
      } else if (urls.isTextual()) {
        s.urls.add(urls.asText());
      }
      if (server.hasNonNull("username")) {
        s.username = server.path("username").asText();
        s.password = server.path("credential").asText("");
      }
      config.iceServers.add(s);
    }
    WebrtcJavaSession s = new WebrtcJavaSession("pc" + ++seq, args.path("trickle").asBoolean());
    RTCPeerConnection pc = factory().createPeerConnection(config, s);
    if (pc == null) {
      throw new SubjectException("internal", "createPeerConnection gave nothing");
    }
    s.pc = pc;
    sessions.put(s.id, s);
    return JSON.createObjectNode().put("pc", s.id).put("trickle", s.trickle);
  }

  private JsonNode createChannel(JsonNode args) throws SubjectException {
    WebrtcJavaSession s = session(args);
    RTCDataChannelInit init = new RTCDataChannelInit();
    init.ordered = !args.has("ordered") || args.path("ordered").asBoolean(true);
    init.maxRetransmits =
        args.hasNonNull("maxRetransmits") ? args.path("maxRetransmits").asInt() : -1;
    init.maxPacketLifeTime = -1;
    init.id = -1;
    init.negotiated = false;
    init.protocol = "";
    RTCDataChannel channel = s.pc.createDataChannel(args.path("label").asText("rtcheck"), init);
    if (channel == null) {
      throw new SubjectException("rejected", "createDataChannel gave nothing");
    }
    ChannelRecord r = new ChannelRecord(channel);
    s.channels.put(r.label, r);
    return describe(r);
  }

  private static ObjectNode describe(ChannelRecord r) {
    ObjectNode out = JSON.createObjectNode().put("label", r.label).put("id", r.channel.getId());
    out.put("ordered", r.channel.isOrdered());
    int rex = r.channel.getMaxRetransmits();
    if (rex >= 0 && rex < 65535) {
      out.put("maxRetransmits", rex);
    } else {
      out.putNull("maxRetransmits");
    }
    out.put("protocol", r.channel.getProtocol());
    return out;
  }

  private JsonNode offer(JsonNode args) throws SubjectException {
    WebrtcJavaSession s = session(args);
    RTCOfferOptions options = new RTCOfferOptions();
    options.iceRestart = s.iceRestart;
    s.iceRestart = false;
    CompletableFuture<RTCSessionDescription> made = new CompletableFuture<>();
    s.pc.createOffer(options, observer(made));
    setLocal(s, await(made, "createOffer", "internal"));
    return localDescription(s, "offer");
  }

  private JsonNode answer(JsonNode args) throws SubjectException {
    WebrtcJavaSession s = session(args);
    String sdp = sdpArg(args);
    setRemote(s, new RTCSessionDescription(RTCSdpType.OFFER, sdp), "setRemoteDescription(offer)");
    CompletableFuture<RTCSessionDescription> made = new CompletableFuture<>();
    s.pc.createAnswer(new RTCAnswerOptions(), observer(made));
    setLocal(s, await(made, "createAnswer", "rejected"));
    return localDescription(s, "answer");
  }

  private JsonNode acceptAnswer(JsonNode args) throws SubjectException {
    WebrtcJavaSession s = session(args);
    setRemote(
        s,
        new RTCSessionDescription(RTCSdpType.ANSWER, sdpArg(args)),
        "setRemoteDescription(answer)");
    return JSON.createObjectNode();
  }

  private static String sdpArg(JsonNode args) throws SubjectException {
    if (!args.path("sdp").isTextual()) {
      throw new SubjectException("malformed", "args.sdp (a string) is required");
    }
    return args.path("sdp").asText();
  }

  private void setLocal(WebrtcJavaSession s, RTCSessionDescription d) throws SubjectException {
    CompletableFuture<Void> done = new CompletableFuture<>();
    s.pc.setLocalDescription(d, setObserver(done));
    await(done, "setLocalDescription", "internal");
  }

  private void setRemote(WebrtcJavaSession s, RTCSessionDescription d, String what)
      throws SubjectException {
    CompletableFuture<Void> done = new CompletableFuture<>();
    s.pc.setRemoteDescription(d, setObserver(done));
    await(done, what, "rejected");
    s.remoteSet = true;
  }

  /** Non-trickle: the description once gathering completed (at most 10 s), as pc-session.js. */
  private JsonNode localDescription(WebrtcJavaSession s, String type) throws SubjectException {
    Boolean complete = null;
    String ufrag = ufrag(s.pc.getLocalDescription().sdp);
    boolean restarted = s.lastUfrag != null && !s.lastUfrag.equals(ufrag);
    if (!s.trickle) {
      complete =
          waitUntil(
              () ->
                  (s.endOfCandidates
                          || "complete".equals(WebrtcJavaSession.w3c(s.pc.getIceGatheringState())))
                      && (!restarted || s.pc.getLocalDescription().sdp.contains("a=candidate:")),
              GATHER_TIMEOUT_MS);
    }
    s.lastUfrag = ufrag;
    String sdp = s.pc.getLocalDescription().sdp;
    ObjectNode out = JSON.createObjectNode().put("type", type).put("sdp", sdp);
    out.put("trickle", s.trickle);
    if (complete == null) {
      out.putNull("gatheringComplete");
    } else {
      out.put("gatheringComplete", complete);
    }
    out.put("candidatesInSdp", sdp.split("\na=candidate:", -1).length - 1);
    return out;
  }

  private static String ufrag(String sdp) {
    Matcher m = UFRAG.matcher(sdp);
    return m.find() ? m.group(1) : null;
  }

  private JsonNode candidates(JsonNode args) throws SubjectException {
    WebrtcJavaSession s = session(args);
    long timeout = args.path("timeoutMs").asLong(GATHER_TIMEOUT_MS);
    boolean complete = waitUntil(() -> s.endOfCandidates, timeout);
    ArrayNode list = JSON.createArrayNode();
    List<WebrtcJavaSession.LocalCandidate> all = s.localCandidates;
    for (int i = s.drained; i < all.size(); i++) {
      WebrtcJavaSession.LocalCandidate c = all.get(i);
      ObjectNode o = list.addObject().put("candidate", c.candidate());
      if (c.sdpMid() != null) {
        o.put("sdpMid", c.sdpMid());
      }
      o.put("sdpMLineIndex", c.sdpMLineIndex());
    }
    s.drained = all.size();
    ObjectNode out = JSON.createObjectNode();
    out.set("candidates", list);
    return out.put("endOfCandidates", complete);
  }

  private JsonNode addCandidates(JsonNode args) throws SubjectException {
    WebrtcJavaSession s = session(args);
    List<JsonNode> list = new ArrayList<>();
    if (args.path("candidates").isArray()) {
      args.path("candidates").forEach(list::add);
    } else if (args.has("candidate")) {
      list.add(args.path("candidate"));
    }
    for (JsonNode c : list) {
      String text = c.path("candidate").asText("");
      if (text.isEmpty()) {
        continue; // end-of-candidates: libwebrtc learns it from its own timers
      }
      s.pc.addIceCandidate(
          new RTCIceCandidate(
              c.path("sdpMid").asText("0"), c.path("sdpMLineIndex").asInt(0), text));
      s.remoteCandidates++;
    }
    // webrtc-java's addIceCandidate has no end-of-candidates signal: reported as not taken
    return JSON.createObjectNode().put("added", list.size()).put("endOfCandidates", false);
  }

  private JsonNode waitState(JsonNode args) throws SubjectException {
    WebrtcJavaSession s = session(args);
    String want = args.path("state").asText("connected");
    long timeout = args.path("timeoutMs").asLong(DEFAULT_WAIT_MS);
    long t0 = System.nanoTime();
    while (true) {
      String state = WebrtcJavaSession.w3c(s.pc.getConnectionState());
      if (want.equals(state)) {
        break;
      }
      if (("failed".equals(state) || "closed".equals(state))) {
        throw new SubjectException(
            "failed", s.id + " " + state + " while waiting for " + want + ": " + s.stuckIn(null));
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (ms >= timeout) {
        throw new SubjectException(
            "timeout", s.id + " not " + want + " after " + ms + " ms; stuck in " + s.stuckIn(null));
      }
      sleep();
    }
    return JSON.createObjectNode()
        .put("state", want)
        .put("ms", (System.nanoTime() - t0) / 1_000_000)
        .put("sinceCreateMs", s.sinceCreatedMs())
        .put("iceConnectionState", WebrtcJavaSession.w3c(s.pc.getIceConnectionState()));
  }

  private JsonNode waitOpen(JsonNode args) throws SubjectException {
    WebrtcJavaSession s = session(args);
    String label = args.path("label").asText("rtcheck");
    long timeout = args.path("timeoutMs").asLong(DEFAULT_WAIT_MS);
    long t0 = System.nanoTime();
    boolean open =
        waitUntil(
            () -> {
              ChannelRecord c = s.channels.get(label);
              return c != null && "open".equals(WebrtcJavaSession.w3c(c.channel.getState()));
            },
            timeout);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (!open) {
      throw new SubjectException(
          "timeout",
          s.id
              + " channel "
              + label
              + " not open after "
              + ms
              + " ms; stuck in "
              + s.stuckIn(label));
    }
    return describe(s.channels.get(label)).put("ms", ms).put("sinceCreateMs", s.sinceCreatedMs());
  }

  private ChannelRecord channel(WebrtcJavaSession s, JsonNode args) throws SubjectException {
    String label = args.path("label").asText("rtcheck");
    ChannelRecord c = s.channels.get(label);
    if (c == null) {
      throw new SubjectException("invalid-state", "no data channel \"" + label + "\" on " + s.id);
    }
    return c;
  }

  private JsonNode send(JsonNode args) throws SubjectException {
    WebrtcJavaSession s = session(args);
    ChannelRecord c = channel(s, args);
    int count = args.path("count").asInt(0);
    int size = args.path("messageSize").asInt(0);
    int seed = args.path("seed").asInt(0);
    if (count <= 0 || size < 4) {
      throw new SubjectException("invalid-args", "dc.send needs count > 0 and messageSize >= 4");
    }
    long timeout = args.path("timeoutMs").asLong(DEFAULT_WAIT_MS);
    long t0 = System.nanoTime();
    MessageDigest digest = IndexedMessages.sha256();
    for (int i = 0; i < count; i++) {
      while (c.channel.getBufferedAmount() > HIGH_WATER) {
        if (!"open".equals(WebrtcJavaSession.w3c(c.channel.getState()))) {
          throw new SubjectException(
              "closed", "channel " + c.label + " " + WebrtcJavaSession.w3c(c.channel.getState()));
        }
        if ((System.nanoTime() - t0) / 1_000_000 > timeout) {
          throw new SubjectException(
              "timeout",
              "sent "
                  + i
                  + " of "
                  + count
                  + " messages; bufferedAmount stays "
                  + c.channel.getBufferedAmount()
                  + "; stuck in "
                  + s.stuckIn(c.label));
        }
        sleep();
      }
      byte[] m = IndexedMessages.message(i, size, seed);
      digest.update(m);
      try {
        c.channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(m), true));
      } catch (Exception e) {
        throw new SubjectException("closed", "send on " + c.label + ": " + e.getMessage());
      }
    }
    long left = Math.max(0, timeout - (System.nanoTime() - t0) / 1_000_000);
    if (!waitUntil(() -> c.channel.getBufferedAmount() == 0, left)) {
      throw new SubjectException(
          "timeout",
          "send buffer not drained ("
              + c.channel.getBufferedAmount()
              + " bytes left); stuck in "
              + s.stuckIn(c.label));
    }
    return JSON.createObjectNode()
        .put("messages", count)
        .put("bytes", (long) count * size)
        .put("sha256", HexFormat.of().formatHex(digest.digest()))
        .put("ms", (System.nanoTime() - t0) / 1_000_000);
  }

  private JsonNode receiveCheck(JsonNode args) throws SubjectException {
    WebrtcJavaSession s = session(args);
    String label = args.path("label").asText("rtcheck");
    long want = args.path("bytes").asLong(0);
    long timeout = args.path("timeoutMs").asLong(DEFAULT_WAIT_MS);
    long t0 = System.nanoTime();
    boolean arrived =
        waitUntil(
            () -> {
              ChannelRecord c = s.channels.get(label);
              return c != null && c.tally.bytes() >= want;
            },
            timeout);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    ChannelRecord c = s.channels.get(label);
    if (!arrived) {
      throw new SubjectException(
          "timeout",
          String.format(
              "%s received %d of %d bytes (%d messages) on %s in %d ms; stuck in %s",
              s.id,
              c == null ? 0 : c.tally.bytes(),
              want,
              c == null ? 0 : c.tally.messages(),
              label,
              ms,
              s.stuckIn(label)));
    }
    return JSON.createObjectNode()
        .put("bytes", c.tally.bytes())
        .put("messages", c.tally.messages())
        .put("duplicates", c.tally.duplicates())
        .put("inOrder", c.tally.inOrder())
        .put("sha256", c.tally.sha256Hex())
        .put("ms", ms);
  }

  private JsonNode restartIce(JsonNode args) throws SubjectException {
    WebrtcJavaSession s = session(args);
    s.pc.restartIce();
    s.iceRestart = true;
    return JSON.createObjectNode();
  }

  private JsonNode stats(JsonNode args) throws SubjectException {
    WebrtcJavaSession s = session(args);
    CompletableFuture<RTCStatsReport> report = new CompletableFuture<>();
    s.pc.getStats(report::complete);
    ArrayNode stats = JSON.createArrayNode();
    Map<String, ObjectNode> byId = new LinkedHashMap<>();
    for (RTCStats st : await(report, "getStats", "internal").getStats().values()) {
      ObjectNode o = JSON.valueToTree(st.getAttributes());
      o.put("id", st.getId())
          .put("type", st.getType().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
          .put("timestamp", st.getTimestamp() / 1000.0);
      stats.add(o);
      byId.put(st.getId(), o);
    }
    ObjectNode out = JSON.createObjectNode();
    out.put(
        "localUfrag",
        ufrag(s.pc.getLocalDescription() == null ? "" : s.pc.getLocalDescription().sdp));
    out.set("selectedPair", selectedPair(byId));
    out.put("connectionState", WebrtcJavaSession.w3c(s.pc.getConnectionState()));
    out.put("iceConnectionState", WebrtcJavaSession.w3c(s.pc.getIceConnectionState()));
    out.put("localCandidates", s.localCandidates.size());
    out.put("remoteCandidatesAdded", s.remoteCandidates);
    ArrayNode channels = out.putArray("channels");
    for (ChannelRecord c : s.channels.values()) {
      channels.add(
          describe(c)
              .put("bytesReceived", c.tally.bytes())
              .put("messagesReceived", c.tally.messages()));
    }
    out.set("stats", stats);
    return out;
  }

  /** The candidate types of the transport's selected pair, as pc-session.js reports them. */
  private static JsonNode selectedPair(Map<String, ObjectNode> byId) {
    for (ObjectNode v : byId.values()) {
      if ("transport".equals(v.path("type").asText()) && v.hasNonNull("selectedCandidatePairId")) {
        ObjectNode pair = byId.get(v.path("selectedCandidatePairId").asText());
        if (pair != null) {
          ObjectNode out = JSON.createObjectNode();
          out.set("local", typeOf(byId.get(pair.path("localCandidateId").asText())));
          out.set("remote", typeOf(byId.get(pair.path("remoteCandidateId").asText())));
          return out;
        }
      }
    }
    return JSON.nullNode();
  }

  private static JsonNode typeOf(ObjectNode candidate) {
    return candidate == null ? JSON.nullNode() : candidate.path("candidateType");
  }

  private JsonNode closeSession(JsonNode args) throws SubjectException {
    WebrtcJavaSession s = session(args);
    sessions.remove(s.id);
    s.pc.close();
    return JSON.createObjectNode();
  }

  private void closeAll() {
    for (WebrtcJavaSession s : sessions.values()) {
      try {
        s.pc.close();
      } catch (RuntimeException e) {
        System.err.println("[webrtc-java] closing " + s.id + ": " + e);
      }
    }
    sessions.clear();
  }

  private static CreateSessionDescriptionObserver observer(
      CompletableFuture<RTCSessionDescription> made) {
    return new CreateSessionDescriptionObserver() {
      @Override
      public void onSuccess(RTCSessionDescription d) {
        made.complete(d);
      }

      @Override
      public void onFailure(String error) {
        made.completeExceptionally(new IllegalStateException(error));
      }
    };
  }

  private static SetSessionDescriptionObserver setObserver(CompletableFuture<Void> done) {
    return new SetSessionDescriptionObserver() {
      @Override
      public void onSuccess() {
        done.complete(null);
      }

      @Override
      public void onFailure(String error) {
        done.completeExceptionally(new IllegalStateException(error));
      }
    };
  }

  private static <T> T await(CompletableFuture<T> f, String what, String kind)
      throws SubjectException {
    try {
      return f.get(CALLBACK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new SubjectException(kind, what + ": " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw new SubjectException("timeout", what + ": no answer in " + CALLBACK_TIMEOUT_MS + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SubjectException("internal", what + ": interrupted");
    }
  }

  private static boolean waitUntil(BooleanSupplier done, long timeoutMs) {
    long end = System.nanoTime() + timeoutMs * 1_000_000;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() >= end) {
        return false;
      }
      sleep();
    }
    return true;
  }

  private static void sleep() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

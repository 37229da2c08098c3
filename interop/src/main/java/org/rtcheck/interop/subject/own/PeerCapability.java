package org.rtcheck.interop.subject.own;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.interop.subject.IndexedMessages;
import org.rtcheck.stack.datachannel.DataChannel;
import org.rtcheck.stack.datachannel.DataChannelInit;
import org.rtcheck.stack.ice.Candidate;
import org.rtcheck.stack.net.IceUdpTransport;
import org.rtcheck.stack.net.TurnRelay;
import org.rtcheck.stack.peer.PeerConnection;
import org.rtcheck.stack.peer.PeerConnectionConfig;
import org.rtcheck.stack.peer.PeerConnectionEvent;
import org.rtcheck.stack.peer.PeerConnectionException;
import org.rtcheck.stack.peer.PeerConnectionState;
import org.rtcheck.stack.peer.PeerConnectionStats;
import org.rtcheck.stack.peer.PeerDataChannel;
import org.rtcheck.stack.rtp.InboundRtpStats;
import org.rtcheck.stack.rtp.OutboundRtpStats;
import org.rtcheck.stack.sdp.SdpAttribute.MediaDirection;
import org.rtcheck.stack.sdp.SdpType;
import org.rtcheck.stack.sdp.jsep.MediaKind;
import org.rtcheck.stack.sdp.jsep.Transceiver;

/**
 * The peer-connection ops of the interop matrix ({@code pc.*}, {@code dc.*}, see
 * interop/shims/README.md) on the own {@link PeerConnection}, so the own stack takes part in every
 * cell as offerer and as answerer. Same arguments, answers and error kinds as the shims.
 */
final class PeerCapability implements AutoCloseable {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final long DEFAULT_WAIT_MS = 15_000;
  private static final long GATHER_TIMEOUT_MS = 10_000;
  private static final long HIGH_WATER = 256 * 1024;

  /** What one channel received, by message index (the first 4 bytes, big-endian). */
  private static final class Received {
    final PeerDataChannel channel;
    final IndexedMessages tally = new IndexedMessages();

    Received(PeerDataChannel channel) {
      this.channel = channel;
    }
  }

  /** The RTP one session received of one kind (RFC 3550 A.1 valid, routed to an m-section). */
  private static final class MediaReceived {
    long packets;
    long bytes;
    final Set<Long> ssrcs = new TreeSet<>();
    final Set<Integer> payloadTypes = new TreeSet<>();

    synchronized void add(PeerConnectionEvent.RtpReceived r) {
      packets++;
      bytes += r.size();
      ssrcs.add(r.ssrc());
      payloadTypes.add(r.payloadType());
    }

    synchronized boolean hasSsrc(long ssrc) {
      return ssrcs.contains(ssrc);
    }

    synchronized long packets() {
      return packets;
    }
  }

  private static final class Session {
    final String id;
    final PeerConnection pc;
    final boolean trickle;
    final long createdAt = System.currentTimeMillis();
    final Map<String, Received> channels = new ConcurrentHashMap<>();
    final List<ObjectNode> localCandidates = new CopyOnWriteArrayList<>();
    final Map<MediaKind, MediaReceived> media =
        Map.of(MediaKind.AUDIO, new MediaReceived(), MediaKind.VIDEO, new MediaReceived());
    final List<Transceiver> sending = new CopyOnWriteArrayList<>();
    volatile String lastRefusal;
    volatile int selectedPairChanges;
    volatile boolean endOfCandidates;
    int drained;
    int remoteCandidates;
    boolean remoteSet;
    final TurnRelay relay;

    Session(String id, PeerConnection pc, boolean trickle, TurnRelay relay) {
      this.id = id;
      this.pc = pc;
      this.trickle = trickle;
      this.relay = relay;
    }

    void close() {
      pc.close();
      if (relay != null) {
        relay.close();
      }
    }
  }

  private final Map<String, Session> sessions = new LinkedHashMap<>();
  private final boolean onLan;
  private int seq;

  /** Loopback only, no STUN or TURN: the in-process subject of the interop matrix. */
  PeerCapability() {
    this(false);
  }

  /**
   * @param onLan gather on every non-loopback IPv4 address and honour {@code iceServers} (STUN and
   *     TURN over UDP): the own stack as a process in an emulated LAN ({@link OwnPeerShim})
   */
  PeerCapability(boolean onLan) {
    this.onLan = onLan;
  }

  /** Every IPv4 address of every interface that is up, loopback included, sending anywhere. */
  private static IceUdpTransport.Options hostIpv4() throws SubjectException {
    List<InetAddress> addresses = new ArrayList<>();
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (nif.isUp()) {
          Collections.list(nif.getInetAddresses()).stream()
              .filter(Inet4Address.class::isInstance)
              .forEach(addresses::add);
        }
      }
    } catch (SocketException e) {
      throw new SubjectException(SubjectException.SUBJECT_FAILURE, "cannot list interfaces: " + e);
    }
    return new IceUdpTransport.Options(addresses, null, a -> true, null);
  }

  synchronized ObjectNode create(JsonNode args) throws SubjectException {
    boolean hasServers = args.path("iceServers").isArray() && !args.path("iceServers").isEmpty();
    if (hasServers && !onLan) {
      throw SubjectException.unimplemented(
          "pc.create with iceServers: the own PeerConnection gathers host candidates only");
    }
    boolean trickle = args.path("trickle").asBoolean(false);
    PeerConnectionConfig config = PeerConnectionConfig.loopback().withTrickle(trickle);
    if (!onLan && "docker".equals(System.getProperty("rtcheck.env"))) {
      // A browser in a container has only its bridge address: gather on the host's IPv4
      // addresses (the bridge's gateway among them) besides loopback (browsers-docker/README.md).
      config = config.withTransport(hostIpv4());
    }
    TurnRelay relay = null;
    if (onLan) {
      IceServers servers = IceServers.parse(args.path("iceServers"));
      relay = servers.allocate();
      config = config.withTransport(servers.transport(relay));
    }
    PeerConnection pc;
    try {
      pc = PeerConnection.create(config);
    } catch (RuntimeException e) {
      if (relay != null) {
        relay.close();
      }
      throw e;
    }
    Session s = new Session("pc" + ++seq, pc, trickle, relay);
    pc.onEvent(
        e -> {
          if (e instanceof PeerConnectionEvent.IceCandidate c) {
            if (c.candidate() == null) {
              s.endOfCandidates = true;
            } else {
              s.localCandidates.add(
                  JSON.objectNode()
                      .put("candidate", "candidate:" + c.candidate())
                      .put("sdpMid", c.mid())
                      .put("sdpMLineIndex", 0));
            }
          } else if (e instanceof PeerConnectionEvent.DataChannelAnnounced d) {
            track(s, d.channel());
          } else if (e instanceof PeerConnectionEvent.RtpReceived r) {
            s.media.get(r.kind()).add(r);
          } else if (e instanceof PeerConnectionEvent.SelectedCandidatePairChange) {
            s.selectedPairChanges++;
          } else if (e instanceof PeerConnectionEvent.RtpRefused r) {
            s.lastRefusal = r.reason();
          }
        });
    sessions.put(s.id, s);
    return JSON.objectNode().put("pc", s.id).put("trickle", trickle);
  }

  ObjectNode dcCreate(JsonNode args) throws SubjectException {
    Session s = session(args);
    DataChannelInit init = DataChannelInit.DEFAULT;
    if (args.has("ordered")) {
      init = init.withOrdered(args.path("ordered").asBoolean(true));
    }
    if (args.hasNonNull("maxRetransmits")) {
      init = init.withMaxRetransmits(args.path("maxRetransmits").asInt());
    }
    try {
      PeerDataChannel ch = s.pc.createDataChannel(args.path("label").asText("rtcheck"), init);
      return describe(track(s, ch).channel);
    } catch (PeerConnectionException | IllegalArgumentException e) {
      throw new SubjectException("invalid-args", "dc.create: " + e.getMessage());
    }
  }

  ObjectNode offer(JsonNode args) throws SubjectException {
    Session s = session(args);
    try {
      return description(s, "offer", s.pc.offer());
    } catch (PeerConnectionException e) {
      throw new SubjectException(kind(e), "createOffer: " + e.getMessage());
    }
  }

  ObjectNode answer(JsonNode args) throws SubjectException {
    Session s = session(args);
    String sdp = sdp(args);
    try {
      String answer = s.pc.answer(sdp);
      s.remoteSet = true;
      return description(s, "answer", answer);
    } catch (PeerConnectionException e) {
      throw new SubjectException("rejected", "setRemoteDescription(offer): " + e.getMessage());
    }
  }

  ObjectNode acceptAnswer(JsonNode args) throws SubjectException {
    Session s = session(args);
    try {
      s.pc.setRemoteDescription(SdpType.ANSWER, sdp(args));
      s.remoteSet = true;
      return JSON.objectNode();
    } catch (PeerConnectionException e) {
      throw new SubjectException("rejected", "setRemoteDescription(answer): " + e.getMessage());
    }
  }

  ObjectNode candidates(JsonNode args) throws SubjectException {
    Session s = session(args);
    boolean complete =
        waitUntil(() -> s.endOfCandidates, args.path("timeoutMs").asLong(GATHER_TIMEOUT_MS));
    ArrayNode out = JSON.arrayNode();
    List<ObjectNode> all = List.copyOf(s.localCandidates);
    synchronized (s) {
      for (int i = s.drained; i < all.size(); i++) {
        out.add(all.get(i));
      }
      s.drained = all.size();
    }
    ObjectNode r = JSON.objectNode();
    r.set("candidates", out);
    return r.put("endOfCandidates", complete);
  }

  ObjectNode addCandidate(JsonNode args) throws SubjectException {
    Session s = session(args);
    List<JsonNode> list = new ArrayList<>();
    if (args.path("candidates").isArray()) {
      args.path("candidates").forEach(list::add);
    } else if (args.has("candidate")) {
      list.add(args.path("candidate"));
    }
    for (JsonNode c : list) {
      String text = c.isTextual() ? c.asText() : c.path("candidate").asText("");
      if (text.isEmpty()) {
        continue;
      }
      try {
        s.pc.addIceCandidate(text.startsWith("a=") ? text.substring(2) : text);
      } catch (PeerConnectionException e) {
        throw new SubjectException("rejected", "addIceCandidate(" + c + "): " + e.getMessage());
      }
      s.remoteCandidates++;
    }
    boolean eoc = false;
    if (args.path("endOfCandidates").asBoolean(false)) {
      try {
        s.pc.addIceCandidate(null);
        eoc = true;
      } catch (PeerConnectionException e) {
        eoc = false;
      }
    }
    return JSON.objectNode().put("added", list.size()).put("endOfCandidates", eoc);
  }

  ObjectNode await(JsonNode args) throws SubjectException {
    Session s = session(args);
    String want = args.path("state").asText("connected");
    long timeout = args.path("timeoutMs").asLong(DEFAULT_WAIT_MS);
    long t0 = System.currentTimeMillis();
    while (true) {
      String state = name(s.pc.state());
      if (state.equals(want)) {
        break;
      }
      if ((state.equals("failed") || state.equals("closed")) && !want.equals(state)) {
        throw new SubjectException(
            "failed", s.id + " " + state + " while waiting for " + want + ": " + stuckIn(s, null));
      }
      if (System.currentTimeMillis() - t0 >= timeout) {
        throw new SubjectException(
            "timeout",
            s.id + " not " + want + " after " + timeout + " ms; stuck in " + stuckIn(s, null));
      }
      sleep(10);
    }
    return JSON.objectNode()
        .put("state", want)
        .put("ms", System.currentTimeMillis() - t0)
        .put("sinceCreateMs", System.currentTimeMillis() - s.createdAt)
        .put("iceConnectionState", s.pc.stats().iceState().w3cName());
  }

  ObjectNode waitOpen(JsonNode args) throws SubjectException {
    Session s = session(args);
    String label = args.path("label").asText("rtcheck");
    long timeout = args.path("timeoutMs").asLong(DEFAULT_WAIT_MS);
    long t0 = System.currentTimeMillis();
    boolean open =
        waitUntil(
            () -> {
              Received r = s.channels.get(label);
              return r != null && r.channel.state() == DataChannel.State.OPEN;
            },
            timeout);
    if (!open) {
      throw new SubjectException(
          "timeout",
          s.id
              + " channel "
              + label
              + " not open after "
              + timeout
              + " ms; stuck in "
              + stuckIn(s, label));
    }
    return describe(s.channels.get(label).channel)
        .put("ms", System.currentTimeMillis() - t0)
        .put("sinceCreateMs", System.currentTimeMillis() - s.createdAt);
  }

  ObjectNode send(JsonNode args) throws SubjectException {
    Session s = session(args);
    Received r = channel(s, args.path("label").asText("rtcheck"));
    int count = args.path("count").asInt(0);
    int size = args.path("messageSize").asInt(0);
    int seed = args.path("seed").asInt(0);
    if (count <= 0 || size < 4) {
      throw SubjectException.invalidArgs("dc.send needs count > 0 and messageSize >= 4");
    }
    long timeout = args.path("timeoutMs").asLong(DEFAULT_WAIT_MS);
    long t0 = System.currentTimeMillis();
    MessageDigest sha = IndexedMessages.sha256();
    PeerDataChannel ch = r.channel;
    for (int i = 0; i < count; i++) {
      while (ch.bufferedAmount() > HIGH_WATER) {
        if (ch.state() != DataChannel.State.OPEN) {
          throw new SubjectException(
              "closed", "channel " + ch.label() + " " + ch.state() + " after " + i + " messages");
        }
        if (System.currentTimeMillis() - t0 > timeout) {
          throw new SubjectException(
              "timeout",
              "sent "
                  + i
                  + " of "
                  + count
                  + " messages in "
                  + timeout
                  + " ms; bufferedAmount stays "
                  + ch.bufferedAmount()
                  + "; stuck in "
                  + stuckIn(s, ch.label()));
        }
        sleep(2);
      }
      byte[] m = IndexedMessages.message(i, size, seed);
      sha.update(m);
      try {
        ch.send(m);
      } catch (PeerConnectionException e) {
        throw new SubjectException("closed", "send of message " + i + ": " + e.getMessage());
      }
    }
    long remaining = Math.max(0, timeout - (System.currentTimeMillis() - t0));
    if (!waitUntil(() -> ch.bufferedAmount() == 0, remaining)) {
      throw new SubjectException(
          "timeout",
          "send buffer not drained ("
              + ch.bufferedAmount()
              + " bytes left); stuck in "
              + stuckIn(s, ch.label()));
    }
    return JSON.objectNode()
        .put("messages", count)
        .put("bytes", (long) count * size)
        .put("sha256", HexFormat.of().formatHex(sha.digest()))
        .put("ms", System.currentTimeMillis() - t0);
  }

  ObjectNode receiveCheck(JsonNode args) throws SubjectException {
    Session s = session(args);
    String label = args.path("label").asText("rtcheck");
    long want = args.path("bytes").asLong();
    long timeout = args.path("timeoutMs").asLong(DEFAULT_WAIT_MS);
    long t0 = System.currentTimeMillis();
    boolean ok =
        waitUntil(
            () -> {
              Received r = s.channels.get(label);
              return r != null && r.tally.bytes() >= want;
            },
            timeout);
    Received r = s.channels.get(label);
    if (!ok) {
      throw new SubjectException(
          "timeout",
          s.id
              + " received "
              + (r == null ? 0 : r.tally.bytes())
              + " of "
              + want
              + " bytes ("
              + (r == null ? 0 : r.tally.messages())
              + " messages) on "
              + label
              + " in "
              + timeout
              + " ms; stuck in "
              + stuckIn(s, label));
    }
    IndexedMessages got = r.tally;
    synchronized (got) {
      return JSON.objectNode()
          .put("bytes", got.bytes())
          .put("messages", got.messages())
          .put("duplicates", got.duplicates())
          .put("inOrder", got.inOrder())
          .put("sha256", got.sha256Hex())
          .put("ms", System.currentTimeMillis() - t0);
    }
  }

  ObjectNode stats(JsonNode args) throws SubjectException {
    Session s = session(args);
    PeerConnectionStats st = s.pc.stats();
    ObjectNode out = JSON.objectNode();
    out.put("connectionState", name(st.state()));
    out.put("iceConnectionState", st.iceState().w3cName());
    out.put("localCandidates", s.localCandidates.size());
    out.put("remoteCandidatesAdded", s.remoteCandidates);
    out.put("localUfrag", s.pc.localIceUfrag());
    Candidate local = s.pc.selectedLocalCandidate().orElse(null);
    Candidate remote = s.pc.selectedRemoteCandidate().orElse(null);
    // Optional field: each restart's new checks select a pair again (RFC 8445 §9).
    out.put("selectedPairChanges", s.selectedPairChanges);
    if (local == null || remote == null) {
      out.putNull("selectedPair");
    } else {
      out.putObject("selectedPair")
          .put("local", local.type().sdpName())
          .put("remote", remote.type().sdpName());
    }
    ArrayNode chs = out.putArray("channels");
    for (Received r : s.channels.values()) {
      chs.add(
          describe(r.channel)
              .put("bytesReceived", r.tally.bytes())
              .put("messagesReceived", r.tally.messages()));
    }
    ObjectNode transport =
        JSON.objectNode()
            .put("type", "transport")
            .put("selectedLocalCandidate", st.selectedLocalCandidate())
            .put("selectedRemoteCandidate", st.selectedRemoteCandidate())
            .put("srtpProfile", String.valueOf(st.srtpProfile()))
            .put("dtlsCipherSuite", st.dtlsCipherSuite())
            .put("iceConnectedMs", st.iceConnectedNanos() / 1e6)
            .put("connectedMs", st.connectedNanos() / 1e6)
            .put("bytesSent", st.applicationBytesSent())
            .put("bytesReceived", st.applicationBytesReceived());
    ArrayNode stats = out.putArray("stats").add(transport);
    // W3C webrtc-stats shapes for the RTP sources, with what RTCP reported of them.
    for (OutboundRtpStats o : st.outboundRtp()) {
      stats
          .addObject()
          .put("type", "outbound-rtp")
          .put("ssrc", o.ssrc())
          .put("packetsSent", o.packetsSent())
          .put("bytesSent", o.payloadBytesSent());
      if (o.reportsReceived() > 0) {
        ObjectNode r =
            stats
                .addObject()
                .put("type", "remote-inbound-rtp")
                .put("ssrc", o.ssrc())
                .put("packetsLost", o.packetsLost())
                .put("fractionLost", o.fractionLost())
                .put("jitter", o.jitterSeconds())
                .put("reportsReceived", o.reportsReceived())
                .put("roundTripTimeMeasurements", o.roundTripTimeMeasurements());
        if (o.roundTripTimeMeasurements() > 0) {
          r.put("roundTripTime", o.roundTripTimeSeconds());
        }
      }
    }
    for (InboundRtpStats i : st.inboundRtp()) {
      stats
          .addObject()
          .put("type", "inbound-rtp")
          .put("ssrc", i.ssrc())
          .put("packetsReceived", i.packetsReceived())
          .put("packetsLost", i.packetsLost())
          .put("jitter", i.jitterSeconds());
      if (i.senderReportsReceived() > 0) {
        stats
            .addObject()
            .put("type", "remote-outbound-rtp")
            .put("ssrc", i.ssrc())
            .put("reportsSent", i.senderReportsReceived())
            .put("packetsSent", i.remotePacketsSent())
            .put("bytesSent", i.remotePayloadBytesSent());
      }
    }
    out.put("rtcpReportsSent", st.rtcpReportsSent()).put("rtcpRefused", st.rtcpRefused());
    return out;
  }

  /**
   * pc.add-media: a sendrecv audio transceiver fed with synthetic Opus silence (ops-media.md). The
   * own stack has no video encoder, so video is unimplemented (it still receives video a peer
   * offers, through a recvonly transceiver).
   */
  ObjectNode addMedia(JsonNode args) throws SubjectException {
    Session s = session(args);
    boolean audio = args.path("audio").asBoolean(false);
    boolean video = args.path("video").asBoolean(false);
    if (video) {
      throw SubjectException.unimplemented(
          "pc.add-media video: the own stack has no video encoder (VP8 cannot be synthesized)");
    }
    if (!audio) {
      throw SubjectException.invalidArgs("pc.add-media needs audio or video true");
    }
    try {
      Transceiver t = s.pc.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
      s.pc.sendSilentAudio(t);
      s.sending.add(t);
    } catch (PeerConnectionException e) {
      throw new SubjectException(kind(e), "pc.add-media: " + e.getMessage());
    }
    ObjectNode out = JSON.objectNode();
    List<String> mids = s.sending.stream().map(Transceiver::mid).toList();
    if (mids.contains(null)) {
      out.putNull("mids"); // not negotiated yet: mids come with the next offer/answer
    } else {
      mids.forEach(out.putArray("mids")::add);
    }
    return out.put("audio", true).put("video", false);
  }

  /** media.check: waits until minPackets valid RTP packets of the kind arrived. */
  ObjectNode mediaCheck(JsonNode args) throws SubjectException {
    Session s = session(args);
    String kindName = args.path("kind").asText("");
    MediaKind kind = MediaKind.fromSdp(kindName).orElse(null);
    if (kind == null) {
      throw SubjectException.invalidArgs(
          "media.check kind must be audio or video, not " + kindName);
    }
    long min = Math.max(1, args.path("minPackets").asLong(1));
    long timeout = args.path("timeoutMs").asLong(DEFAULT_WAIT_MS);
    long t0 = System.currentTimeMillis();
    MediaReceived m = s.media.get(kind);
    if (!waitUntil(() -> m.packets() >= min, timeout)) {
      boolean track =
          s.pc.negotiated().stream()
              .anyMatch(
                  n ->
                      !n.rejected() && n.media().equals(kind.sdpName()) && receives(n.direction()));
      String step = !track ? "no track" : m.packets() == 0 ? "no RTP" : "too few RTP packets";
      throw new SubjectException(
          "timeout",
          s.id
              + " received "
              + m.packets()
              + " of "
              + min
              + " "
              + kind.sdpName()
              + " RTP packets in "
              + timeout
              + " ms; stuck in "
              + step
              + (s.lastRefusal == null ? "" : " (last refused packet: " + s.lastRefusal + ")")
              + " "
              + stuckIn(s, null));
    }
    ObjectNode out = JSON.objectNode().put("kind", kind.sdpName());
    synchronized (m) {
      out.put("packets", m.packets).put("bytes", m.bytes);
      m.ssrcs.forEach(out.putArray("ssrcs")::add);
      m.payloadTypes.forEach(out.putArray("payloadTypes")::add);
    }
    // The own stack does not decode: it cannot tell whether frames or samples come out.
    out.putNull("decoded").putNull("framesDecoded").putNull("totalSamplesReceived");
    return out.put("ms", System.currentTimeMillis() - t0);
  }

  /**
   * media.rtcp-check: the peer's RTCP reached this side (RFC 3550 §6.4, RFC 8834 §4.1): a report
   * block about this side's source of the kind with a round-trip time (the peer echoed one of this
   * side's SRs in LSR/DLSR) and, with senderReports, an SR from the peer's source of the kind.
   */
  ObjectNode rtcpCheck(JsonNode args) throws SubjectException {
    Session s = session(args);
    String kindName = args.path("kind").asText("");
    MediaKind kind = MediaKind.fromSdp(kindName).orElse(null);
    if (kind == null) {
      throw SubjectException.invalidArgs(
          "media.rtcp-check kind must be audio or video, not " + kindName);
    }
    boolean senderReports = args.path("senderReports").asBoolean(false);
    long timeout = args.path("timeoutMs").asLong(DEFAULT_WAIT_MS);
    long t0 = System.currentTimeMillis();
    Set<Long> local = new TreeSet<>();
    for (Transceiver t : s.pc.transceivers()) {
      if (t.kind() == kind) {
        local.add(t.senderSsrc());
      }
    }
    if (local.isEmpty()) {
      throw new SubjectException(
          "invalid-state", s.id + " has no " + kind.sdpName() + " source to be reported on");
    }
    MediaReceived m = s.media.get(kind);
    // One stats snapshot per poll, kept for the answer or the error.
    PeerConnectionStats[] last = {s.pc.stats()};
    boolean met =
        waitUntil(
            () -> {
              last[0] = s.pc.stats();
              return measured(last[0], local) != null
                  && (!senderReports || reported(last[0], m) != null);
            },
            timeout);
    PeerConnectionStats st = last[0];
    OutboundRtpStats o = measured(st, local);
    InboundRtpStats i = reported(st, m);
    if (!met) {
      String missing =
          o == null
              ? "no receiver report with a round-trip time about its "
                  + kind.sdpName()
                  + " RTP (SSRC "
                  + local
                  + ")"
              : "no sender report about the peer's " + kind.sdpName() + " RTP";
      throw new SubjectException(
          "timeout",
          s.id
              + ": "
              + missing
              + " in "
              + timeout
              + " ms; RTCP statistics seen: outbound "
              + st.outboundRtp()
              + ", inbound "
              + st.inboundRtp()
              + ", refused RTCP "
              + st.rtcpRefused());
    }
    ObjectNode out =
        JSON.objectNode()
            .put("kind", kind.sdpName())
            .put("roundTripTime", o.roundTripTimeSeconds())
            .put("roundTripTimeMeasurements", o.roundTripTimeMeasurements())
            .put("remotePacketsLost", o.packetsLost())
            .put("remoteJitter", o.jitterSeconds());
    if (i == null) {
      out.putNull("senderReports").putNull("remotePacketsSent");
    } else {
      out.put("senderReports", i.senderReportsReceived())
          .put("remotePacketsSent", i.remotePacketsSent());
    }
    return out.put("ms", System.currentTimeMillis() - t0);
  }

  /** A local source of {@code local} with a round-trip time from the peer's reports, or null. */
  private static OutboundRtpStats measured(PeerConnectionStats st, Set<Long> local) {
    return st.outboundRtp().stream()
        .filter(o -> local.contains(o.ssrc()) && o.roundTripTimeMeasurements() > 0)
        .findFirst()
        .orElse(null);
  }

  /** A remote source that arrived as {@code m} and sent an SR, or null. */
  private static InboundRtpStats reported(PeerConnectionStats st, MediaReceived m) {
    return st.inboundRtp().stream()
        .filter(x -> m.hasSsrc(x.ssrc()) && x.senderReportsReceived() > 0)
        .findFirst()
        .orElse(null);
  }

  /** pc.restart-ice: the next pc.offer carries new ICE credentials (W3C restartIce()). */
  ObjectNode restartIce(JsonNode args) throws SubjectException {
    Session s = session(args);
    try {
      s.pc.restartIce();
    } catch (PeerConnectionException e) {
      throw new SubjectException(kind(e), "restartIce: " + e.getMessage());
    }
    return JSON.objectNode();
  }

  private static boolean receives(MediaDirection d) {
    return d == MediaDirection.SENDRECV || d == MediaDirection.RECVONLY;
  }

  synchronized ObjectNode close(JsonNode args) throws SubjectException {
    Session s = session(args);
    sessions.remove(s.id);
    s.close();
    return JSON.objectNode();
  }

  @Override
  public synchronized void close() {
    for (Session s : sessions.values()) {
      s.close();
    }
    sessions.clear();
  }

  // --------------------------------------------------------------------------------------------

  private synchronized Session session(JsonNode args) throws SubjectException {
    String id = args.path("pc").asText(null);
    Session s = id == null ? null : sessions.get(id);
    if (s == null) {
      throw new SubjectException(
          "invalid-state", "no peer connection " + args.path("pc") + " (pc.create first)");
    }
    return s;
  }

  private static Received track(Session s, PeerDataChannel ch) {
    Received r = new Received(ch);
    ch.onMessage(m -> r.tally.add(m.bytes()));
    s.channels.put(ch.label(), r);
    return r;
  }

  private static Received channel(Session s, String label) throws SubjectException {
    Received r = s.channels.get(label);
    if (r == null) {
      throw new SubjectException("invalid-state", "no data channel \"" + label + "\" on " + s.id);
    }
    return r;
  }

  private static ObjectNode describe(PeerDataChannel ch) {
    ObjectNode o = JSON.objectNode().put("label", ch.label());
    if (ch.id() >= 0) {
      o.put("id", ch.id());
    } else {
      o.putNull("id");
    }
    o.put("ordered", ch.ordered());
    if (ch.maxRetransmits() >= 0) {
      o.put("maxRetransmits", ch.maxRetransmits());
    } else {
      o.putNull("maxRetransmits");
    }
    return o.put("protocol", ch.protocol());
  }

  private static ObjectNode description(Session s, String type, String sdp) {
    long candidates = sdp.lines().filter(l -> l.startsWith("a=candidate:")).count();
    ObjectNode o = JSON.objectNode().put("type", type).put("sdp", sdp).put("trickle", s.trickle);
    if (s.trickle) {
      o.putNull("gatheringComplete");
    } else {
      o.put("gatheringComplete", sdp.contains("a=end-of-candidates"));
    }
    return o.put("candidatesInSdp", candidates);
  }

  private static String sdp(JsonNode args) throws SubjectException {
    if (!args.path("sdp").isTextual()) {
      throw new SubjectException("malformed", "args.sdp (a string) is required");
    }
    return args.path("sdp").asText();
  }

  /** Which step a session is stuck in, for timeout messages, as the shims say it. */
  private static String stuckIn(Session s, String label) {
    PeerConnectionStats st = s.pc.stats();
    String facts =
        "(signaling "
            + s.pc.signalingState()
            + ", ice "
            + st.iceState().w3cName()
            + ", connection "
            + name(st.state())
            + ", "
            + s.localCandidates.size()
            + " local / "
            + s.remoteCandidates
            + " remote candidates added)";
    if (!s.remoteSet) {
      return "signaling: no remote description " + facts;
    }
    switch (st.iceState()) {
      case FAILED:
        return "checking: ICE failed " + facts;
      case NEW:
      case CHECKING:
        return "checking (ICE) " + facts;
      default:
        break;
    }
    if (st.state() != PeerConnectionState.CONNECTED) {
      return "DTLS " + facts;
    }
    if (label != null) {
      Received r = s.channels.get(label);
      if (r == null || r.channel.state() != DataChannel.State.OPEN) {
        return "SCTP: channel "
            + label
            + " "
            + (r == null ? "not announced" : r.channel.state().name().toLowerCase(Locale.ROOT))
            + " "
            + facts;
      }
    }
    return "data transfer " + facts;
  }

  private static String name(PeerConnectionState state) {
    return state.name().toLowerCase(Locale.ROOT);
  }

  private static String kind(PeerConnectionException e) {
    return switch (e.reason()) {
      case SIGNALING -> "rejected";
      case TIMEOUT -> "timeout";
      case CLOSED -> "closed";
      default -> "failed";
    };
  }

  private static boolean waitUntil(BooleanSupplier condition, long timeoutMs) {
    long end = System.currentTimeMillis() + timeoutMs;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() >= end) {
        return false;
      }
      sleep(10);
    }
    return true;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

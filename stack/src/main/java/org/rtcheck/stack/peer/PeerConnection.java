package org.rtcheck.stack.peer;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.rtcheck.stack.datachannel.DataChannelInit;
import org.rtcheck.stack.dtls.DtlsConfig;
import org.rtcheck.stack.dtls.DtlsEndpoint;
import org.rtcheck.stack.dtls.DtlsException;
import org.rtcheck.stack.dtls.DtlsFingerprint;
import org.rtcheck.stack.dtls.DtlsHandshakeResult;
import org.rtcheck.stack.dtls.DtlsRole;
import org.rtcheck.stack.dtls.SrtpKeyingMaterial;
import org.rtcheck.stack.ice.Candidate;
import org.rtcheck.stack.ice.CandidateAttribute;
import org.rtcheck.stack.ice.IceAgent;
import org.rtcheck.stack.ice.IceConfig;
import org.rtcheck.stack.ice.IceConnectionState;
import org.rtcheck.stack.ice.IceCredentials;
import org.rtcheck.stack.ice.IceEvent;
import org.rtcheck.stack.ice.IceGatheringState;
import org.rtcheck.stack.ice.IceRole;
import org.rtcheck.stack.net.IceUdpTransport;
import org.rtcheck.stack.net.TurnRelay;
import org.rtcheck.stack.sdp.SdpAttribute;
import org.rtcheck.stack.sdp.SdpAttribute.MediaDirection;
import org.rtcheck.stack.sdp.SdpType;
import org.rtcheck.stack.sdp.SessionDescription;
import org.rtcheck.stack.sdp.jsep.Capabilities;
import org.rtcheck.stack.sdp.jsep.JsepException;
import org.rtcheck.stack.sdp.jsep.JsepSession;
import org.rtcheck.stack.sdp.jsep.MediaKind;
import org.rtcheck.stack.sdp.jsep.NegotiatedSection;
import org.rtcheck.stack.sdp.jsep.RtcpMuxPolicy;
import org.rtcheck.stack.sdp.jsep.SignalingState;
import org.rtcheck.stack.sdp.jsep.Transceiver;
import org.rtcheck.stack.srtp.SrtpContext;
import org.rtcheck.stack.srtp.SrtpException;

/**
 * One peer connection of the own stack, modelled on the W3C RTCPeerConnection.
 *
 * <p>Signaling goes through {@link JsepSession}; the ICE agent is created with the first offer
 * (controlling, RFC 8445 §6.1.1: the offerer's full agent controls) or the first remote offer
 * (controlled), and starts checking once both descriptions are applied. DTLS starts at the same
 * moment in the role {@code a=setup} gave (RFC 8842 §5.1); a client's first flight waits for a
 * selected pair. After the handshake, the exported keys (RFC 5764 §4.2) key one SRTP context for
 * sending and one for receiving. All transports are BUNDLEd on the first live m-section (RFC 8843).
 *
 * <p>Events arrive on the ICE event loop or the DTLS thread; listeners must not block. The API
 * methods are thread-safe; signaling calls are serialized, as the W3C operations chain does.
 */
public final class PeerConnection implements AutoCloseable {

  /** RFC 8841 §5.1: the port own descriptions announce with a=sctp-port. */
  private static final int LOCAL_SCTP_PORT = 5000;

  /** How many media packets are held while the DTLS handshake completes on this side. */
  private static final int MEDIA_HELD_BEFORE_KEYS = 128;

  private final PeerConnectionConfig config;
  private final JsepSession jsep;
  private final long createdAt = System.nanoTime();
  private final List<Consumer<PeerConnectionEvent>> listeners = new CopyOnWriteArrayList<>();
  private final List<Candidate> localCandidates = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> gatheringComplete = new CompletableFuture<>();
  private final CompletableFuture<DtlsHandshakeResult> connected = new CompletableFuture<>();
  private final ConcurrentLinkedQueue<byte[]> dtlsBeforeEndpoint = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<byte[]> beforeSelectedPair = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<byte[]> mediaBeforeKeys = new ConcurrentLinkedQueue<>();
  private final AtomicLong rtpSent = new AtomicLong();
  private final AtomicLong rtpReceived = new AtomicLong();
  private final AtomicLong srtpRejected = new AtomicLong();
  private final AtomicLong appSent = new AtomicLong();
  private final AtomicLong appReceived = new AtomicLong();
  private volatile Consumer<byte[]> applicationDataSink = d -> {};
  private volatile BiConsumer<Boolean, byte[]> mediaSink = (rtcp, p) -> {};
  private volatile IceUdpTransport ice;
  private volatile DtlsEndpoint dtls;
  private volatile SrtpContext srtpOut;
  private volatile SrtpContext srtpIn;
  private volatile DtlsHandshakeResult dtlsResult;
  private volatile PeerConnectionState state = PeerConnectionState.NEW;
  private volatile IceConnectionState iceState = IceConnectionState.NEW;
  private volatile Candidate selectedLocal;
  private volatile Candidate selectedRemote;
  private volatile boolean iceConnected;
  private volatile long connectedAt;

  /** The BUNDLE tag's mid that trickled candidates name; own sessions number mids from "0". */
  private volatile String bundleMid = "0";

  private volatile boolean transportsStarted;
  private boolean closed;
  private final SctpDriver sctp;
  private volatile boolean sctpStarted;
  private boolean dataSectionAsked;
  private volatile NegotiatedSection dataSection;

  private PeerConnection(PeerConnectionConfig config) {
    this.config = config;
    this.sctp =
        new SctpDriver(
            this::sendSctp, ch -> emit(new PeerConnectionEvent.DataChannelAnnounced(ch)));
    List<SdpAttribute.Fingerprint> fingerprints =
        List.of(
            new SdpAttribute.Fingerprint("sha-256", config.certificate().fingerprint("sha-256")));
    this.jsep =
        new JsepSession(
            fingerprints, Capabilities.webrtcDefaults(), RtcpMuxPolicy.REQUIRE, new SecureRandom());
  }

  public static PeerConnection create(PeerConnectionConfig config) {
    return new PeerConnection(Objects.requireNonNull(config, "config"));
  }

  /** Listeners run on the transport threads, in order; do not block in them. */
  public void onEvent(Consumer<PeerConnectionEvent> listener) {
    listeners.add(Objects.requireNonNull(listener));
  }

  /** DTLS application data (SCTP packets, RFC 8261) as it arrives, on the DTLS thread. */
  public void onApplicationData(Consumer<byte[]> sink) {
    this.applicationDataSink = Objects.requireNonNull(sink);
  }

  /** Decrypted RTP ({@code false}) and RTCP ({@code true}) packets, on the ICE event loop. */
  public void onMedia(BiConsumer<Boolean, byte[]> sink) {
    this.mediaSink = Objects.requireNonNull(sink);
  }

  // ------------------------------------------------------------------------------ signaling

  public synchronized Transceiver addTransceiver(MediaKind kind, MediaDirection direction) {
    return jsep.addTransceiver(kind, direction);
  }

  /**
   * createDataChannel: an in-band (DCEP, RFC 8832) or negotiated channel. The first one asks for an
   * m=application section in the next offer; the channel opens once SCTP is up.
   */
  public synchronized PeerDataChannel createDataChannel(String label, DataChannelInit init)
      throws PeerConnectionException {
    requireOpen();
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(init, "init");
    if (label.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 65535) {
      // RFC 8832 §5.1: the label length field is 16 bits.
      throw new PeerConnectionException(
          PeerConnectionException.Reason.INVALID_STATE, "label longer than 65535 bytes");
    }
    if (!dataSectionAsked) {
      jsep.createDataChannelSection();
      dataSectionAsked = true;
    }
    return sctp.create(label, init);
  }

  /** Asks for an m=application section, as the first createDataChannel does. */
  public synchronized void createDataChannelSection() {
    if (!dataSectionAsked) {
      jsep.createDataChannelSection();
      dataSectionAsked = true;
    }
  }

  public synchronized SessionDescription createOffer() throws PeerConnectionException {
    requireOpen();
    ensureIce(IceRole.CONTROLLING);
    awaitGatheringIfNonTrickle();
    publishLocalCandidates();
    try {
      return jsep.createOffer();
    } catch (JsepException e) {
      throw new PeerConnectionException(
          PeerConnectionException.Reason.SIGNALING, e.getMessage(), e);
    }
  }

  public synchronized SessionDescription createAnswer() throws PeerConnectionException {
    requireOpen();
    if (ice == null) {
      throw new PeerConnectionException(
          PeerConnectionException.Reason.INVALID_STATE, "createAnswer before a remote offer");
    }
    awaitGatheringIfNonTrickle();
    publishLocalCandidates();
    try {
      return jsep.createAnswer();
    } catch (JsepException e) {
      throw new PeerConnectionException(
          PeerConnectionException.Reason.SIGNALING, e.getMessage(), e);
    }
  }

  public synchronized void setLocalDescription(SdpType type, SessionDescription sd)
      throws PeerConnectionException {
    requireOpen();
    try {
      jsep.setLocalDescription(type, sd);
    } catch (JsepException e) {
      throw new PeerConnectionException(
          PeerConnectionException.Reason.SIGNALING, e.getMessage(), e);
    }
    emit(new PeerConnectionEvent.SignalingStateChange(jsep.signalingState()));
    maybeStartTransports();
  }

  public synchronized void setRemoteDescription(SdpType type, String sdp)
      throws PeerConnectionException {
    requireOpen();
    if (type == SdpType.OFFER) {
      ensureIce(IceRole.CONTROLLED);
    }
    try {
      jsep.setRemoteDescription(type, sdp);
    } catch (JsepException e) {
      throw new PeerConnectionException(
          PeerConnectionException.Reason.SIGNALING, e.getMessage(), e);
    }
    emit(new PeerConnectionEvent.SignalingStateChange(jsep.signalingState()));
    maybeStartTransports();
  }

  /** createOffer + setLocalDescription; the offer's text. */
  public synchronized String offer() throws PeerConnectionException {
    SessionDescription sd = createOffer();
    setLocalDescription(SdpType.OFFER, sd);
    return JsepSession.toText(sd);
  }

  /** setRemoteDescription(offer) + createAnswer + setLocalDescription; the answer's text. */
  public synchronized String answer(String remoteOffer) throws PeerConnectionException {
    setRemoteDescription(SdpType.OFFER, remoteOffer);
    SessionDescription sd = createAnswer();
    setLocalDescription(SdpType.ANSWER, sd);
    return JsepSession.toText(sd);
  }

  /**
   * addIceCandidate: an {@code a=candidate} value ({@code candidate:} prefix optional), or null or
   * empty for end-of-candidates (RFC 8838 §4.4).
   */
  public void addIceCandidate(String candidate) throws PeerConnectionException {
    IceUdpTransport t = ice;
    if (t == null) {
      throw new PeerConnectionException(
          PeerConnectionException.Reason.INVALID_STATE, "addIceCandidate before any description");
    }
    if (candidate == null || candidate.isBlank()) {
      t.endOfRemoteCandidates();
      return;
    }
    Candidate parsed;
    try {
      parsed = CandidateAttribute.parse(candidate);
    } catch (IllegalArgumentException e) {
      throw new PeerConnectionException(
          PeerConnectionException.Reason.SIGNALING,
          "candidate does not parse (" + e.getMessage() + "): " + candidate,
          e);
    }
    t.addRemoteCandidate(parsed);
  }

  public synchronized SignalingState signalingState() {
    return jsep.signalingState();
  }

  public synchronized Optional<SessionDescription> localDescription() {
    return jsep.localDescription();
  }

  public synchronized List<NegotiatedSection> negotiated() {
    return jsep.negotiated();
  }

  // ------------------------------------------------------------------------------ data

  /** Completes when DTLS is connected (the W3C "connected" state), or fails with the reason. */
  public CompletableFuture<DtlsHandshakeResult> connected() {
    return connected.copy();
  }

  /** Waits for {@link #connected()}; a wait that runs out names the step that did not finish. */
  public DtlsHandshakeResult awaitConnected(java.time.Duration timeout)
      throws PeerConnectionException, InterruptedException {
    try {
      return connected.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PeerConnectionException p) {
        throw p;
      }
      throw new PeerConnectionException(
          PeerConnectionException.Reason.CLOSED, String.valueOf(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      String step =
          !transportsStarted
              ? "signaling (descriptions not both applied)"
              : !iceConnected
                  ? "ICE checking (state " + iceState.w3cName() + ")"
                  : "DTLS handshake";
      throw new PeerConnectionException(
          PeerConnectionException.Reason.TIMEOUT, "not connected within " + timeout + ": " + step);
    }
  }

  public PeerConnectionState state() {
    return state;
  }

  /** Sends DTLS application data (an SCTP packet). */
  public void sendApplicationData(byte[] data) throws PeerConnectionException {
    DtlsEndpoint d = dtls;
    if (d == null || dtlsResult == null) {
      throw new PeerConnectionException(
          PeerConnectionException.Reason.INVALID_STATE, "DTLS is not connected");
    }
    try {
      d.sendApplicationData(data);
      appSent.addAndGet(data.length);
    } catch (DtlsException e) {
      throw new PeerConnectionException(
          PeerConnectionException.Reason.DTLS_FAILED, e.getMessage(), e);
    }
  }

  /** Protects and sends one RTP packet. */
  public void sendRtp(byte[] packet) throws PeerConnectionException {
    sendMedia(packet, false);
  }

  /** Protects and sends one (compound) RTCP packet. */
  public void sendRtcp(byte[] packet) throws PeerConnectionException {
    sendMedia(packet, true);
  }

  private void sendMedia(byte[] packet, boolean rtcp) throws PeerConnectionException {
    SrtpContext out = srtpOut;
    if (out == null) {
      throw new PeerConnectionException(
          PeerConnectionException.Reason.INVALID_STATE, "SRTP is not keyed (DTLS not connected)");
    }
    byte[] buf = new byte[packet.length + (rtcp ? out.rtcpOverhead() : out.rtpOverhead())];
    int n;
    try {
      synchronized (out) {
        n =
            rtcp
                ? out.protectRtcp(packet, 0, packet.length, buf, 0)
                : out.protect(packet, 0, packet.length, buf, 0);
      }
    } catch (SrtpException e) {
      throw new PeerConnectionException(
          PeerConnectionException.Reason.INVALID_STATE,
          "SRTP refused the packet: " + e.getMessage());
    }
    rtpSent.incrementAndGet();
    send(java.util.Arrays.copyOf(buf, n));
  }

  public PeerConnectionStats stats() {
    DtlsHandshakeResult r = dtlsResult;
    IceUdpTransport t = ice;
    Candidate l = selectedLocal;
    Candidate rem = selectedRemote;
    return new PeerConnectionStats(
        state,
        iceState,
        l == null ? null : l.toSdp(),
        rem == null ? null : rem.toSdp(),
        r == null ? null : r.profile(),
        r == null ? -1 : r.cipherSuite(),
        t == null ? -1 : t.timeToConnectedNanos(),
        connectedAt == 0 ? -1 : connectedAt - createdAt,
        rtpSent.get(),
        rtpReceived.get(),
        srtpRejected.get(),
        appSent.get(),
        appReceived.get());
  }

  /** Closes DTLS (close_notify), ICE and its sockets; idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      jsep.close();
    }
    sctp.stop("peer connection closed");
    DtlsEndpoint d = dtls;
    if (d != null) {
      d.close();
    }
    IceUdpTransport t = ice;
    if (t != null) {
      t.close();
    }
    connected.completeExceptionally(
        new PeerConnectionException(PeerConnectionException.Reason.CLOSED, "closed"));
    setState(PeerConnectionState.CLOSED);
  }

  // ------------------------------------------------------------------------------ internals

  private void requireOpen() throws PeerConnectionException {
    if (closed) {
      throw new PeerConnectionException(PeerConnectionException.Reason.CLOSED, "closed");
    }
  }

  private void ensureIce(IceRole role) throws PeerConnectionException {
    if (ice != null) {
      return;
    }
    IceAgent agent =
        new IceAgent(
            IceConfig.defaults(),
            role,
            new IceCredentials(jsep.localIceUfrag(), jsep.localIcePwd()),
            new SecureRandom().nextLong());
    IceUdpTransport t = IceUdpTransport.create(agent, config.transport());
    t.onEvent(this::onIceEvent);
    t.onData(this::onDatagram);
    ice = t;
    if (config.transport().relay() instanceof TurnRelay relay) {
      // Before gathering: the agent takes no local candidate after its end-of-candidates.
      relay.attach(t, config.transport().relayOnly());
    }
    try {
      t.gather(config.gatheringTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PeerConnectionException(
          PeerConnectionException.Reason.GATHERING, "interrupted while gathering", e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      throw new PeerConnectionException(
          PeerConnectionException.Reason.GATHERING, "gathering failed: " + e, e);
    }
  }

  private void awaitGatheringIfNonTrickle() throws PeerConnectionException {
    if (config.trickle()) {
      return;
    }
    try {
      gatheringComplete.get(config.gatheringTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PeerConnectionException(
          PeerConnectionException.Reason.GATHERING, "interrupted while gathering", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new PeerConnectionException(
          PeerConnectionException.Reason.GATHERING,
          "gathering did not complete within " + config.gatheringTimeout(),
          e);
    }
  }

  private void publishLocalCandidates() {
    List<String> values = new ArrayList<>();
    for (Candidate c : localCandidates) {
      values.add(c.toSdp());
    }
    jsep.setLocalCandidates(values, gatheringComplete.isDone());
  }

  /** Once both descriptions are applied: ICE gets the peer's credentials, DTLS starts. */
  private void maybeStartTransports() {
    if (transportsStarted || jsep.signalingState() != SignalingState.STABLE) {
      return;
    }
    Optional<NegotiatedSection> live =
        jsep.negotiated().stream().filter(s -> !s.rejected()).findFirst();
    if (live.isEmpty()) {
      return;
    }
    transportsStarted = true;
    NegotiatedSection s = live.get();
    bundleMid = s.mid();
    IceUdpTransport t = ice;
    t.setRemoteCredentials(new IceCredentials(s.remoteIceUfrag(), s.remoteIcePwd()));
    for (SdpAttribute.Candidate c : s.remoteCandidates()) {
      t.addRemoteCandidate(CandidateAttribute.fromSdp(c));
    }
    if (s.remoteEndOfCandidates()) {
      t.endOfRemoteCandidates();
    }
    dataSection =
        jsep.negotiated().stream()
            .filter(n -> !n.rejected() && n.remoteSctpPort() >= 0)
            .findFirst()
            .orElse(null);
    setState(PeerConnectionState.CONNECTING);
    startDtls(s);
  }

  private void startDtls(NegotiatedSection s) {
    List<DtlsFingerprint> expected = new ArrayList<>();
    for (SdpAttribute.Fingerprint f : s.remoteFingerprints()) {
      try {
        expected.add(new DtlsFingerprint(f.hashFunction(), f.fingerprint()));
      } catch (IllegalArgumentException e) {
        // RFC 8122 §5: unknown hash functions are ignored; at least one must be usable.
      }
    }
    if (expected.isEmpty()) {
      fail(
          new PeerConnectionException(
              PeerConnectionException.Reason.DTLS_FAILED,
              "the remote description has no usable a=fingerprint (RFC 8842 §5.1)"));
      return;
    }
    DtlsRole role =
        s.dtlsRole() == org.rtcheck.stack.sdp.jsep.DtlsRole.CLIENT
            ? DtlsRole.CLIENT
            : DtlsRole.SERVER;
    DtlsConfig dc =
        DtlsConfig.of(role, config.certificate(), expected)
            .withHandshakeTimeout(config.dtlsTimeout());
    if (config.keyLog() != null) {
      dc = dc.withKeyLog(config.keyLog());
    }
    DtlsEndpoint endpoint = DtlsEndpoint.start(dc);
    endpoint.onOutbound(this::send);
    endpoint.onApplicationData(
        d -> {
          appReceived.addAndGet(d.length);
          applicationDataSink.accept(d);
          if (sctpStarted) {
            sctp.receive(d);
          }
        });
    dtls = endpoint;
    for (byte[] d = dtlsBeforeEndpoint.poll(); d != null; d = dtlsBeforeEndpoint.poll()) {
      endpoint.receive(d);
    }
    endpoint.handshake().whenComplete(this::onHandshake);
  }

  private void onHandshake(DtlsHandshakeResult result, Throwable failure) {
    if (failure != null) {
      Throwable cause =
          failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
              ? failure.getCause()
              : failure;
      fail(
          new PeerConnectionException(
              PeerConnectionException.Reason.DTLS_FAILED, cause.getMessage(), cause));
      return;
    }
    SrtpKeyingMaterial k = result.keyingMaterial();
    boolean client = dtls.role() == DtlsRole.CLIENT;
    // RFC 5764 §4.2: the client writes with the client key and salt, the server with its own.
    srtpOut =
        SrtpContext.builder(result.profile())
            .masterKey(
                client ? k.clientKey() : k.serverKey(), client ? k.clientSalt() : k.serverSalt())
            .build();
    srtpIn =
        SrtpContext.builder(result.profile())
            .masterKey(
                client ? k.serverKey() : k.clientKey(), client ? k.serverSalt() : k.clientSalt())
            .build();
    dtlsResult = result;
    connectedAt = System.nanoTime();
    drainMediaBeforeKeys();
    emit(new PeerConnectionEvent.DtlsConnected(result));
    NegotiatedSection data = dataSection;
    if (data != null) {
      // RFC 8261 §5 over the DTLS association; RFC 8841 §5.1 ports, §6.1 message size.
      sctpStarted = true;
      sctp.start(
          client,
          LOCAL_SCTP_PORT,
          data.remoteSctpPort() > 0 ? data.remoteSctpPort() : LOCAL_SCTP_PORT,
          data.remoteMaxMessageSize(),
          dtls.applicationDataLimit());
    }
    if (iceConnected) {
      setState(PeerConnectionState.CONNECTED);
    }
    connected.complete(result);
  }

  private void onIceEvent(IceEvent e) {
    if (e instanceof IceEvent.LocalCandidate c) {
      localCandidates.add(c.candidate());
      if (config.trickle()) {
        emit(new PeerConnectionEvent.IceCandidate(bundleMid, c.candidate().toSdp()));
      }
    } else if (e instanceof IceEvent.LocalEndOfCandidates) {
      gatheringComplete.complete(null);
      if (config.trickle()) {
        emit(new PeerConnectionEvent.IceCandidate(bundleMid, null));
      }
    } else if (e instanceof IceEvent.GatheringStateChanged g) {
      emit(new PeerConnectionEvent.IceGatheringStateChange(g.state()));
      if (g.state() == IceGatheringState.COMPLETE) {
        gatheringComplete.complete(null);
      }
    } else if (e instanceof IceEvent.SelectedPairChanged p) {
      selectedLocal = p.local();
      selectedRemote = p.remote();
    } else if (e instanceof IceEvent.ConnectionStateChanged s) {
      onIceState(s.state());
    }
  }

  private void onIceState(IceConnectionState s) {
    iceState = s;
    emit(new PeerConnectionEvent.IceConnectionStateChange(s));
    switch (s) {
      case CONNECTED, COMPLETED -> {
        iceConnected = true;
        flushBeforeSelectedPair();
        if (dtlsResult != null) {
          setState(PeerConnectionState.CONNECTED);
        }
      }
      case DISCONNECTED -> setState(PeerConnectionState.DISCONNECTED);
      case FAILED ->
          fail(
              new PeerConnectionException(
                  PeerConnectionException.Reason.ICE_FAILED,
                  "no candidate pair works (RFC 8445 §8.1.2) or consent expired (RFC 7675 §5.1)"));
      default -> {}
    }
  }

  /** RFC 7983 §7 demultiplexing of what ICE did not consume. */
  private void onDatagram(InetSocketAddress source, byte[] data) {
    if (data.length == 0) {
      return;
    }
    int first = data[0] & 0xff;
    if (first >= 20 && first <= 63) {
      DtlsEndpoint d = dtls;
      if (d == null) {
        dtlsBeforeEndpoint.add(data);
      } else {
        d.receive(data);
      }
    } else if (first >= 128 && first <= 191 && data.length >= 2) {
      receiveMedia(data);
    }
  }

  private void receiveMedia(byte[] data) {
    SrtpContext in = srtpIn;
    if (in == null) {
      // The DTLS server finishes one flight before the client: the peer may send media before
      // this side has its keys. Hold a little of it rather than drop it.
      if (dtls != null && mediaBeforeKeys.size() < MEDIA_HELD_BEFORE_KEYS) {
        mediaBeforeKeys.add(data);
        if (srtpIn != null) {
          drainMediaBeforeKeys();
        }
      } else {
        srtpRejected.incrementAndGet();
      }
      return;
    }
    // RFC 5761 §4: RTCP packet types 192..223 sit where RTP has marker + payload type.
    int pt = data[1] & 0xff;
    boolean rtcp = pt >= 192 && pt <= 223;
    int n;
    try {
      synchronized (in) {
        n = rtcp ? in.unprotectRtcp(data, 0, data.length) : in.unprotect(data, 0, data.length);
      }
    } catch (SrtpException e) {
      srtpRejected.incrementAndGet();
      return;
    }
    rtpReceived.incrementAndGet();
    mediaSink.accept(rtcp, java.util.Arrays.copyOf(data, n));
  }

  private void drainMediaBeforeKeys() {
    for (byte[] d = mediaBeforeKeys.poll(); d != null; d = mediaBeforeKeys.poll()) {
      receiveMedia(d);
    }
  }

  /** Sends on the selected pair, or holds the datagram until ICE has one. */
  private void send(byte[] datagram) {
    IceUdpTransport t = ice;
    if (t == null || closed) {
      return;
    }
    if (!iceConnected) {
      beforeSelectedPair.add(datagram);
      if (iceConnected) {
        flushBeforeSelectedPair();
      }
      return;
    }
    // Once connected the agent keeps a selected pair; a datagram it cannot place is lost as on
    // any UDP path, and DTLS or SCTP retransmit.
    t.send(datagram);
  }

  private void flushBeforeSelectedPair() {
    IceUdpTransport t = ice;
    for (byte[] d = beforeSelectedPair.poll(); d != null; d = beforeSelectedPair.poll()) {
      t.send(d);
    }
  }

  private void sendSctp(byte[] packet) {
    DtlsEndpoint d = dtls;
    if (d == null || closed) {
      return;
    }
    try {
      d.sendApplicationData(packet);
      appSent.addAndGet(packet.length);
    } catch (DtlsException e) {
      // Closing: SCTP's own timers give up on the association. Packets are sized to DTLS's
      // record limit (SctpDriver.start), so a refusal for size does not happen.
    }
  }

  private void fail(PeerConnectionException cause) {
    if (state == PeerConnectionState.CLOSED || state == PeerConnectionState.FAILED) {
      return;
    }
    new Thread(() -> sctp.stop(cause.getMessage()), "rtcheck-sctp-stop").start();
    connected.completeExceptionally(cause);
    emit(new PeerConnectionEvent.Failed(cause));
    setState(PeerConnectionState.FAILED);
  }

  private void setState(PeerConnectionState next) {
    PeerConnectionState prev = state;
    if (prev == next || prev == PeerConnectionState.CLOSED) {
      return;
    }
    state = next;
    emit(new PeerConnectionEvent.ConnectionStateChange(next));
  }

  private void emit(PeerConnectionEvent event) {
    for (Consumer<PeerConnectionEvent> l : listeners) {
      l.accept(event);
    }
  }
}

package org.rtcheck.stack.peer;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
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
import org.rtcheck.stack.net.NetLoop;
import org.rtcheck.stack.net.TurnRelay;
import org.rtcheck.stack.rtp.InboundRtpStats;
import org.rtcheck.stack.rtp.OpusSilenceSource;
import org.rtcheck.stack.rtp.OutboundRtpStats;
import org.rtcheck.stack.rtp.RtcpReporter;
import org.rtcheck.stack.rtp.RtpFormatException;
import org.rtcheck.stack.sdp.SdpAttribute;
import org.rtcheck.stack.sdp.SdpAttribute.MediaDirection;
import org.rtcheck.stack.sdp.SdpType;
import org.rtcheck.stack.sdp.SessionDescription;
import org.rtcheck.stack.sdp.jsep.Capabilities;
import org.rtcheck.stack.sdp.jsep.JsepException;
import org.rtcheck.stack.sdp.jsep.JsepSession;
import org.rtcheck.stack.sdp.jsep.MediaKind;
import org.rtcheck.stack.sdp.jsep.NegotiatedSection;
import org.rtcheck.stack.sdp.jsep.OfferOptions;
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
 * <p>Later exchanges (RFC 9429 §5.2.2, §5.3.2) keep the transport: the same DTLS association (RFC
 * 8842 §5.5: certificate and role unchanged, else the connection fails with {@code DTLS_FAILED}),
 * SCTP association and channels; they add m-sections for new transceivers or a first data channel.
 * New ICE credentials on either side restart the agent (RFC 8445 §9) with the credentials JSEP put
 * in the description; data keeps flowing on the old pair until the new checks select one. Trickled
 * candidates that arrive while such an exchange is open are held until it completes, so they meet
 * the agent of their generation. Received RTP is checked (RFC 3550 A.1) and routed to its m-section
 * ({@link PeerConnectionEvent.RtpReceived}); {@link #sendSilentAudio} feeds an audio transceiver
 * with synthetic Opus silence.
 *
 * <p>Events arrive on the ICE event loop or the DTLS thread; listeners must not block. The API
 * methods are thread-safe; signaling calls are serialized, as the W3C operations chain does.
 */
public final class PeerConnection implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(PeerConnection.class.getName());

  /** RFC 8841 §5.1: the port own descriptions announce with a=sctp-port. */
  private static final int LOCAL_SCTP_PORT = 5000;

  /**
   * The mean RTCP report interval. RTP/SAVPF has no 5-second minimum (RFC 4585 §3.4); libwebrtc
   * reports video every second too, and a round-trip time after a second helps a test.
   */
  static final Duration RTCP_INTERVAL = Duration.ofSeconds(1);

  /** How many media packets are held while the DTLS handshake completes on this side. */
  private static final int MEDIA_HELD_BEFORE_KEYS = 128;

  private final PeerConnectionConfig config;
  private final JsepSession jsep;
  private final SetupTimeline timeline = new SetupTimeline();
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

  /** The handshake completed; set before the SRTP keys are, so SCTP can start first. */
  private volatile boolean dtlsEstablished;

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

  /** The thread of the sockets, DTLS records and SCTP: a datagram is handled where it arrives. */
  private final NetLoop netLoop;

  /** Whether {@link #netLoop} is this connection's own (closed with it) or the caller's. */
  private final boolean ownsNetLoop;

  private final AtomicLong sctpRefused = new AtomicLong();
  private volatile boolean sctpStarted;
  private boolean dataSectionAsked;
  private volatile NegotiatedSection dataSection;

  /** W3C restartIce(): the next offers carry new ICE credentials until an exchange completes. */
  private volatile boolean iceRestartWanted;

  /** W3C [[NegotiationNeeded]] (webrtc-pc §4.7.3): set when the event fired, cleared when met. */
  private boolean negotiationNeeded;

  /** The credentials the agent was given: its local ones and the peer's. */
  private volatile IceCredentials iceLocal;

  private volatile IceCredentials iceRemote;

  /** Whether the open exchange restarted the agent (so the peer's credentials are set again). */
  private boolean restartedThisExchange;

  /** True while a later exchange is open: trickled candidates wait in {@link #heldCandidates}. */
  private boolean renegotiating;

  /** Trickled remote candidates held during a later exchange; empty for end-of-candidates. */
  private final List<Optional<Candidate>> heldCandidates = new ArrayList<>();

  /** What the DTLS association was set up with (RFC 8842 §5.5: later exchanges must keep it). */
  private volatile NegotiatedSection transportSection;

  private volatile List<NegotiatedSection> lastNegotiated = List.of();
  private volatile BundleDemux demux = BundleDemux.none();
  private final AtomicLong rtpRefused = new AtomicLong();
  private final Set<Transceiver> silentAudio = new CopyOnWriteArraySet<>();
  private final Map<Transceiver, OpusSilenceSource> audioSources = new ConcurrentHashMap<>();
  private ScheduledExecutorService mediaClock;

  /**
   * The RTCP reports of the media session (one, as BUNDLE makes one RTP session; RFC 8843 §9);
   * guarded by itself. Idle until the first RTP packet either way.
   */
  private final RtcpReporter reports;

  private final AtomicBoolean rtcpTicking = new AtomicBoolean();
  private boolean audioTicking;

  /**
   * Guards {@link #mediaClock}: its own lock, because the network thread starts the RTCP clock and
   * must never wait for this connection's monitor (held by calls that wait for that thread).
   */
  private final Object mediaClockLock = new Object();

  private boolean mediaClockStopped;

  /** Set by close() before the BYE: no RTP or RTCP may follow it (RFC 3550 §6.1). */
  private volatile boolean mediaEnded;

  private final AtomicLong rtcpRefused = new AtomicLong();

  private PeerConnection(PeerConnectionConfig config) {
    this.config = config;
    this.ownsNetLoop = config.netLoop() == null;
    this.netLoop = ownsNetLoop ? new NetLoop() : config.netLoop();
    this.sctp =
        new SctpDriver(
            netLoop,
            this::sendSctp,
            ch -> emit(new PeerConnectionEvent.DataChannelAnnounced(ch)),
            timeline);
    List<SdpAttribute.Fingerprint> fingerprints =
        List.of(
            new SdpAttribute.Fingerprint("sha-256", config.certificate().fingerprint("sha-256")));
    SecureRandom random = new SecureRandom();
    this.jsep =
        new JsepSession(fingerprints, Capabilities.webrtcDefaults(), RtcpMuxPolicy.REQUIRE, random);
    // W3C webrtc-pc §5.4: RTCRtpTransceiver.direction's setter updates the negotiation-needed flag.
    jsep.onDirectionChange(this::updateNegotiationNeeded);
    this.reports =
        new RtcpReporter(
            jsep.cname(),
            random.nextInt() & 0xffffffffL,
            RTCP_INTERVAL,
            System.currentTimeMillis() * 1_000_000L - System.nanoTime(),
            random);
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

  /**
   * A transceiver for the next offer (RFC 9429 §4.1.2); on a connected pc this fires {@link
   * PeerConnectionEvent.NegotiationNeeded}. Changing its direction later ({@link
   * Transceiver#setDirection}) fires it too when the new direction is not the negotiated one (W3C
   * webrtc-pc §5.4).
   */
  public synchronized Transceiver addTransceiver(MediaKind kind, MediaDirection direction) {
    Transceiver t = jsep.addTransceiver(kind, direction);
    updateNegotiationNeeded();
    return t;
  }

  /**
   * RTCRtpTransceiver.stop(): sending stops now; the next offer or answer gives its m-section port
   * 0 and it stays in place (RFC 9429 §4.2.1, §5.2.2). Fires {@link
   * PeerConnectionEvent.NegotiationNeeded} on a connected pc.
   */
  public synchronized void stopTransceiver(Transceiver t) throws PeerConnectionException {
    requireOpen();
    try {
      jsep.stopTransceiver(t);
    } catch (IllegalArgumentException e) {
      throw new PeerConnectionException(
          PeerConnectionException.Reason.INVALID_STATE, e.getMessage(), e);
    }
    silentAudio.remove(t);
    // W3C webrtc-pc "stop sending": an RTCP BYE for the sender's stream (RFC 3550 §6.6).
    Optional<byte[]> bye;
    synchronized (reports) {
      bye = reports.leave(System.nanoTime(), t.senderSsrc());
    }
    if (bye.isPresent() && srtpOut != null) {
      sendMedia(bye.get(), true, true);
    }
    updateNegotiationNeeded();
  }

  /** The transceivers, added locally or created by remote offers (W3C getTransceivers()). */
  public synchronized List<Transceiver> transceivers() {
    return jsep.transceivers();
  }

  /**
   * W3C restartIce(): the next offer carries new ICE credentials (RFC 9429 §5.2.3.1, RFC 8839
   * §4.4.1.1.1); applying it restarts the agent (RFC 8445 §9). Fires {@link
   * PeerConnectionEvent.NegotiationNeeded} on a connected pc.
   */
  public synchronized void restartIce() throws PeerConnectionException {
    requireOpen();
    iceRestartWanted = true;
    updateNegotiationNeeded();
  }

  /**
   * Discards the pending offer, local or remote (RFC 9429 §4.1.8.2), e.g. after glare. An agent an
   * own restart offer already restarted goes back to the earlier credentials; candidates the peer
   * trickled for the rolled-back exchange are dropped.
   */
  public synchronized void rollback() throws PeerConnectionException {
    requireOpen();
    try {
      jsep.rollback();
    } catch (JsepException e) {
      throw new PeerConnectionException(
          PeerConnectionException.Reason.INVALID_STATE, e.getMessage(), e);
    }
    synchronized (heldCandidates) {
      heldCandidates.clear();
    }
    boolean restartStillWanted = iceRestartWanted;
    maybeRestartIce(); // back to the credentials the peer knows
    emit(new PeerConnectionEvent.SignalingStateChange(jsep.signalingState()));
    afterDescription();
    iceRestartWanted = restartStillWanted; // W3C: a rolled-back offer did not restart anything
    updateNegotiationNeeded();
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
      updateNegotiationNeeded();
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
      // W3C restartIce(): every offer until the exchange completes restarts (RFC 9429 §5.2.3.1).
      SessionDescription offer = jsep.createOffer(new OfferOptions(iceRestartWanted));
      timeline.mark(SetupTimeline.Phase.OFFER);
      return offer;
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
    maybeRestartIce();
    emit(new PeerConnectionEvent.SignalingStateChange(jsep.signalingState()));
    afterDescription();
    updateNegotiationNeeded();
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
    if (type == SdpType.OFFER) {
      timeline.mark(SetupTimeline.Phase.OFFER);
    }
    emit(new PeerConnectionEvent.SignalingStateChange(jsep.signalingState()));
    afterDescription();
    updateNegotiationNeeded();
  }

  /**
   * W3C webrtc-pc §4.7.3 "update the negotiation-needed flag": {@link
   * PeerConnectionEvent.NegotiationNeeded} fires once when a change needs an exchange and the flag
   * was clear; the flag clears when nothing is needed any more (a direction set back to the
   * negotiated one, an exchange that covered the change). Outside stable nothing happens; the
   * descriptions that complete an exchange run it again. Only once the transports started: before
   * that the application is negotiating anyway.
   */
  private synchronized void updateNegotiationNeeded() {
    if (closed || !transportsStarted || jsep.signalingState() != SignalingState.STABLE) {
      return;
    }
    if (!iceRestartWanted && !jsep.negotiationNeeded()) {
      negotiationNeeded = false;
      return;
    }
    if (negotiationNeeded) {
      return;
    }
    negotiationNeeded = true;
    emit(new PeerConnectionEvent.NegotiationNeeded());
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
      if (!hold(Optional.empty())) {
        t.endOfRemoteCandidates();
      }
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
    if (!hold(Optional.of(parsed))) {
      t.addRemoteCandidate(parsed);
    }
  }

  /** Holds a trickled candidate while a later exchange is open; false when it may go in now. */
  private boolean hold(Optional<Candidate> c) {
    synchronized (heldCandidates) {
      if (renegotiating) {
        heldCandidates.add(c);
        return true;
      }
      return false;
    }
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
    sendMedia(packet, false, false);
  }

  /** Protects and sends one (compound) RTCP packet. */
  public void sendRtcp(byte[] packet) throws PeerConnectionException {
    sendMedia(packet, true, false);
  }

  /**
   * @param last the final BYE compound, which may go while the connection closes
   */
  private void sendMedia(byte[] packet, boolean rtcp, boolean last) throws PeerConnectionException {
    if (mediaEnded && !last) {
      throw new PeerConnectionException(
          PeerConnectionException.Reason.CLOSED, "closing: RTCP BYE sent, no media after it");
    }
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
    if (!rtcp) {
      countSent(packet);
    }
  }

  private void countSent(byte[] packet) {
    if (packet.length < 12) {
      return; // the application's bytes: sent as given, but no source to report on
    }
    int clockRate = demux.clockRate(packet[1] & 0x7f);
    synchronized (reports) {
      reports.rtpSent(System.nanoTime(), packet, 0, packet.length, clockRate);
    }
    startRtcpClock();
  }

  /**
   * Feeds an audio transceiver with synthetic Opus silence ({@link OpusSilenceSource}): one packet
   * every 20 ms while SRTP is keyed and the negotiated direction sends, with the negotiated Opus
   * payload type, a random SSRC and the MID extension when negotiated. Until {@link #close}.
   *
   * @throws PeerConnectionException INVALID_STATE for video (no encoder to make real frames) or a
   *     transceiver of another connection
   */
  public synchronized void sendSilentAudio(Transceiver t) throws PeerConnectionException {
    requireOpen();
    if (!jsep.transceivers().contains(t)) {
      throw new PeerConnectionException(
          PeerConnectionException.Reason.INVALID_STATE, "not a transceiver of this connection");
    }
    if (t.kind() != MediaKind.AUDIO) {
      throw new PeerConnectionException(
          PeerConnectionException.Reason.INVALID_STATE,
          "only audio can be synthesized; video needs an encoder");
    }
    if (!audioTicking) {
      audioTicking = onMediaClock(this::sendAudioTick, OpusSilenceSource.PACKET_MILLIS);
    }
    silentAudio.add(t);
  }

  /**
   * Runs {@code task} every {@code periodMillis} on the thread of synthetic media and RTCP reports
   * (made on first use, stopped by close()); false once closed. Scheduling under the clock's lock
   * means close() cannot shut the clock down between making and using it.
   */
  private boolean onMediaClock(Runnable task, long periodMillis) {
    synchronized (mediaClockLock) {
      if (mediaClockStopped) {
        return false;
      }
      if (mediaClock == null) {
        mediaClock =
            Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread th = new Thread(r, "rtcheck-media-clock");
                  th.setDaemon(true);
                  return th;
                });
      }
      mediaClock.scheduleAtFixedRate(task, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
      return true;
    }
  }

  /** Stops the media clock and waits briefly for a tick in progress, so nothing follows a BYE. */
  private void stopMediaClock() {
    ScheduledExecutorService clock;
    synchronized (mediaClockLock) {
      mediaClockStopped = true;
      clock = mediaClock;
    }
    if (clock != null) {
      clock.shutdownNow();
      try {
        clock.awaitTermination(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The ICE ufrag the agent uses now (it changes with a restart), or null before gathering. */
  public String localIceUfrag() {
    IceCredentials c = iceLocal;
    return c == null ? null : c.ufrag();
  }

  /** The selected pair's local candidate, if ICE has selected one. */
  public Optional<Candidate> selectedLocalCandidate() {
    return Optional.ofNullable(selectedLocal);
  }

  /** The selected pair's remote candidate, if ICE has selected one. */
  public Optional<Candidate> selectedRemoteCandidate() {
    return Optional.ofNullable(selectedRemote);
  }

  /** Decrypted packets refused as RTP: RFC 3550 A.1 failures, unknown payload types or mids. */
  public long rtpRefused() {
    return rtpRefused.get();
  }

  /**
   * When each setup step first happened, from the creation of this connection (for a {@code
   * getStats}-style breakdown of the setup time).
   */
  public SetupTimeline setupTimeline() {
    IceUdpTransport t = ice;
    if (t != null) {
      timeline.markAt(SetupTimeline.Phase.FIRST_CHECK_SENT, t.firstStunSentAt());
    }
    return timeline;
  }

  public PeerConnectionStats stats() {
    List<OutboundRtpStats> outbound;
    List<InboundRtpStats> inbound;
    long reportsSent;
    synchronized (reports) {
      outbound = reports.outbound();
      inbound = reports.inbound();
      reportsSent = reports.reportsSent();
    }
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
        appReceived.get(),
        sctpRefused.get(),
        sctp.pathMtu(),
        setupTimeline().snapshot(),
        outbound,
        inbound,
        reportsSent,
        rtcpRefused.get());
  }

  /** Closes DTLS (close_notify), ICE and its sockets; idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed || mediaEnded) {
        return;
      }
      // RFC 3550 §6.1: the BYE is the last packet: stop the clock (audio, reports) and refuse
      // sendRtp first. The connection's monitor is not held while waiting for the clock's tick.
      mediaEnded = true;
    }
    stopMediaClock();
    sendRtcpBye();
    synchronized (this) {
      closed = true;
      jsep.close();
    }
    if (netLoop.inLoop()) {
      // Closed from a callback on the loop, which cannot wait for its own shutdown.
      new Thread(this::closeTransports, "rtcheck-close").start();
    } else {
      closeTransports();
    }
    connected.completeExceptionally(
        new PeerConnectionException(PeerConnectionException.Reason.CLOSED, "closed"));
    setState(PeerConnectionState.CLOSED);
  }

  // ------------------------------------------------------------------------------ internals

  /** RFC 3550 §6.6: a participant leaving says BYE, in a last compound, if media ever flowed. */
  private void sendRtcpBye() {
    if (srtpOut == null) {
      return;
    }
    Optional<byte[]> bye;
    synchronized (reports) {
      bye = reports.bye(System.nanoTime());
    }
    if (bye.isPresent()) {
      try {
        sendMedia(bye.get(), true, true);
      } catch (PeerConnectionException e) {
        // closing anyway
      }
    }
  }

  private void closeTransports() {
    sctp.stop("peer connection closed");
    DtlsEndpoint d = dtls;
    if (d != null) {
      d.close();
    }
    IceUdpTransport t = ice;
    if (t != null) {
      t.close();
    }
    if (ownsNetLoop) {
      netLoop.close();
    }
  }

  private void requireOpen() throws PeerConnectionException {
    if (closed) {
      throw new PeerConnectionException(PeerConnectionException.Reason.CLOSED, "closed");
    }
  }

  private void ensureIce(IceRole role) throws PeerConnectionException {
    if (ice != null) {
      return;
    }
    IceCredentials local = new IceCredentials(jsep.localIceUfrag(), jsep.localIcePwd());
    IceAgent agent = new IceAgent(IceConfig.defaults(), role, local, new SecureRandom().nextLong());
    iceLocal = local;
    IceUdpTransport t = IceUdpTransport.create(agent, config.transport(), netLoop);
    if (config.maxDtlsDatagram() > IceUdpTransport.MAX_DATAGRAM) {
      // path MTU discovery may raise SCTP's packets up to that: read them whole (RFC 8899 §6.2)
      t.readDatagramsUpTo(config.maxDtlsDatagram());
    }
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

  /** After every applied description: a completed exchange starts or updates the transports. */
  private void afterDescription() {
    if (jsep.signalingState() != SignalingState.STABLE) {
      if (transportsStarted) {
        synchronized (heldCandidates) {
          renegotiating = true;
        }
      }
      return;
    }
    lastNegotiated = jsep.negotiated();
    demux = new BundleDemux(lastNegotiated);
    if (transportsStarted) {
      renegotiated();
    } else {
      maybeStartTransports();
    }
    restartedThisExchange = false;
  }

  /**
   * An applied local description with ICE credentials other than the agent's: an own restart offer
   * or the answer to the peer's restart (RFC 8445 §9). The agent restarts with them at once, so the
   * peer's checks with the new credentials are answered.
   */
  private void maybeRestartIce() {
    IceUdpTransport t = ice;
    IceCredentials now = new IceCredentials(jsep.localIceUfrag(), jsep.localIcePwd());
    if (t == null || now.equals(iceLocal)) {
      return;
    }
    t.restart(now);
    iceLocal = now;
    restartedThisExchange = true;
  }

  /**
   * A later exchange completed (RFC 9429 §5.2.2, §5.3.2): the DTLS association stays, the agent
   * gets the peer's new credentials and candidates after a restart, a first data section starts
   * SCTP.
   */
  private void renegotiated() {
    Optional<NegotiatedSection> live =
        jsep.negotiated().stream().filter(n -> !n.rejected()).findFirst();
    IceUdpTransport t = ice;
    if (live.isPresent()) {
      NegotiatedSection s = live.get();
      NegotiatedSection first = transportSection;
      if (first != null
          && (!s.remoteFingerprints().equals(first.remoteFingerprints())
              || s.dtlsRole() != first.dtlsRole())) {
        // RFC 8842 §5.5: a new certificate or role means a new DTLS association, which this
        // stack does not set up on a live connection.
        fail(
            new PeerConnectionException(
                PeerConnectionException.Reason.DTLS_FAILED,
                "a later description changes the DTLS "
                    + (s.dtlsRole() != first.dtlsRole() ? "role" : "fingerprint")
                    + "; a new DTLS association is not supported (RFC 8842 §5.5)"));
        return;
      }
      IceCredentials remote = new IceCredentials(s.remoteIceUfrag(), s.remoteIcePwd());
      if (restartedThisExchange || !remote.equals(iceRemote)) {
        if (!restartedThisExchange) {
          // The peer changed its credentials and ours stayed: restart with ours kept, rather than
          // let the agent pick credentials nobody signalled.
          t.restart(iceLocal);
        }
        t.setRemoteCredentials(remote);
        iceRemote = remote;
        for (SdpAttribute.Candidate c : s.remoteCandidates()) {
          t.addRemoteCandidate(CandidateAttribute.fromSdp(c));
        }
        if (s.remoteEndOfCandidates()) {
          t.endOfRemoteCandidates();
        }
        if (restartedThisExchange) {
          iceRestartWanted = false;
        }
      }
    }
    synchronized (heldCandidates) {
      renegotiating = false;
      for (Optional<Candidate> c : heldCandidates) {
        if (c.isPresent()) {
          t.addRemoteCandidate(c.get());
        } else {
          t.endOfRemoteCandidates();
        }
      }
      heldCandidates.clear();
    }
    if (dataSection == null) {
      dataSection =
          jsep.negotiated().stream()
              .filter(n -> !n.rejected() && n.remoteSctpPort() >= 0)
              .findFirst()
              .orElse(null);
      if (dataSection != null && dtlsEstablished) {
        startSctp(); // RFC 8841: a data section added to a connected session
      }
    }
  }

  /** Once both descriptions are applied: ICE gets the peer's credentials, DTLS starts. */
  private void maybeStartTransports() {
    Optional<NegotiatedSection> live =
        jsep.negotiated().stream().filter(s -> !s.rejected()).findFirst();
    if (live.isEmpty()) {
      return;
    }
    transportsStarted = true;
    timeline.mark(SetupTimeline.Phase.ANSWER_APPLIED);
    NegotiatedSection s = live.get();
    transportSection = s;
    bundleMid = s.mid();
    IceUdpTransport t = ice;
    iceRemote = new IceCredentials(s.remoteIceUfrag(), s.remoteIcePwd());
    t.setRemoteCredentials(iceRemote);
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
            .withHandshakeTimeout(config.dtlsTimeout())
            // DTLS only sends on the selected pair, whose address ICE checks and consent (RFC
            // 7675) verified: RFC 6347 §4.2.1's cookie round trip would add nothing but delay.
            .withCookieExchange(false);
    if (config.keyLog() != null) {
      dc = dc.withKeyLog(config.keyLog());
    }
    DtlsEndpoint endpoint = DtlsEndpoint.start(dc);
    endpoint.onOutbound(
        d -> {
          timeline.mark(SetupTimeline.Phase.DTLS_FIRST_FLIGHT);
          send(d);
        });
    endpoint.onApplicationData(
        d -> {
          appReceived.addAndGet(d.length);
          applicationDataSink.accept(d);
          // Before SCTP starts here (the peer's side of DTLS finished first and its INIT came
          // at once), the driver holds the packet instead of losing it.
          sctp.receive(d);
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
    dtlsEstablished = true;
    timeline.mark(SetupTimeline.Phase.DTLS_CONNECTED);
    connectedAt = System.nanoTime();
    // SCTP's INIT goes out before the SRTP contexts are built (JCE set-up, measured 0.5 ms warm per
    // AEAD_AES_128_GCM context, two of them): a data channel waits for nothing SRTP does, and
    // media that arrives meanwhile waits in mediaBeforeKeys.
    startSctp();
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
    drainMediaBeforeKeys();
    emit(new PeerConnectionEvent.DtlsConnected(result));
    if (iceConnected) {
      setState(PeerConnectionState.CONNECTED);
    }
    connected.complete(result);
  }

  /** Starts SCTP once, when DTLS is up and a data section is negotiated, whichever comes last. */
  private void startSctp() {
    NegotiatedSection data = dataSection;
    if (data == null || !dtlsEstablished) {
      return;
    }
    synchronized (sctp) {
      if (sctpStarted) {
        return;
      }
      // RFC 8261 §5 over the DTLS association; RFC 8841 §5.1 ports, §6.1 message size.
      sctpStarted = true;
      sctp.start(
          dtls.role() == DtlsRole.CLIENT,
          LOCAL_SCTP_PORT,
          data.remoteSctpPort() > 0 ? data.remoteSctpPort() : LOCAL_SCTP_PORT,
          data.remoteMaxMessageSize(),
          dtls.applicationDataLimit(),
          dtls.maxApplicationData(config.maxDtlsDatagram()));
    }
  }

  /** One 20 ms tick of the synthetic audio: a packet per sending audio transceiver. */
  private void sendAudioTick() {
    if (srtpOut == null || closed) {
      return;
    }
    for (Transceiver t : silentAudio) {
      String mid = t.mid();
      NegotiatedSection n =
          mid == null
              ? null
              : lastNegotiated.stream()
                  .filter(x -> mid.equals(x.mid()) && !x.rejected())
                  .findFirst()
                  .orElse(null);
      if (n == null
          || t.stopped()
          || !(n.direction() == MediaDirection.SENDRECV
              || n.direction() == MediaDirection.SENDONLY)) {
        continue;
      }
      try {
        OpusSilenceSource src = audioSources.get(t);
        if (src == null) {
          Optional<Integer> pt =
              n.codecs().stream()
                  .filter(c -> c.name().equalsIgnoreCase("opus"))
                  .map(c -> c.payloadType())
                  .findFirst();
          if (pt.isEmpty()) {
            continue; // Opus not negotiated: nothing this source can send
          }
          SecureRandom r = new SecureRandom();
          int midId = demux.midExtensionId();
          src =
              new OpusSilenceSource(
                  pt.get(),
                  t.senderSsrc(), // the SSRC signalled in a=ssrc
                  r.nextInt(),
                  r.nextInt(),
                  midId > 0 && midId <= 14 ? midId : 0,
                  mid);
          audioSources.put(t, src);
        }
        sendRtp(src.next());
      } catch (PeerConnectionException e) {
        return; // closing: the clock stops with close()
      } catch (RuntimeException e) {
        // An exception would cancel the clock for every transceiver; stop only this one.
        silentAudio.remove(t);
        emit(new PeerConnectionEvent.MediaSourceStopped(mid, e.toString()));
      }
    }
  }

  private void onIceEvent(IceEvent e) {
    if (e instanceof IceEvent.LocalCandidate c) {
      // After a restart the agent reports its candidates again for signalling (RFC 8445 §9).
      if (!localCandidates.contains(c.candidate())) {
        localCandidates.add(c.candidate());
      }
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
      emit(
          new PeerConnectionEvent.SelectedCandidatePairChange(
              p.local().toSdp(), p.remote().toSdp()));
    } else if (e instanceof IceEvent.ConnectionStateChanged s) {
      onIceState(s.state());
    }
  }

  private void onIceState(IceConnectionState s) {
    iceState = s;
    emit(new PeerConnectionEvent.IceConnectionStateChange(s));
    switch (s) {
      case CONNECTED, COMPLETED -> {
        timeline.mark(SetupTimeline.Phase.ICE_CONNECTED);
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
    byte[] plain = java.util.Arrays.copyOf(data, n);
    if (rtcp) {
      countRtcp(plain);
      mediaSink.accept(true, plain);
      return;
    }
    BundleDemux.Routed r;
    try {
      r = demux.route(plain);
    } catch (BundleDemux.Refused e) {
      mediaSink.accept(false, plain);
      rtpRefused.incrementAndGet();
      emit(new PeerConnectionEvent.RtpRefused(e.getMessage()));
      return;
    }
    // Counted before the sink sees it: an echo sent from the sink must find the SSRC remote.
    synchronized (reports) {
      reports.rtpReceived(System.nanoTime(), r.header(), demux.clockRate(r.header().payloadType()));
    }
    startRtcpClock();
    mediaSink.accept(false, plain);
    emit(
        new PeerConnectionEvent.RtpReceived(
            r.route().mid(),
            r.route().kind(),
            r.header().ssrc(),
            r.header().payloadType(),
            r.header().sequenceNumber(),
            n));
  }

  private void countRtcp(byte[] plain) {
    try {
      synchronized (reports) {
        // Lenient about RFC 5506 reduced-size RTCP: own offers and answers carry a=rtcp-rsize.
        reports.rtcpReceived(System.nanoTime(), plain, 0, plain.length, true);
      }
    } catch (RtpFormatException e) {
      rtcpRefused.incrementAndGet();
      emit(new PeerConnectionEvent.RtcpRefused(e.getMessage()));
    }
  }

  /** Polls the RTCP reporter every 50 ms once RTP flows; a report goes when one is due. */
  private void startRtcpClock() {
    if (rtcpTicking.get() || !rtcpTicking.compareAndSet(false, true)) {
      return;
    }
    onMediaClock(this::sendRtcpReport, 50);
  }

  private void sendRtcpReport() {
    if (srtpOut == null || mediaEnded) {
      return; // polled only when it can go: making a report closes its reception interval
    }
    try {
      Optional<byte[]> report;
      synchronized (reports) {
        report = reports.poll(System.nanoTime());
      }
      if (report.isPresent()) {
        sendMedia(report.get(), true, false);
      }
    } catch (PeerConnectionException e) {
      // Closing: the BYE is the last word.
    } catch (RuntimeException e) {
      // An exception would cancel the clock's task and with it every later report.
      if (!closed) {
        LOG.log(System.Logger.Level.WARNING, "RTCP report failed: " + e);
      }
    }
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
    t.sendOnSelectedPair(datagram);
  }

  private void flushBeforeSelectedPair() {
    IceUdpTransport t = ice;
    for (byte[] d = beforeSelectedPair.poll(); d != null; d = beforeSelectedPair.poll()) {
      t.sendOnSelectedPair(d);
    }
  }

  private void sendSctp(byte[] packet) {
    DtlsEndpoint d = dtls;
    if (d == null || closed) {
      return;
    }
    timeline.mark(SetupTimeline.Phase.SCTP_INIT_SENT);
    try {
      d.sendApplicationData(packet);
      appSent.addAndGet(packet.length);
    } catch (DtlsException e) {
      // Closing: SCTP's own timers give up on the association. Packets are sized to DTLS's
      // record limit (SctpDriver.start), so a refusal for size should not happen; count it and
      // say so once, as a packet lost on the path would be retransmitted but never explained.
      if (sctpRefused.getAndIncrement() == 0 && !closed) {
        LOG.log(System.Logger.Level.WARNING, "DTLS refused an SCTP packet: " + e.getMessage());
      }
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

package org.rtcheck.stack.sctp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import org.rtcheck.stack.sctp.SctpChunk.Data;
import org.rtcheck.stack.sctp.SctpChunk.GapBlock;
import org.rtcheck.stack.sctp.SctpChunk.Init;
import org.rtcheck.stack.sctp.SctpChunk.SkippedStream;
import org.rtcheck.stack.sctp.SctpParameter.OutgoingSsnResetRequest;
import org.rtcheck.stack.sctp.SctpParameter.ReconfigurationResponse;
import org.rtcheck.stack.sctp.SctpSendException.Reason;

/**
 * One SCTP association as a sans-IO state machine (RFC 9260 with RFC 3758 partial reliability and
 * RFC 6525 stream reset), as WebRTC runs it over DTLS (RFC 8261): one path, no multi-homing.
 *
 * <p>Feed it datagrams ({@link #handlePacket}), user calls ({@link #connect}, {@link #send}, {@link
 * #resetStreams}, {@link #shutdown}, {@link #abort}) and timeouts ({@link #handleTimeout}); take
 * packets from {@link #pollTransmit}, events from {@link #pollEvent} and the next deadline from
 * {@link #pollTimeout}. Received messages count against the advertised receive window until they
 * are polled, so a user that stops polling closes the window (flow control, RFC 9260 §6.2).
 *
 * <p>Both sides may call {@link #connect} at once (as WebRTC endpoints do); the INIT collision is
 * resolved per RFC 9260 §5.2.1 and §5.2.4. Association restart (§5.2.2 with a new peer tag) is not
 * supported: such a COOKIE ECHO is dropped.
 */
public final class SctpAssociation {

  /** Association states (RFC 9260 §4). */
  public enum State {
    CLOSED,
    COOKIE_WAIT,
    COOKIE_ECHOED,
    ESTABLISHED,
    SHUTDOWN_PENDING,
    SHUTDOWN_SENT,
    SHUTDOWN_RECEIVED,
    SHUTDOWN_ACK_SENT
  }

  private static final long NONE = Long.MAX_VALUE;
  private static final int MAX_GAP_BLOCKS = 64;
  private static final int MAX_DUPLICATES = 16;

  /** The smallest DATA payload cut to fill the rest of a packet (see sendNewData). */
  private static final int MIN_FILL = 256;

  private final SctpConfig config;
  private final CookieJar cookies;
  private final PlpmtudSearch plpmtud;
  private final long probeNonce; // in each probe's Heartbeat Info, so only answers count
  private final ArrayDeque<byte[]> transmits = new ArrayDeque<>();
  private final ArrayDeque<SctpEvent> events = new ArrayDeque<>();

  private State state = State.CLOSED;
  private boolean finished; // closed after having been open, or aborted: no more user calls
  private final long localTag;
  private final long localInitialTsn;
  private long peerTag;
  private boolean peerForwardTsn;
  private boolean peerReconfig;
  private int outboundStreams;
  private int inboundStreams;
  private long lastNow;

  // ---- timers (absolute times, NONE when stopped)
  private long t1 = NONE; // INIT / COOKIE ECHO (§5.1)
  private long t2 = NONE; // SHUTDOWN / SHUTDOWN ACK (§9.2)
  private long t3 = NONE; // retransmission (§6.3.2)
  private long sackTimer = NONE; // delayed SACK (§6.2)
  private long heartbeatTimer = NONE; // §8.3
  private long reconfigTimer = NONE; // RFC 6525 §5.1.1
  private int initRetransmissions;
  private byte[] cookieToEcho;
  private Init initSent;

  // ---- RTO (§6.3.1)
  private double srtt = -1;
  private double rttvar;
  private long rto;
  private int errorCount;
  private boolean heartbeatOutstanding;

  // ---- sender
  private long nextTsn;
  private long cumAckPoint;
  private long advancedPeerAckPoint;
  private long peerRwnd;
  private long cwnd;
  private long ssthresh;
  private long partialBytesAcked;
  private long flightSize;
  private boolean fastRecovery;
  private long fastRecoveryExit;
  private boolean fastRetransmitDue; // §7.2.4 step 3: one packet may ignore cwnd
  private final ArrayDeque<OutMessage> sendQueue = new ArrayDeque<>();
  private final TreeMap<Long, OutChunk> outstanding = new TreeMap<>();
  private final int[] nextSsn;
  private final long[] buffered;
  private boolean forwardTsnDue;
  private int retransmitsPending;
  private boolean timedQueued; // a queued message has a lifetime: check expiry on flush
  private long fastRetransmits; // chunks marked by §7.2.4
  private long t3Expirations; // §6.3.3 timeouts with data outstanding

  // ---- receiver
  private long cumTsn;
  private long highestReceived;
  private final TreeSet<Long> aboveCum = new TreeSet<>();
  private final TreeMap<Long, Data> fragments = new TreeMap<>();
  private final Map<Integer, TreeMap<Integer, SctpEvent.Message>> orderedPending =
      new java.util.HashMap<>();
  private final int[] expectedSsn;
  private long receiveBufferUsed;
  private long lastAdvertisedRwnd;
  private final List<Long> duplicates = new ArrayList<>();
  private boolean sackNow;
  private int dataPacketsSinceSack;

  // ---- stream reset (RFC 6525)
  private long reconfigRequestSeq;
  private final LinkedHashSet<Integer> resetPending = new LinkedHashSet<>();
  private OutgoingSsnResetRequest resetInFlight;
  private long peerRequestSeq; // next expected from the peer
  private ReconfigurationResponse lastResponse;
  private OutgoingSsnResetRequest deferredPeerReset;

  // ---- pending control chunks for the next packet
  private final List<SctpChunk> control = new ArrayList<>();

  public SctpAssociation(SctpConfig config) {
    this.config = config;
    byte[] secret = new byte[32];
    config.random().nextBytes(secret);
    this.cookies = new CookieJar(secret);
    this.plpmtud = new PlpmtudSearch(config.mtu(), config.maxPlpmtu());
    this.probeNonce = config.random().nextLong() & 0xffffffffL;
    this.localTag = 1 + (config.random().nextLong() & 0xffffffffL) % 0xfffffffeL;
    this.localInitialTsn = config.random().nextLong() & 0xffffffffL;
    this.nextSsn = new int[config.outboundStreams()];
    this.buffered = new long[config.outboundStreams()];
    this.expectedSsn = new int[config.inboundStreams()];
    this.outboundStreams = config.outboundStreams();
    this.inboundStreams = config.inboundStreams();
    this.rto = config.rtoInitial();
    this.nextTsn = localInitialTsn;
    this.cumAckPoint = localInitialTsn - 1;
    this.advancedPeerAckPoint = cumAckPoint;
    this.reconfigRequestSeq = localInitialTsn;
    this.lastAdvertisedRwnd = config.receiveWindow();
  }

  // ================================================================ user calls

  /** Starts the association: sends INIT (RFC 9260 §5.1 A). */
  public void connect(long now) {
    lastNow = now;
    if (state != State.CLOSED || finished) {
      return;
    }
    initSent = makeInit(false, null);
    state = State.COOKIE_WAIT;
    initRetransmissions = 0;
    sendNow(0, List.of(initSent));
    t1 = now + rto;
  }

  /**
   * Queues one user message. Messages may be queued before the association is established; they go
   * out once it is.
   */
  public void send(int streamId, long ppid, byte[] data, SendOptions options, long now)
      throws SctpSendException {
    lastNow = now;
    if (finished || state.compareTo(State.SHUTDOWN_PENDING) >= 0) {
      throw new SctpSendException(Reason.NOT_OPEN, "association is " + state);
    }
    if (streamId < 0 || streamId >= outboundStreams) {
      throw new SctpSendException(
          Reason.INVALID_STREAM, "stream " + streamId + " not below " + outboundStreams);
    }
    if (data.length == 0) {
      throw new SctpSendException(Reason.EMPTY, "DATA carries at least one byte");
    }
    if (data.length > config.maxMessageSize()) {
      throw new SctpSendException(
          Reason.MESSAGE_TOO_LARGE,
          data.length + " bytes, max message size is " + config.maxMessageSize());
    }
    if (resetPending.contains(streamId) || resetting(streamId)) {
      throw new SctpSendException(Reason.STREAM_RESETTING, "stream " + streamId);
    }
    OutMessage m = new OutMessage(streamId, ppid, data, options, now);
    sendQueue.add(m);
    timedQueued |= options.maxLifetime() >= 0;
    buffered[streamId] += data.length;
    flush(now);
  }

  /** Bytes queued on a stream and not yet transmitted once. */
  public long bufferedAmount(int streamId) {
    return streamId >= 0 && streamId < buffered.length ? buffered[streamId] : 0;
  }

  /**
   * Resets outgoing streams (RFC 6525 §5.1.2) once the data already queued on them is sent; how a
   * data channel is closed (RFC 8831 §6.7).
   */
  public void resetStreams(List<Integer> streams, long now) {
    lastNow = now;
    resetPending.addAll(streams);
    flush(now);
  }

  /** Graceful shutdown (RFC 9260 §9.2): finishes outstanding data first. */
  public void shutdown(long now) {
    lastNow = now;
    if (state == State.ESTABLISHED) {
      state = State.SHUTDOWN_PENDING;
      flush(now);
    } else if (state == State.COOKIE_WAIT || state == State.COOKIE_ECHOED) {
      close(new SctpEvent.Closed());
    }
  }

  /** Aborts (RFC 9260 §9.1): sends ABORT with a User-Initiated Abort cause. */
  public void abort(String reason, long now) {
    lastNow = now;
    if (finished) {
      return;
    }
    if (state != State.CLOSED && peerTag != 0) {
      sendNow(
          peerTag,
          List.of(new SctpChunk.Abort(false, List.of(ErrorCause.userInitiatedAbort(reason)))));
    }
    close(new SctpEvent.Aborted(false, reason));
  }

  public State state() {
    return state;
  }

  /** Current retransmission timeout in ms. */
  public long rto() {
    return rto;
  }

  public long cwnd() {
    return cwnd;
  }

  /**
   * The size SCTP packets are built to now: the PLPMTU (RFC 8899 §5.1.3), {@link SctpConfig#mtu()}
   * until path MTU discovery raised it.
   */
  public int plpmtu() {
    return plpmtud.plpmtu();
  }

  /** Path MTU probes sent so far (RFC 8899 §6.2). */
  public int plpmtuProbesSent() {
    return plpmtud.probesSent();
  }

  /** The path MTU discovery state (RFC 8899 §5.2), for tests. */
  PlpmtudSearch.State plpmtudState() {
    return plpmtud.state();
  }

  /** Times a black hole sent the PLPMTU back to BASE_PLPMTU (RFC 8899 §4.3). */
  public int plpmtuBlackHoles() {
    return plpmtud.blackHoles();
  }

  public long ssthresh() {
    return ssthresh;
  }

  /** DATA chunks marked for fast retransmission so far (RFC 9260 §7.2.4). */
  public long fastRetransmits() {
    return fastRetransmits;
  }

  /** T3-rtx expirations with data outstanding so far (RFC 9260 §6.3.3). */
  public long t3Expirations() {
    return t3Expirations;
  }

  /** The receive window this side advertises now. */
  public long receiveWindow() {
    return Math.max(0, config.receiveWindow() - receiveBufferUsed);
  }

  /** The peer's receive window as the sender last computed it. */
  public long peerReceiveWindow() {
    return peerRwnd;
  }

  public int outboundStreams() {
    return outboundStreams;
  }

  public int maxMessageSize() {
    return config.maxMessageSize();
  }

  // ================================================================ I/O

  /** The next packet to send, or null. */
  public byte[] pollTransmit() {
    return transmits.poll();
  }

  /**
   * The next event, or null. Polling a message frees its bytes from the receive window, which may
   * send a window update (RFC 9260 §6.2).
   */
  public SctpEvent pollEvent() {
    SctpEvent e = events.poll();
    if (e instanceof SctpEvent.Message m) {
      receiveBufferUsed -= m.data().length;
      if (lastAdvertisedRwnd < config.receiveWindow() / 2
          && receiveWindow() >= config.receiveWindow() / 2
          && isOpen()) {
        sackNow = true;
        flush(lastNow);
      }
    }
    return e;
  }

  /** When {@link #handleTimeout} must be called next, if ever. */
  public OptionalLong pollTimeout() {
    long t = Math.min(Math.min(t1, t2), Math.min(t3, sackTimer));
    t = Math.min(t, Math.min(heartbeatTimer, reconfigTimer));
    t = Math.min(t, plpmtud.deadline());
    return t == NONE ? OptionalLong.empty() : OptionalLong.of(t);
  }

  /** Handles one datagram received from the peer. */
  public void handlePacket(byte[] datagram, long now) {
    lastNow = now;
    SctpPacket packet;
    try {
      packet = SctpPacketCodec.decode(datagram);
    } catch (SctpDecodeException e) {
      events.add(new SctpEvent.PacketRejected(e));
      return;
    }
    if (packet.chunks().isEmpty()) {
      return;
    }
    if (finished) {
      // §8.4 (5): an out-of-the-blue SHUTDOWN ACK gets a SHUTDOWN COMPLETE with the T bit.
      if (packet.chunks().get(0) instanceof SctpChunk.ShutdownAck) {
        sendNow(packet.verificationTag(), List.of(new SctpChunk.ShutdownComplete(true)));
      }
      return;
    }
    if (!tagAccepted(packet)) {
      return;
    }
    boolean hadData = false;
    for (SctpChunk c : packet.chunks()) {
      if (finished) {
        break;
      }
      if (c instanceof Data d) {
        hadData = true;
        onData(d, now);
      } else {
        onControl(c, packet, now);
      }
    }
    if (hadData) {
      dataPacketsSinceSack++;
      // RFC 9260 §6.2: acknowledge at least every second packet carrying DATA.
      if (dataPacketsSinceSack >= 2) {
        sackNow = true;
      } else if (sackTimer == NONE) {
        sackTimer = now + config.delayedAck();
      }
    }
    if (!finished) {
      flush(now);
    }
  }

  /** Runs every timer that is due at {@code now}. */
  public void handleTimeout(long now) {
    lastNow = now;
    if (finished) {
      return;
    }
    if (t1 <= now) {
      onT1(now);
    }
    if (t2 <= now) {
      onT2(now);
    }
    if (t3 <= now) {
      onT3(now);
    }
    if (sackTimer <= now) {
      sackNow = true;
    }
    if (heartbeatTimer <= now) {
      onHeartbeatTimer(now);
    }
    if (plpmtud.deadline() <= now) {
      plpmtud.onTimeout(now);
    }
    if (reconfigTimer <= now) {
      reconfigTimer = NONE;
      if (resetInFlight != null) {
        control.add(new SctpChunk.ReConfig(List.of(resetInFlight)));
        reconfigTimer = now + rto;
      }
    }
    if (!finished) {
      flush(now);
    }
  }

  // ================================================================ verification (§8.5)

  private boolean tagAccepted(SctpPacket p) {
    SctpChunk first = p.chunks().get(0);
    if (first instanceof Init i && !i.ack()) {
      // §8.5.1 A: INIT carries tag 0 and must be the only chunk.
      return p.verificationTag() == 0 && p.chunks().size() == 1;
    }
    if (first instanceof SctpChunk.Abort a) {
      return a.tagReflected() ? p.verificationTag() == peerTag : p.verificationTag() == localTag;
    }
    if (first instanceof SctpChunk.ShutdownComplete sc) {
      return sc.tagReflected() ? p.verificationTag() == peerTag : p.verificationTag() == localTag;
    }
    return p.verificationTag() == localTag;
  }

  // ================================================================ control chunks

  private void onControl(SctpChunk c, SctpPacket packet, long now) {
    if (c instanceof Init i) {
      if (i.ack()) {
        onInitAck(i, now);
      } else {
        onInit(i, now);
      }
    } else if (c instanceof SctpChunk.CookieEcho e) {
      onCookieEcho(e, now);
    } else if (c instanceof SctpChunk.CookieAck) {
      if (state == State.COOKIE_ECHOED) {
        t1 = NONE;
        established(now);
      }
    } else if (c instanceof SctpChunk.Sack s) {
      if (isOpen() || state == State.SHUTDOWN_SENT) {
        onSack(s.cumulativeTsnAck(), s.advertisedReceiverWindow(), s.gapBlocks(), now);
      }
    } else if (c instanceof SctpChunk.Heartbeat h) {
      if (!h.ack()) {
        control.add(new SctpChunk.Heartbeat(true, h.parameters()));
      } else {
        onHeartbeatAck(h, now);
      }
    } else if (c instanceof SctpChunk.Abort a) {
      String reason =
          a.causes().isEmpty()
              ? "ABORT"
              : a.causes().get(0).code() + ": " + a.causes().get(0).text();
      close(new SctpEvent.Aborted(true, reason));
    } else if (c instanceof SctpChunk.Shutdown s) {
      onShutdown(s, now);
    } else if (c instanceof SctpChunk.ShutdownAck) {
      if (state == State.SHUTDOWN_SENT || state == State.SHUTDOWN_ACK_SENT) {
        sendNow(peerTag, List.of(new SctpChunk.ShutdownComplete(false)));
        close(new SctpEvent.Closed());
      }
    } else if (c instanceof SctpChunk.ShutdownComplete) {
      if (state == State.SHUTDOWN_ACK_SENT) {
        close(new SctpEvent.Closed());
      }
    } else if (c instanceof SctpChunk.ForwardTsn f) {
      if (isOpen()) {
        onForwardTsn(f, now);
      }
    } else if (c instanceof SctpChunk.ReConfig r) {
      if (isOpen()) {
        onReConfig(r, now);
      }
    } else if (c instanceof SctpChunk.Pad) {
      // RFC 4820 §3: discarded, the rest of the packet is processed.
    } else if (c instanceof SctpChunk.Unknown u) {
      // RFC 9260 §3.2: the two upper bits of an unknown type say what to do.
      int action = u.type() >>> 6;
      if (action == 1 || action == 3) {
        control.add(
            new SctpChunk.OperationError(
                List.of(
                    new ErrorCause(
                        ErrorCause.UNRECOGNIZED_CHUNK_TYPE, SctpPacketCodec.encodeChunk(u)))));
      }
    }
    // ERROR and I-DATA (not negotiated) are ignored.
  }

  private Init makeInit(boolean ack, byte[] cookie) {
    List<SctpParameter> ps = new ArrayList<>();
    if (cookie != null) {
      ps.add(new SctpParameter.StateCookie(cookie));
    }
    ps.add(new SctpParameter.ForwardTsnSupported());
    ps.add(
        new SctpParameter.SupportedExtensions(List.of(SctpChunk.FORWARD_TSN, SctpChunk.RE_CONFIG)));
    return new Init(
        ack,
        localTag,
        config.receiveWindow(),
        config.outboundStreams(),
        config.inboundStreams(),
        localInitialTsn,
        ps);
  }

  private void onInit(Init init, long now) {
    if (state == State.SHUTDOWN_ACK_SENT) {
      return; // §9.2: keep finishing the shutdown
    }
    // §5.1 B, §5.2.1, §5.2.2: answer with our own tag and TSN; no state is kept until COOKIE ECHO.
    boolean fwd = false;
    boolean reconf = false;
    for (SctpParameter p : init.parameters()) {
      if (p instanceof SctpParameter.ForwardTsnSupported) {
        fwd = true;
      } else if (p instanceof SctpParameter.SupportedExtensions se) {
        fwd |= se.chunkTypes().contains(SctpChunk.FORWARD_TSN);
        reconf |= se.chunkTypes().contains(SctpChunk.RE_CONFIG);
      }
    }
    byte[] cookie =
        cookies.make(
            new CookieJar.Contents(
                localTag,
                init.initiateTag(),
                localInitialTsn,
                init.initialTsn(),
                init.advertisedReceiverWindow(),
                init.outboundStreams(),
                init.inboundStreams(),
                fwd,
                reconf,
                now));
    sendNow(init.initiateTag(), List.of(makeInit(true, cookie)));
  }

  private void onInitAck(Init ack, long now) {
    if (state != State.COOKIE_WAIT) {
      return; // §5.2.3: discard
    }
    byte[] cookie = null;
    boolean fwd = false;
    boolean reconf = false;
    for (SctpParameter p : ack.parameters()) {
      if (p instanceof SctpParameter.StateCookie sc) {
        cookie = sc.cookie();
      } else if (p instanceof SctpParameter.ForwardTsnSupported) {
        fwd = true;
      } else if (p instanceof SctpParameter.SupportedExtensions se) {
        fwd |= se.chunkTypes().contains(SctpChunk.FORWARD_TSN);
        reconf |= se.chunkTypes().contains(SctpChunk.RE_CONFIG);
      }
    }
    if (cookie == null) {
      // §5.1 C: an INIT ACK without cookie is an error; report it and give up.
      peerTag = ack.initiateTag();
      sendNow(
          peerTag,
          List.of(
              new SctpChunk.Abort(
                  false,
                  List.of(
                      new ErrorCause(
                          ErrorCause.MISSING_MANDATORY_PARAMETER,
                          new byte[] {0, 0, 0, 1, 0, 7})))));
      close(new SctpEvent.Aborted(false, "INIT ACK without State Cookie"));
      return;
    }
    adoptPeer(
        ack.initiateTag(),
        ack.initialTsn(),
        ack.advertisedReceiverWindow(),
        ack.outboundStreams(),
        ack.inboundStreams(),
        fwd,
        reconf);
    cookieToEcho = cookie;
    state = State.COOKIE_ECHOED;
    initRetransmissions = 0;
    sendCookieEchoWithData(cookie, now);
    t1 = now + rto;
  }

  /**
   * RFC 9260 §5.1 C: the COOKIE ECHO may carry pending DATA (a data channel's DATA_CHANNEL_OPEN,
   * RFC 8832 §5.1), first in the packet; no other packet may follow before the COOKIE ACK, so only
   * whole messages that fit this one packet go. The peer then opens the channel as it establishes
   * the association, a one-way trip earlier. The DATA is outstanding as usual (T3-rtx, §6.3.2).
   */
  private void sendCookieEchoWithData(byte[] cookie, long now) {
    SctpChunk.CookieEcho echo = new SctpChunk.CookieEcho(cookie);
    List<SctpChunk> chunks = new ArrayList<>();
    chunks.add(echo);
    int room = mtu() - SctpPacketCodec.COMMON_HEADER - SctpPacketCodec.encodeChunk(echo).length;
    // §7.2.1: the initial cwnd applies from the first DATA sent.
    cwnd = Math.min(4L * mtu(), Math.max(2L * mtu(), 4380));
    while (!sendQueue.isEmpty()) {
      OutMessage m = sendQueue.peek();
      int size = (SctpPacketCodec.DATA_HEADER + m.data.length + 3) & ~3;
      if (m.offset != 0 || size > room || m.data.length > peerRwnd || flightSize + size > cwnd) {
        break;
      }
      if (!m.options.unordered()) {
        m.ssn = nextSsn[m.streamId];
        nextSsn[m.streamId] = (nextSsn[m.streamId] + 1) & 0xffff;
      }
      OutChunk c = new OutChunk(nextTsn++, m, 0, m.data.length);
      m.chunks.add(c);
      m.offset = m.data.length;
      buffered[m.streamId] -= m.data.length;
      sendQueue.poll();
      c.transmissions = 1;
      c.sentAt = now;
      c.inFlight = true;
      flightSize += c.length;
      peerRwnd = Math.max(0, peerRwnd - c.length);
      outstanding.put(c.tsn, c);
      chunks.add(c.toChunk());
      room -= size;
      if (t3 == NONE) {
        t3 = now + rto;
      }
    }
    sendNow(peerTag, chunks);
  }

  private void onCookieEcho(SctpChunk.CookieEcho echo, long now) {
    CookieJar.Contents c = cookies.open(echo.cookie());
    if (c == null || c.localTag() != localTag) {
      return; // §5.1 D: silently discard a cookie that is not ours
    }
    if (now - c.created() > config.cookieLifetime()) {
      // §5.1 D / §3.3.10.3: stale cookie; the peer will retry.
      byte[] staleness = new byte[4];
      long usec = Math.min(0xffffffffL, (now - c.created() - config.cookieLifetime()) * 1000);
      staleness[0] = (byte) (usec >>> 24);
      staleness[1] = (byte) (usec >>> 16);
      staleness[2] = (byte) (usec >>> 8);
      staleness[3] = (byte) usec;
      sendNow(
          c.peerTag(),
          List.of(
              new SctpChunk.OperationError(
                  List.of(new ErrorCause(ErrorCause.STALE_COOKIE, staleness)))));
      return;
    }
    switch (state) {
      case CLOSED, COOKIE_WAIT -> {
        adoptPeer(
            c.peerTag(),
            c.peerInitialTsn(),
            c.peerReceiveWindow(),
            c.peerOutboundStreams(),
            c.peerInboundStreams(),
            c.peerForwardTsn(),
            c.peerReconfig());
        t1 = NONE;
        control.add(new SctpChunk.CookieAck());
        established(now);
      }
      case COOKIE_ECHOED -> {
        // §5.2.4 case D after an INIT collision: both tags match.
        if (c.peerTag() == peerTag) {
          t1 = NONE;
          control.add(new SctpChunk.CookieAck());
          established(now);
        }
      }
      default -> {
        if (c.peerTag() == peerTag) {
          control.add(new SctpChunk.CookieAck()); // §5.2.4 D: a duplicate COOKIE ECHO
        }
      }
    }
  }

  private void adoptPeer(
      long tag, long itsn, long rwnd, int os, int mis, boolean fwd, boolean reconf) {
    peerTag = tag;
    cumTsn = itsn - 1;
    highestReceived = cumTsn;
    peerRequestSeq = itsn;
    peerRwnd = rwnd;
    peerForwardTsn = fwd;
    peerReconfig = reconf;
    outboundStreams = Math.min(config.outboundStreams(), mis);
    inboundStreams = Math.min(config.inboundStreams(), os);
  }

  private void established(long now) {
    if (state == State.ESTABLISHED) {
      return;
    }
    state = State.ESTABLISHED;
    // §7.2.1: initial cwnd = min(4*MTU, max(2*MTU, 4380)); ssthresh may start at the peer's rwnd.
    cwnd = Math.min(4L * mtu(), Math.max(2L * mtu(), 4380));
    ssthresh = Math.max(peerRwnd, 4L * mtu());
    heartbeatTimer = now + rto + config.heartbeatInterval();
    plpmtud.start(); // RFC 8899 §5.2: the PL has connectivity
    events.add(new SctpEvent.Connected());
  }

  private boolean isOpen() {
    return state == State.ESTABLISHED
        || state == State.SHUTDOWN_PENDING
        || state == State.SHUTDOWN_RECEIVED;
  }

  private void close(SctpEvent why) {
    state = State.CLOSED;
    finished = true;
    t1 = t2 = t3 = sackTimer = heartbeatTimer = reconfigTimer = NONE;
    plpmtud.stop();
    sendQueue.clear();
    outstanding.clear();
    retransmitsPending = 0;
    control.clear();
    events.add(why);
  }

  // ================================================================ timers

  private void onT1(long now) {
    t1 = NONE;
    if (++initRetransmissions > config.maxInitRetransmissions()) {
      close(new SctpEvent.Aborted(false, "no answer to INIT or COOKIE ECHO"));
      return;
    }
    rto = Math.min(rto * 2, config.rtoMax()); // §6.3.3 E2 applies to T1 too (§5.1 C)
    if (state == State.COOKIE_WAIT) {
      sendNow(0, List.of(initSent));
    } else if (state == State.COOKIE_ECHOED) {
      sendNow(peerTag, List.of(new SctpChunk.CookieEcho(cookieToEcho)));
    }
    t1 = now + rto;
  }

  private void onT2(long now) {
    t2 = NONE;
    if (++errorCount > config.maxRetransmissions()) {
      abortWith("shutdown not acknowledged", now);
      return;
    }
    rto = Math.min(rto * 2, config.rtoMax());
    if (state == State.SHUTDOWN_SENT) {
      control.add(new SctpChunk.Shutdown(cumTsn & 0xffffffffL));
    } else if (state == State.SHUTDOWN_ACK_SENT) {
      control.add(new SctpChunk.ShutdownAck());
    }
    t2 = now + rto;
  }

  private void onT3(long now) {
    t3 = NONE;
    if (outstanding.isEmpty()) {
      return;
    }
    // §6.3.3 E1-E3: back off, collapse cwnd, retransmit what is outstanding.
    if (++errorCount > config.maxRetransmissions()) {
      abortWith("too many retransmissions", now);
      return;
    }
    t3Expirations++;
    rto = Math.min(rto * 2, config.rtoMax());
    ssthresh = Math.max(cwnd / 2, 4L * mtu());
    cwnd = mtu();
    plpmtud.onDataLoss(now); // RFC 8899 §4.3: maybe a black hole
    partialBytesAcked = 0;
    fastRecovery = false;
    for (OutChunk c : outstanding.values()) {
      if (c.acked || c.abandoned) {
        continue;
      }
      if (c.inFlight) {
        c.inFlight = false;
        flightSize -= c.length;
      }
      if (shouldAbandon(c.message, c, now)) {
        abandon(c.message);
      } else {
        markRetransmit(c, true);
      }
    }
    if (advancedPeerAckPoint > cumAckPoint || advancePeerAckPoint()) {
      forwardTsnDue = true;
    }
    t3 = now + rto;
  }

  private void onHeartbeatTimer(long now) {
    heartbeatTimer = NONE;
    if (!isOpen()) {
      return;
    }
    if (heartbeatOutstanding && ++errorCount > config.maxRetransmissions()) {
      abortWith("heartbeats unanswered", now);
      return;
    }
    byte[] info = new byte[8];
    for (int i = 0; i < 8; i++) {
      info[i] = (byte) (now >>> (56 - 8 * i));
    }
    control.add(new SctpChunk.Heartbeat(false, List.of(new SctpParameter.HeartbeatInfo(info))));
    heartbeatOutstanding = true;
    heartbeatTimer = now + rto + config.heartbeatInterval();
  }

  private void onHeartbeatAck(SctpChunk.Heartbeat h, long now) {
    if (h.parameters().get(0) instanceof SctpParameter.HeartbeatInfo hi
        && hi.info().length == PROBE_INFO) {
      onProbeAck(hi.info(), now);
      return;
    }
    heartbeatOutstanding = false;
    errorCount = 0;
    if (h.parameters().get(0) instanceof SctpParameter.HeartbeatInfo hi && hi.info().length == 8) {
      long sent = 0;
      for (byte b : hi.info()) {
        sent = (sent << 8) | (b & 0xff);
      }
      if (sent <= now && now - sent < config.rtoMax()) {
        measureRtt(now - sent); // §8.3: a HEARTBEAT ACK gives an RTT measurement
      }
    }
  }

  // ---- path MTU probes (RFC 8899 §6.2): HEARTBEAT + PAD, answered by a HEARTBEAT ACK

  /** Heartbeat Info of a probe: probed size (4), nonce (4), send time (8). */
  private static final int PROBE_INFO = 16;

  /** Common header, HEARTBEAT chunk header, Heartbeat Info parameter header and value. */
  private static final int PROBE_OVERHEAD = SctpPacketCodec.COMMON_HEADER + 4 + 4 + PROBE_INFO;

  private void sendProbe(long now) {
    if (!isOpen()) {
      return;
    }
    // RFC 8899 §5.1.1: the PROBE_TIMER outlasts an answer's round trip (the RTO does) and is at
    // least 1 s. Its SHOULD of 15 s is not followed: a lost probe size would hold the search for
    // 45 s and a black hole for as long, most of a typical data channel's life.
    PlpmtudSearch.Probe probe = plpmtud.pollProbe(now, rto);
    if (probe == null) {
      return;
    }
    byte[] info = new byte[PROBE_INFO];
    putU32(info, 0, probe.size());
    putU32(info, 4, probeNonce);
    putU32(info, 8, now >>> 32);
    putU32(info, 12, now);
    // RFC 8899 §6.2: a minimum-length HEARTBEAT and a PAD chunk (RFC 4820) filling the packet up
    // to the probed size, alone in its packet and outside congestion control; an answer does not
    // carry the padding back (RFC 9260 §8.3 echoes only the Heartbeat Info).
    sendNow(
        peerTag,
        List.of(
            new SctpChunk.Heartbeat(false, List.of(new SctpParameter.HeartbeatInfo(info))),
            new SctpChunk.Pad(probe.size() - PROBE_OVERHEAD - SctpPacketCodec.CHUNK_HEADER)));
  }

  private void onProbeAck(byte[] info, long now) {
    if (getU32(info, 4) != probeNonce) {
      return; // not an answer to a probe of ours
    }
    errorCount = 0; // RFC 9260 §8.3: the peer answered
    plpmtud.onProbeAcked((int) getU32(info, 0), now);
  }

  private static void putU32(byte[] b, int off, long v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  private static long getU32(byte[] b, int off) {
    return ((b[off] & 0xffL) << 24)
        | ((b[off + 1] & 0xffL) << 16)
        | ((b[off + 2] & 0xffL) << 8)
        | (b[off + 3] & 0xffL);
  }

  /** The PLPMTU: the size packets are built to, and the MTU of the cwnd rules (RFC 9260 §7.2). */
  private int mtu() {
    return plpmtud.plpmtu();
  }

  private void abortWith(String reason, long now) {
    sendNow(
        peerTag,
        List.of(new SctpChunk.Abort(false, List.of(ErrorCause.protocolViolation(reason)))));
    close(new SctpEvent.Aborted(false, reason));
  }

  // §6.3.1 C1-C3 (α = 1/8, β = 1/4), clamped to [RTO.Min, RTO.Max] (C6, C7).
  private void measureRtt(long r) {
    if (srtt < 0) {
      srtt = r;
      rttvar = r / 2.0;
    } else {
      rttvar = 0.75 * rttvar + 0.25 * Math.abs(srtt - r);
      srtt = 0.875 * srtt + 0.125 * r;
    }
    long g = 1; // clock granularity (ms); C4: keep RTTVAR at least G
    rto =
        Math.max(
            config.rtoMin(), Math.min(config.rtoMax(), Math.round(srtt + Math.max(g, 4 * rttvar))));
  }

  // ================================================================ receiving DATA

  private long unwrapReceived(long tsn) {
    return cumTsn + (int) (tsn - (cumTsn & 0xffffffffL));
  }

  private void onData(Data d, long now) {
    if (!isOpen() && state != State.SHUTDOWN_SENT) {
      return;
    }
    long t = unwrapReceived(d.tsn());
    if (t <= cumTsn || aboveCum.contains(t)) {
      // §6.2: report duplicates and acknowledge at once.
      if (duplicates.size() < MAX_DUPLICATES) {
        duplicates.add(d.tsn());
      }
      sackNow = true;
      return;
    }
    if (d.streamId() >= inboundStreams) {
      // §6.5: invalid stream; acknowledge the TSN and report the error.
      byte[] info = {(byte) (d.streamId() >>> 8), (byte) d.streamId(), 0, 0};
      control.add(
          new SctpChunk.OperationError(
              List.of(new ErrorCause(ErrorCause.INVALID_STREAM_IDENTIFIER, info))));
      markReceived(t);
      return;
    }
    if (receiveWindow() < d.payload().length && t > highestReceived) {
      // §6.2: no room; drop the chunk, the SACK tells the sender our window.
      sackNow = true;
      return;
    }
    markReceived(t);
    if (d.immediate()) {
      sackNow = true; // RFC 7053
    }
    fragments.put(t, d);
    receiveBufferUsed += d.payload().length;
    assemble(t);
    performDeferredReset();
  }

  private void markReceived(long t) {
    // §6.7 asks for a SACK after each packet that does not fill the gap; the one that fills it is
    // acknowledged at once too (as TCP does, RFC 5681 §4.2), or the sender, whose window is
    // often full of retransmissions by then, would wait for the delayed SACK.
    if (!aboveCum.isEmpty() && t > cumTsn && t < aboveCum.first()) {
      sackNow = true;
    }
    highestReceived = Math.max(highestReceived, t);
    if (t > cumTsn) {
      aboveCum.add(t);
    }
    while (!aboveCum.isEmpty() && aboveCum.first() <= cumTsn) {
      aboveCum.pollFirst();
    }
    while (!aboveCum.isEmpty() && aboveCum.first() == cumTsn + 1) {
      cumTsn = aboveCum.pollFirst();
    }
    if (!aboveCum.isEmpty()) {
      sackNow = true; // §6.7: out of order, acknowledge immediately
    }
  }

  // §6.9: the fragments of one message carry consecutive TSNs, B on the first and E on the last.
  private void assemble(long t) {
    long first = t;
    Data f = fragments.get(first);
    while (!f.beginning()) {
      f = fragments.get(first - 1);
      if (f == null) {
        return;
      }
      first--;
    }
    long last = t;
    f = fragments.get(last);
    while (!f.ending()) {
      f = fragments.get(last + 1);
      if (f == null) {
        return;
      }
      last++;
    }
    Data head = fragments.get(first);
    long size = 0;
    for (long i = first; i <= last; i++) {
      Data x = fragments.get(i);
      if (x.streamId() != head.streamId() || x.unordered() != head.unordered()) {
        protocolViolation(
            "fragments of one message on different streams at TSN " + (i & 0xffffffffL));
        return;
      }
      size += x.payload().length;
    }
    if (size > config.maxMessageSize()) {
      protocolViolation(
          "message of " + size + " bytes exceeds the max message size " + config.maxMessageSize());
      return;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) size);
    for (long i = first; i <= last; i++) {
      out.writeBytes(fragments.remove(i).payload());
    }
    SctpEvent.Message m =
        new SctpEvent.Message(head.streamId(), head.ppid(), out.toByteArray(), head.unordered());
    if (head.unordered()) {
      events.add(m);
    } else {
      orderedPending.computeIfAbsent(head.streamId(), k -> new TreeMap<>()).put(head.ssn(), m);
      deliverOrdered(head.streamId());
    }
  }

  private void deliverOrdered(int sid) {
    TreeMap<Integer, SctpEvent.Message> q = orderedPending.get(sid);
    if (q == null) {
      return;
    }
    SctpEvent.Message m;
    while ((m = q.remove(expectedSsn[sid])) != null) {
      events.add(m);
      expectedSsn[sid] = (expectedSsn[sid] + 1) & 0xffff;
    }
  }

  private void protocolViolation(String what) {
    sendNow(
        peerTag, List.of(new SctpChunk.Abort(false, List.of(ErrorCause.protocolViolation(what)))));
    close(new SctpEvent.Aborted(false, what));
  }

  // RFC 3758 §3.6
  private void onForwardTsn(SctpChunk.ForwardTsn f, long now) {
    sackNow = true;
    long newCum = unwrapReceived(f.newCumulativeTsn());
    if (newCum <= cumTsn) {
      return;
    }
    // Walk what is stored, not the TSN range: a hostile newCum may be 2^31 ahead.
    for (Iterator<Data> it = fragments.headMap(newCum, true).values().iterator(); it.hasNext(); ) {
      receiveBufferUsed -= it.next().payload().length;
      it.remove();
    }
    cumTsn = newCum;
    highestReceived = Math.max(highestReceived, cumTsn);
    markReceived(cumTsn); // drops covered entries and advances over what follows
    for (SkippedStream s : f.streams()) {
      if (s.streamId() >= inboundStreams) {
        continue;
      }
      TreeMap<Integer, SctpEvent.Message> q = orderedPending.get(s.streamId());
      // Deliver what is queued up to the skipped SSN, then expect the one after it.
      while (q != null && !q.isEmpty() && ssnLessOrEqual(q.firstKey(), s.ssn())) {
        Map.Entry<Integer, SctpEvent.Message> e = q.pollFirstEntry();
        events.add(e.getValue());
      }
      if (ssnLessOrEqual(expectedSsn[s.streamId()], s.ssn())) {
        expectedSsn[s.streamId()] = (s.ssn() + 1) & 0xffff;
      }
      deliverOrdered(s.streamId());
    }
    performDeferredReset();
  }

  private static boolean ssnLessOrEqual(int a, int b) {
    return (short) (a - b) <= 0;
  }

  // ================================================================ stream reset (RFC 6525)

  private void onReConfig(SctpChunk.ReConfig r, long now) {
    for (SctpParameter p : r.parameters()) {
      if (p instanceof OutgoingSsnResetRequest req) {
        onPeerResetRequest(req, now);
      } else if (p instanceof ReconfigurationResponse resp) {
        onResetResponse(resp, now);
      } else if (p instanceof SctpParameter.IncomingSsnResetRequest in) {
        // §5.2.3: we do not reset on the peer's behalf; WebRTC never asks.
        control.add(
            new SctpChunk.ReConfig(
                List.of(
                    new ReconfigurationResponse(
                        in.requestSequence(), ReconfigurationResponse.DENIED))));
      }
    }
  }

  private void onPeerResetRequest(OutgoingSsnResetRequest req, long now) {
    long seq = req.requestSequence();
    if (lastResponse != null && seq == lastResponse.responseSequence()) {
      // §5.2.1: a retransmitted request gets the same answer, unless it was in progress.
      if (lastResponse.result() != ReconfigurationResponse.IN_PROGRESS) {
        control.add(new SctpChunk.ReConfig(List.of(lastResponse)));
        return;
      }
    } else if (seq != (peerRequestSeq & 0xffffffffL)) {
      control.add(
          new SctpChunk.ReConfig(
              List.of(
                  new ReconfigurationResponse(
                      seq, ReconfigurationResponse.ERROR_BAD_SEQUENCE_NUMBER))));
      return;
    } else {
      peerRequestSeq++;
    }
    deferredPeerReset = req;
    if (!performDeferredReset()) {
      // §5.2.2: data up to the sender's last TSN has not all arrived yet.
      lastResponse = new ReconfigurationResponse(seq, ReconfigurationResponse.IN_PROGRESS);
      control.add(new SctpChunk.ReConfig(List.of(lastResponse)));
    }
  }

  private boolean performDeferredReset() {
    OutgoingSsnResetRequest req = deferredPeerReset;
    if (req == null || unwrapReceived(req.senderLastTsn()) > cumTsn) {
      return false;
    }
    deferredPeerReset = null;
    List<Integer> streams = new ArrayList<>();
    if (req.streams().isEmpty()) {
      for (int i = 0; i < inboundStreams; i++) {
        streams.add(i);
      }
    } else {
      streams.addAll(req.streams());
    }
    for (int s : streams) {
      if (s < inboundStreams) {
        expectedSsn[s] = 0;
        orderedPending.remove(s);
      }
    }
    lastResponse =
        new ReconfigurationResponse(
            req.requestSequence(), ReconfigurationResponse.SUCCESS_PERFORMED);
    control.add(new SctpChunk.ReConfig(List.of(lastResponse)));
    events.add(new SctpEvent.IncomingStreamsReset(List.copyOf(req.streams())));
    return true;
  }

  private void onResetResponse(ReconfigurationResponse resp, long now) {
    if (resetInFlight == null || resp.responseSequence() != resetInFlight.requestSequence()) {
      return;
    }
    if (resp.result() == ReconfigurationResponse.IN_PROGRESS) {
      return; // keep the timer; the request goes again
    }
    OutgoingSsnResetRequest done = resetInFlight;
    resetInFlight = null;
    reconfigTimer = NONE;
    if (resp.result() == ReconfigurationResponse.SUCCESS_PERFORMED
        || resp.result() == ReconfigurationResponse.SUCCESS_NOTHING_TO_DO) {
      for (int s : done.streams()) {
        nextSsn[s] = 0;
      }
    }
    events.add(new SctpEvent.OutgoingStreamsReset(done.streams()));
  }

  private boolean resetting(int sid) {
    return resetInFlight != null && resetInFlight.streams().contains(sid);
  }

  private void maybeSendResetRequest(long now) {
    if (resetInFlight != null || resetPending.isEmpty() || state != State.ESTABLISHED) {
      return;
    }
    // RFC 8831 §6.7: everything queued before the close goes out first.
    List<Integer> ready = new ArrayList<>();
    for (Iterator<Integer> it = resetPending.iterator(); it.hasNext(); ) {
      int s = it.next();
      if (s < outboundStreams && buffered[s] == 0) {
        ready.add(s);
        it.remove();
      } else if (s >= outboundStreams) {
        it.remove();
      }
    }
    if (ready.isEmpty()) {
      return;
    }
    resetInFlight =
        new OutgoingSsnResetRequest(
            reconfigRequestSeq & 0xffffffffL,
            (peerRequestSeq - 1) & 0xffffffffL,
            (nextTsn - 1) & 0xffffffffL,
            ready);
    reconfigRequestSeq++;
    control.add(new SctpChunk.ReConfig(List.of(resetInFlight)));
    reconfigTimer = now + rto;
  }

  // ================================================================ shutdown (§9.2)

  private void onShutdown(SctpChunk.Shutdown s, long now) {
    if (!isOpen() && state != State.SHUTDOWN_SENT) {
      return;
    }
    onSack(s.cumulativeTsnAck(), peerRwnd + flightSize, List.of(), now);
    if (state == State.SHUTDOWN_SENT) {
      // Both sides shut down at once: §9.2 says answer with SHUTDOWN ACK.
      control.add(new SctpChunk.ShutdownAck());
      state = State.SHUTDOWN_ACK_SENT;
      t2 = now + rto;
      return;
    }
    if (state != State.SHUTDOWN_RECEIVED) {
      state = State.SHUTDOWN_RECEIVED;
    }
  }

  private void progressShutdown(long now) {
    boolean drained = sendQueue.isEmpty() && outstanding.isEmpty();
    if (state == State.SHUTDOWN_PENDING && drained) {
      control.add(new SctpChunk.Shutdown(cumTsn & 0xffffffffL));
      state = State.SHUTDOWN_SENT;
      t3 = NONE;
      t2 = now + rto;
    } else if (state == State.SHUTDOWN_RECEIVED && drained) {
      control.add(new SctpChunk.ShutdownAck());
      state = State.SHUTDOWN_ACK_SENT;
      t3 = NONE;
      t2 = now + rto;
    }
  }

  // ================================================================ SACK processing (§6.2.1)

  private void onSack(long cumWire, long aRwnd, List<GapBlock> gaps, long now) {
    long cum = cumAckPoint + (int) (cumWire - (cumAckPoint & 0xffffffffL));
    if (cum < cumAckPoint) {
      return; // §6.2.1 D i: an old SACK
    }
    if (cum >= nextTsn) {
      protocolViolation("SACK acknowledges TSN " + cumWire + " that was never sent");
      return;
    }
    long flightBefore = flightSize;
    long bytesAcked = 0;
    long highestNewlyAcked = -1;
    boolean cumAdvanced = cum > cumAckPoint;
    OutChunk rttSample = null;
    while (!outstanding.isEmpty() && outstanding.firstKey() <= cum) {
      OutChunk c = outstanding.pollFirstEntry().getValue();
      markRetransmit(c, false);
      if (!c.acked && !c.abandoned) {
        bytesAcked += c.length;
        highestNewlyAcked = c.tsn;
        if (c.transmissions == 1) {
          rttSample = c;
        }
      }
      if (c.inFlight) {
        flightSize -= c.length;
        c.inFlight = false;
      }
    }
    cumAckPoint = cum;
    if (advancedPeerAckPoint < cumAckPoint) {
      advancedPeerAckPoint = cumAckPoint;
    }
    for (GapBlock g : gaps) {
      for (long t = cum + g.start(); t <= cum + g.end(); t++) {
        OutChunk c = outstanding.get(t);
        if (c == null || c.acked) {
          continue;
        }
        c.acked = true;
        markRetransmit(c, false);
        if (c.inFlight) {
          flightSize -= c.length;
          c.inFlight = false;
        }
        if (!c.abandoned) {
          bytesAcked += c.length;
          highestNewlyAcked = Math.max(highestNewlyAcked, c.tsn);
          if (c.transmissions == 1 && (rttSample == null || c.tsn > rttSample.tsn)) {
            rttSample = c;
          }
        }
      }
    }
    if (rttSample != null) {
      measureRtt(now - rttSample.sentAt); // Karn: only chunks sent once (§6.3.1)
    }
    // §7.2.4: miss indications go to the TSNs below the highest newly acknowledged one (HTNA);
    // in Fast Recovery, a SACK that advances the cumulative ack counts every TSN it reports
    // missing.
    long missLimit = highestNewlyAcked;
    if (fastRecovery && cumAdvanced) {
      long highestReported = cum;
      for (GapBlock g : gaps) {
        highestReported = Math.max(highestReported, cum + g.end());
      }
      missLimit = Math.max(missLimit, highestReported);
    }
    if (fastRecovery && cumAckPoint >= fastRecoveryExit) {
      fastRecovery = false;
    }
    if (missLimit >= 0) {
      for (OutChunk c : outstanding.headMap(missLimit).values()) {
        // A retransmitted chunk is missed only by acks for DATA sent after that retransmission
        // (TSNs above its fence): acks for what was already in flight say nothing about it. So a
        // lost fast retransmission is fast-retransmitted again instead of waiting for T3 (at
        // least RTO.Min, 1 s); RFC 9260 §7.2.4 step 5 would leave it to T3, FreeBSD's SCTP does
        // the same as here.
        if (c.acked || c.abandoned || c.retransmit || c.missFence >= missLimit) {
          continue;
        }
        if (++c.missIndications >= 3) {
          if (shouldAbandon(c.message, c, now)) {
            abandon(c.message);
            continue;
          }
          markRetransmit(c, true);
          c.fastRetransmit = true;
          fastRetransmitDue = true;
          fastRetransmits++;
          if (c.inFlight) {
            c.inFlight = false;
            flightSize -= c.length;
          }
          if (!fastRecovery) {
            ssthresh = Math.max(cwnd / 2, 4L * mtu());
            cwnd = ssthresh;
            partialBytesAcked = 0;
            fastRecovery = true;
            fastRecoveryExit = nextTsn - 1;
          }
        }
      }
    }
    // Grow cwnd only when the window was in use (within one MTU) and not in Fast Recovery. RFC
    // 9260 dropped RFC 4960's third condition, that the SACK advance the cumulative TSN ack: gap
    // acks count too.
    boolean windowFull = flightBefore + mtu() >= cwnd;
    if (!fastRecovery && bytesAcked > 0) {
      if (cwnd <= ssthresh) {
        if (windowFull) {
          cwnd += Math.min(bytesAcked, mtu()); // §7.2.1
        }
      } else {
        // §7.2.2: at most one MTU per cwnd of newly acked bytes, and not from an idle window.
        partialBytesAcked += bytesAcked;
        if (partialBytesAcked >= cwnd && windowFull) {
          partialBytesAcked -= cwnd;
          cwnd += mtu();
        } else if (!windowFull) {
          partialBytesAcked = Math.min(partialBytesAcked, cwnd);
        }
      }
    }
    if (outstanding.isEmpty()) {
      partialBytesAcked = 0; // §7.2.2: everything sent has been acknowledged
    }
    peerRwnd = Math.max(0, aRwnd - flightSize); // §6.2.1 D iv
    if (bytesAcked > 0) {
      errorCount = 0; // §8.1: reset whenever a DATA chunk is acknowledged, by gap blocks too
    }
    if (cumAdvanced) {
      t3 = outstanding.isEmpty() ? NONE : now + rto; // §6.3.2 R3
    } else if (outstanding.isEmpty()) {
      t3 = NONE;
    }
    if (advancePeerAckPoint() || advancedPeerAckPoint > cumAckPoint) {
      forwardTsnDue = true; // RFC 3758 §3.5 C2, C3
    }
  }

  // RFC 3758 §3.5 C1: move the Advanced.Peer.Ack.Point over abandoned chunks.
  private boolean advancePeerAckPoint() {
    if (!peerForwardTsn) {
      return false;
    }
    long before = advancedPeerAckPoint;
    for (OutChunk c : outstanding.tailMap(advancedPeerAckPoint, false).values()) {
      if (c.tsn != advancedPeerAckPoint + 1 || !(c.abandoned || c.acked)) {
        break;
      }
      advancedPeerAckPoint = c.tsn;
    }
    // Do not end the skip on an acked chunk: only abandoned ones need skipping.
    while (advancedPeerAckPoint > before && !outstanding.get(advancedPeerAckPoint).abandoned) {
      advancedPeerAckPoint--;
    }
    return advancedPeerAckPoint > before;
  }

  private boolean shouldAbandon(OutMessage m, OutChunk c, long now) {
    if (!peerForwardTsn) {
      return false;
    }
    if (m.options.maxRetransmits() >= 0
        && c != null
        && c.transmissions > m.options.maxRetransmits()) {
      return true;
    }
    return m.options.maxLifetime() >= 0 && now >= m.created + m.options.maxLifetime();
  }

  private void abandon(OutMessage m) {
    if (m.abandoned) {
      return;
    }
    m.abandoned = true;
    for (OutChunk c : m.chunks) {
      c.abandoned = true;
      markRetransmit(c, false);
      if (c.inFlight) {
        c.inFlight = false;
        flightSize -= c.length;
      }
    }
    if (m.offset < m.data.length) {
      buffered[m.streamId] -= m.data.length - m.offset;
      m.offset = m.data.length;
      sendQueue.remove(m);
    }
  }

  private SctpChunk.ForwardTsn makeForwardTsn() {
    TreeMap<Integer, Integer> streams = new TreeMap<>();
    for (OutChunk c : outstanding.subMap(cumAckPoint, false, advancedPeerAckPoint, true).values()) {
      if (c.abandoned && !c.message.options.unordered()) {
        streams.merge(c.message.streamId, c.message.ssn, (a, b) -> ssnLessOrEqual(a, b) ? b : a);
      }
    }
    List<SkippedStream> list = new ArrayList<>();
    streams.forEach((sid, ssn) -> list.add(new SkippedStream(sid, ssn)));
    return new SctpChunk.ForwardTsn(advancedPeerAckPoint & 0xffffffffL, list);
  }

  // ================================================================ output

  private void sendNow(long tag, List<SctpChunk> chunks) {
    transmits.add(
        SctpPacketCodec.encode(
            new SctpPacket(config.localPort(), config.remotePort(), tag, chunks)));
  }

  private SctpChunk.Sack makeSack() {
    List<GapBlock> blocks = new ArrayList<>();
    long start = -1;
    long prev = -1;
    for (long t : aboveCum) {
      if (blocks.size() == MAX_GAP_BLOCKS) {
        break;
      }
      if (start < 0) {
        start = prev = t;
      } else if (t == prev + 1) {
        prev = t;
      } else {
        blocks.add(new GapBlock((int) (start - cumTsn), (int) (prev - cumTsn)));
        start = prev = t;
      }
    }
    if (start >= 0 && blocks.size() < MAX_GAP_BLOCKS) {
      blocks.add(new GapBlock((int) (start - cumTsn), (int) (prev - cumTsn)));
    }
    lastAdvertisedRwnd = receiveWindow();
    SctpChunk.Sack s =
        new SctpChunk.Sack(
            cumTsn & 0xffffffffL, lastAdvertisedRwnd, blocks, List.copyOf(duplicates));
    duplicates.clear();
    sackNow = false;
    sackTimer = NONE;
    dataPacketsSinceSack = 0;
    return s;
  }

  /** Builds the packets due now: control chunks, SACK, retransmissions, then new DATA. */
  private void flush(long now) {
    if (finished) {
      return;
    }
    PacketBuilder pb = new PacketBuilder();
    if (isOpen() || state == State.SHUTDOWN_SENT || state == State.SHUTDOWN_ACK_SENT) {
      if (sackNow) {
        pb.add(makeSack());
      }
    }
    maybeSendResetRequest(now);
    if (forwardTsnDue && isOpen()) {
      forwardTsnDue = false;
      if (advancedPeerAckPoint > cumAckPoint) {
        pb.add(makeForwardTsn());
        if (t3 == NONE) {
          t3 = now + rto;
        }
      }
    }
    for (SctpChunk c : control) {
      pb.add(c);
    }
    control.clear();
    if (isOpen()) {
      dropExpired(now);
      sendRetransmissions(pb, now);
      sendNewData(pb, now);
      progressShutdown(now);
      for (SctpChunk c : control) {
        pb.add(c);
      }
      control.clear();
    }
    pb.finish();
    sendProbe(now);
  }

  private void dropExpired(long now) {
    if (sendQueue.isEmpty()) {
      timedQueued = false;
    }
    if (!peerForwardTsn || !timedQueued) {
      return;
    }
    List<OutMessage> expired = new ArrayList<>();
    for (OutMessage m : sendQueue) {
      if (m.options.maxLifetime() >= 0 && now >= m.created + m.options.maxLifetime()) {
        expired.add(m);
      }
    }
    for (OutMessage m : expired) {
      abandon(m);
    }
    if (!expired.isEmpty() && advancePeerAckPoint()) {
      forwardTsnDue = true;
    }
  }

  private void markRetransmit(OutChunk c, boolean on) {
    if (c.retransmit != on) {
      c.retransmit = on;
      retransmitsPending += on ? 1 : -1;
    }
  }

  private void sendRetransmissions(PacketBuilder pb, long now) {
    if (retransmitsPending == 0) {
      return; // the common case: do not walk everything outstanding for each packet
    }
    // §7.2.4 step 3: after a fast retransmit, the earliest marked chunks that fit in one packet
    // go regardless of cwnd; the rest wait for cwnd (step 5, §6.3.3 E3).
    int cwndExempt = fastRetransmitDue ? mtu() - SctpPacketCodec.COMMON_HEADER : 0;
    fastRetransmitDue = false;
    boolean any = false;
    for (OutChunk c : outstanding.values()) {
      if (!c.retransmit) {
        continue;
      }
      int size = (SctpPacketCodec.DATA_HEADER + c.length + 3) & ~3;
      if (size <= cwndExempt) {
        cwndExempt -= size;
      } else if (flightSize + c.length > cwnd && flightSize > 0) {
        break;
      } else {
        cwndExempt = 0;
      }
      markRetransmit(c, false);
      if (c.fastRetransmit && c.tsn == outstanding.firstKey()) {
        t3 = now + rto; // §7.2.4 step 4: fast retransmitting the earliest outstanding chunk
      }
      c.fastRetransmit = false;
      c.missIndications = 0;
      c.missFence = nextTsn - 1;
      c.transmissions++;
      c.sentAt = now;
      c.inFlight = true;
      flightSize += c.length;
      pb.add(c.toChunk());
      any = true;
    }
    if (any && t3 == NONE) {
      t3 = now + rto;
    }
  }

  private void sendNewData(PacketBuilder pb, long now) {
    if (state != State.ESTABLISHED
        && state != State.SHUTDOWN_PENDING
        && state != State.SHUTDOWN_RECEIVED) {
      return; // §9.2: what was queued before the shutdown still goes out
    }
    // RFC 9260 §6.9: cut to the PLPMTU now; a chunk keeps its size when the PLPMTU falls later.
    int max = mtu() - SctpPacketCodec.COMMON_HEADER - SctpPacketCodec.DATA_HEADER;
    while (!sendQueue.isEmpty()) {
      OutMessage m = sendQueue.peek();
      int len = Math.min(max, m.data.length - m.offset);
      // Fill the packet being built rather than start one for a fragment cut to a whole MTU:
      // back-to-back messages slightly larger than the MTU (16 KiB ones in a 16 KiB PLPMTU)
      // would otherwise take two packets each, one of them nearly empty (§6.9 allows any cut).
      int room = pb.room() - SctpPacketCodec.DATA_HEADER;
      if (len > room && room >= MIN_FILL) {
        len = room;
      }
      // §6.1 A/B: respect the peer's rwnd and cwnd; one chunk may probe a zero window.
      if (flightSize > 0 && (len > peerRwnd || flightSize + len > cwnd)) {
        break;
      }
      if (flightSize == 0 && peerRwnd == 0 && !outstanding.isEmpty()) {
        break;
      }
      if (m.offset == 0 && !m.options.unordered()) {
        m.ssn = nextSsn[m.streamId];
        nextSsn[m.streamId] = (nextSsn[m.streamId] + 1) & 0xffff;
      }
      OutChunk c = new OutChunk(nextTsn++, m, m.offset, len);
      m.chunks.add(c);
      m.offset += len;
      buffered[m.streamId] -= len;
      if (m.offset == m.data.length) {
        sendQueue.poll();
      }
      c.transmissions = 1;
      c.sentAt = now;
      c.inFlight = true;
      flightSize += len;
      peerRwnd = Math.max(0, peerRwnd - len);
      outstanding.put(c.tsn, c);
      pb.add(c.toChunk());
      if (t3 == NONE) {
        t3 = now + rto;
      }
    }
  }

  /** Bundles chunks into packets of at most one MTU. */
  private final class PacketBuilder {
    private final List<SctpChunk> chunks = new ArrayList<>();
    private int size = SctpPacketCodec.COMMON_HEADER;

    /** Bytes of chunks the packet being built still takes. */
    int room() {
      return mtu() - size;
    }

    void add(SctpChunk c) {
      int len = chunkSize(c);
      if (size + len > mtu() && !chunks.isEmpty()) {
        finish();
      }
      chunks.add(c);
      size += len;
    }

    void finish() {
      if (!chunks.isEmpty()) {
        sendNow(peerTag, chunks);
        chunks.clear();
        size = SctpPacketCodec.COMMON_HEADER;
      }
    }

    private int chunkSize(SctpChunk c) {
      if (c instanceof Data d) {
        return (SctpPacketCodec.DATA_HEADER + d.payload().length + 3) & ~3;
      }
      return SctpPacketCodec.encodeChunk(c).length;
    }
  }

  /** A user message being sent. */
  private static final class OutMessage {
    final int streamId;
    final long ppid;
    final byte[] data;
    final SendOptions options;
    final long created;
    final List<OutChunk> chunks = new ArrayList<>(1);
    int ssn;
    int offset;
    boolean abandoned;

    OutMessage(int streamId, long ppid, byte[] data, SendOptions options, long created) {
      this.streamId = streamId;
      this.ppid = ppid;
      this.data = data;
      this.options = options;
      this.created = created;
    }
  }

  /** One DATA chunk that has a TSN. */
  private static final class OutChunk {
    final long tsn;
    final OutMessage message;
    final int offset;
    final int length;
    long sentAt;
    int transmissions;
    int missIndications;
    long missFence; // the highest TSN sent when this chunk was last sent (§7.2.4 HTNA)
    boolean inFlight;
    boolean acked;
    boolean retransmit;
    boolean fastRetransmit;
    boolean abandoned;

    OutChunk(long tsn, OutMessage message, int offset, int length) {
      this.tsn = tsn;
      this.message = message;
      this.offset = offset;
      this.length = length;
      this.missFence = tsn;
    }

    Data toChunk() {
      byte[] payload = new byte[length];
      System.arraycopy(message.data, offset, payload, 0, length);
      return new Data(
          false,
          message.options.unordered(),
          offset == 0,
          offset + length == message.data.length,
          tsn & 0xffffffffL,
          message.streamId,
          message.options.unordered() ? 0 : message.ssn,
          message.ppid,
          payload);
    }
  }
}

package org.rtcheck.stack.sdp.jsep;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.rtcheck.stack.sdp.MediaSection;
import org.rtcheck.stack.sdp.SdpAttribute;
import org.rtcheck.stack.sdp.SdpAttribute.MediaDirection;
import org.rtcheck.stack.sdp.SdpField;
import org.rtcheck.stack.sdp.SdpLine;
import org.rtcheck.stack.sdp.SdpParseMode;
import org.rtcheck.stack.sdp.SdpParseResult;
import org.rtcheck.stack.sdp.SdpParser;
import org.rtcheck.stack.sdp.SdpType;
import org.rtcheck.stack.sdp.SdpWriter;
import org.rtcheck.stack.sdp.SessionDescription;
import org.rtcheck.stack.sdp.jsep.JsepException.Reason;

/**
 * The signaling half of one peer connection (RFC 9429): it creates offers and answers, applies
 * local and remote descriptions through the W3C signaling state machine, and reports what was
 * negotiated. It has no sockets, threads or clocks; ICE candidates and DTLS fingerprints come in
 * from the layers that own them.
 *
 * <p>Transport is "one transport for everything": every m-section of an own description carries the
 * same port, ICE credentials, fingerprints and setup, and all live m-sections are in one BUNDLE
 * group, as Chrome's "balanced" bundle policy produces. No m-section is bundle-only, so peers that
 * do not understand BUNDLE still work (RFC 8843 §7.2 allows this).
 *
 * <p>Not thread-safe: one caller at a time, as with the W3C operations chain.
 */
public final class JsepSession {

  /** RFC 8839 §5.4 ice-char. */
  private static final String ICE_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  /** The secure RTP profiles JSEP accepts in an offer (RFC 9429 §5.1.2, §5.1.3). */
  private static final Set<String> RTP_PROTOCOLS =
      Set.of(
          "UDP/TLS/RTP/SAVPF",
          "TCP/DTLS/RTP/SAVPF",
          "UDP/TLS/RTP/SAVP",
          "TCP/DTLS/RTP/SAVP",
          "RTP/SAVPF",
          "RTP/SAVP");

  /** RFC 9429 §5.1.2: what own offers use for RTP. */
  private static final String OFFER_RTP_PROTOCOL = "UDP/TLS/RTP/SAVPF";

  /** RFC 8841 §4.1. */
  private static final Set<String> DATA_PROTOCOLS = Set.of("UDP/DTLS/SCTP", "TCP/DTLS/SCTP");

  /** draft-ietf-mmusic-sctp-sdp-05, still sent by old stacks. */
  private static final String LEGACY_DATA_PROTOCOL = "DTLS/SCTP";

  /**
   * The a=setup of every own offer, initial or later. RFC 8842 §5.2 asks it of initial offers; §5.5
   * asks it of subsequent offers too, also when the existing DTLS association is kept ("the offerer
   * MUST insert in the offer an SDP 'setup' attribute with an 'actpass' attribute value"), and the
   * answerer keeps its role (see answerSetup). RFC 9429 §5.2.1: "The role value in the offer MUST
   * be 'actpass'."
   */
  private static final String OFFER_SETUP = "actpass";

  private static final String DATA_FORMAT = "webrtc-datachannel";
  private static final String APPLICATION = "application";

  /** One m-section at its fixed place (RFC 3264 §8: m-sections are never removed or moved). */
  private static final class Slot {
    final String media;
    final String mid;
    final Transceiver transceiver; // null for data and unknown media
    boolean rejected;
    SdpField.Media lastMLine;

    Slot(String media, String mid, Transceiver transceiver) {
      this.media = media;
      this.mid = mid;
      this.transceiver = transceiver;
    }

    Slot copy() {
      Slot c = new Slot(media, mid, transceiver);
      c.rejected = rejected;
      c.lastMLine = lastMLine;
      return c;
    }

    boolean dead() {
      return rejected || (transceiver != null && transceiver.stopped());
    }
  }

  /** An m-section a created offer adds, applied by setLocalDescription. */
  private record Planned(String media, String mid, Transceiver transceiver) {}

  /** What rollback restores (RFC 9429 §4.1.8.2). */
  private record Snapshot(
      List<Slot> slots,
      List<Transceiver> transceivers,
      Map<Transceiver, String> mids,
      boolean dataWanted,
      String ufrag,
      String pwd) {}

  private final SecureRandom random;
  private final Capabilities caps;
  private final RtcpMuxPolicy muxPolicy;
  private final List<SdpAttribute.Fingerprint> fingerprints;
  private final long sessionId;
  // RFC 7022 §4.2: one random CNAME per session; one media stream (RFC 8830) for all tracks.
  private final String cname;
  private final String streamId;
  private long lastVersion = -1;
  private String iceUfrag;
  private String icePwd;
  private List<SdpAttribute.Candidate> candidates = List.of();
  private boolean endOfCandidates;
  private final List<Transceiver> transceivers = new ArrayList<>();
  private final List<Slot> slots = new ArrayList<>();
  private boolean dataWanted;
  private List<Planned> lastOfferPlan = List.of();
  private SignalingState state = SignalingState.STABLE;
  private SessionDescription currentLocal;
  private SessionDescription pendingLocal;
  private SessionDescription currentRemote;
  private SessionDescription pendingRemote;
  private Snapshot beforePending;
  private List<NegotiatedSection> negotiated = List.of();

  /**
   * RFC 8842 §5.2: names this side's DTLS association in every offer and answer (the same in every
   * m-section, as they share one transport); it changes only with a new association, which this
   * session never asks for.
   */
  private final String tlsId;

  /** The peer's a=tls-id in the last completed exchange, or null if it sent none. */
  private String remoteTlsId;

  private List<List<String>> negotiatedBundle = List.of();

  /** Whether the current local description is an offer (W3C §4.7.3 compares differently). */
  private boolean currentLocalIsOffer;

  /** Told when the application changes a transceiver's direction (W3C §5.4 setter). */
  private volatile Runnable directionChanged = () -> {};

  /** A session with {@link Capabilities#webrtcDefaults()} and rtcp-mux policy "require". */
  public JsepSession(List<SdpAttribute.Fingerprint> fingerprints) {
    this(fingerprints, Capabilities.webrtcDefaults(), RtcpMuxPolicy.REQUIRE, new SecureRandom());
  }

  /**
   * @param fingerprints the local DTLS certificate fingerprints (RFC 8122 §5), at least one
   * @param caps the local codecs, header extensions and data channel parameters
   * @param muxPolicy RTCRtcpMuxPolicy (RFC 9429 §4.1.1)
   * @param random the source of the session id and ICE credentials
   */
  public JsepSession(
      List<SdpAttribute.Fingerprint> fingerprints,
      Capabilities caps,
      RtcpMuxPolicy muxPolicy,
      SecureRandom random) {
    this.fingerprints = List.copyOf(fingerprints);
    if (this.fingerprints.isEmpty()) {
      // RFC 8827 §6.5: every DTLS-SRTP description carries the certificate fingerprint.
      throw new IllegalArgumentException("at least one fingerprint is needed");
    }
    this.caps = Objects.requireNonNull(caps);
    this.muxPolicy = Objects.requireNonNull(muxPolicy);
    this.random = Objects.requireNonNull(random);
    // RFC 9429 §5.2.1: a 64-bit session id with the top bit clear, so 63 random bits.
    this.sessionId = random.nextLong() >>> 1;
    this.iceUfrag = randomIce(16);
    this.icePwd = randomIce(24);
    this.cname = randomToken();
    this.tlsId = randomToken() + randomToken(); // 32 characters of the 20..255 allowed
    this.streamId = randomToken();
  }

  // ---------------------------------------------------------------- local state the app changes

  /**
   * The local candidates to put in descriptions made from now on, as candidate-attribute values
   * (RFC 8839 §5.1, {@code candidate:} prefix optional); the first UDP non-mDNS one becomes the
   * default candidate of the m- and c-lines (RFC 8839 §4.2.1.2, RFC 9429 §5.2.1).
   *
   * @param endOfCandidates add {@code a=end-of-candidates} (RFC 8840 §8.2)
   * @throws IllegalArgumentException when a value does not parse
   */
  public void setLocalCandidates(List<String> candidates, boolean endOfCandidates) {
    List<SdpAttribute.Candidate> parsed = new ArrayList<>();
    for (String c : candidates) {
      parsed.add(JsepSdp.parseCandidate(c));
    }
    this.candidates = List.copyOf(parsed);
    this.endOfCandidates = endOfCandidates;
  }

  /** A new transceiver; it gets an m-section in the next offer (RFC 9429 §4.1.2). */
  public Transceiver addTransceiver(MediaKind kind, MediaDirection direction) {
    requireOpenUnchecked();
    Transceiver t = newTransceiver(kind, direction, false);
    transceivers.add(t);
    return t;
  }

  private Transceiver newTransceiver(
      MediaKind kind, MediaDirection direction, boolean createdByRemote) {
    return new Transceiver(
        kind,
        direction,
        createdByRemote,
        random.nextInt(),
        randomToken(),
        () -> directionChanged.run());
  }

  /**
   * Called after the application gives a transceiver a new direction, so the owner can update its
   * negotiation-needed flag (W3C webrtc-pc §5.4 direction setter, §4.7.3); the listener runs on the
   * caller's thread.
   */
  public void onDirectionChange(Runnable listener) {
    this.directionChanged = Objects.requireNonNull(listener);
  }

  /**
   * W3C webrtc-pc §4.7.3 "check if negotiation is needed", for what this session knows: a
   * transceiver without an m-section; a stopped one whose m-section is not rejected yet; a
   * direction the current descriptions do not carry (compared with the own offer or the peer's
   * offer reversed when we offered last, with the offered direction intersected with the wanted one
   * when we answered last, as RFC 9429 §5.3.1 answers); a data channel without an m-section. False
   * outside the stable state: the check runs again when the exchange completes. ICE restarts are
   * the owner's (W3C [[LocalIceCredentialsToReplace]]).
   */
  public boolean negotiationNeeded() {
    if (state != SignalingState.STABLE) {
      return false;
    }
    if (dataWanted) {
      return true;
    }
    for (Transceiver t : transceivers) {
      int i = slotIndex(t);
      if (t.stopped()) {
        if (i >= 0 && !slots.get(i).rejected) {
          return true;
        }
        continue;
      }
      if (t.mid() == null || i < 0) {
        return true;
      }
      if (currentLocal == null
          || currentRemote == null
          || i >= currentLocal.media().size()
          || i >= currentRemote.media().size()) {
        return true;
      }
      MediaDirection local = JsepSdp.direction(currentLocal, currentLocal.media().get(i));
      MediaDirection remote =
          JsepSdp.reverse(JsepSdp.direction(currentRemote, currentRemote.media().get(i)));
      if (currentLocalIsOffer) {
        if (local != t.direction() && remote != t.direction()) {
          return true;
        }
      } else if (local != JsepSdp.intersect(remote, t.direction())) {
        return true;
      }
    }
    return false;
  }

  private int slotIndex(Transceiver t) {
    for (int i = 0; i < slots.size(); i++) {
      if (slots.get(i).transceiver == t) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Stops the transceiver with this mid; its m-section gets port 0 in the next offer and stays in
   * place (RFC 9429 §4.2.1, §5.2.2).
   *
   * @throws IllegalArgumentException when no transceiver has this mid
   */
  public void stopTransceiver(String mid) {
    Transceiver t =
        transceivers.stream()
            .filter(x -> mid.equals(x.mid()))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no transceiver with mid " + mid));
    stopTransceiver(t);
  }

  /** Stops a transceiver (RFC 9429 §4.2.1). */
  public void stopTransceiver(Transceiver t) {
    if (!transceivers.contains(t)) {
      throw new IllegalArgumentException("not a transceiver of this session");
    }
    t.stop();
  }

  /**
   * Asks for a data channel m-section (RFC 8841, RFC 9429 §5.2.1) in the next offer, if the session
   * has none yet; like the first createDataChannel in the W3C API.
   */
  public void createDataChannelSection() {
    requireOpenUnchecked();
    boolean have = slots.stream().anyMatch(s -> s.media.equals(APPLICATION) && !s.dead());
    if (!have) {
      dataWanted = true;
    }
  }

  // -------------------------------------------------------------------------- offer and answer

  /** {@link #createOffer(OfferOptions)} without ICE restart. */
  public SessionDescription createOffer() throws JsepException {
    return createOffer(OfferOptions.DEFAULT);
  }

  /**
   * An offer (RFC 9429 §5.2.1 initial, §5.2.2 subsequent): existing m-sections keep their place and
   * mid, stopped or rejected ones get port 0, new transceivers and a wanted data channel come last.
   * It changes nothing until {@link #setLocalDescription}.
   */
  public SessionDescription createOffer(OfferOptions options) throws JsepException {
    requireOpen();
    if (state != SignalingState.STABLE && state != SignalingState.HAVE_LOCAL_OFFER) {
      throw new JsepException(Reason.WRONG_STATE, "createOffer in " + state.w3cName());
    }
    String ufrag = iceUfrag;
    String pwd = icePwd;
    if (options.iceRestart()) {
      // RFC 9429 §5.2.3.1, RFC 8445 §9: an ICE restart is new credentials.
      ufrag = randomIce(16);
      pwd = randomIce(24);
    }
    List<Planned> plan = plan();
    Map<String, Integer> extIds = extensionIds();
    SessionDescription sd = header();
    List<MediaSection> sections = new ArrayList<>();
    List<String> bundle = new ArrayList<>();
    for (Slot s : slots) {
      if (s.dead()) {
        sections.add(deadSection(s.lastMLine, s.mid));
      } else {
        sections.add(offerSection(s.media, s.mid, s.transceiver, s.lastMLine, ufrag, pwd, extIds));
        bundle.add(s.mid);
      }
    }
    for (Planned p : plan) {
      sections.add(offerSection(p.media(), p.mid(), p.transceiver(), null, ufrag, pwd, extIds));
      bundle.add(p.mid());
    }
    if (!bundle.isEmpty()) {
      // RFC 9429 §5.2.1, RFC 8843 §7.2: one group of every live m-section; rejected ones are
      // left out (RFC 8843 §7.5.3).
      sd.add(new SdpAttribute.Group("BUNDLE", bundle));
    }
    // RFC 9429 §5.2.1, RFC 8285 §6: we accept one- and two-byte headers mixed.
    sd.add(new SdpAttribute.Flag("extmap-allow-mixed"));
    sections.forEach(sd::addMedia);
    lastOfferPlan = plan;
    return sd;
  }

  /**
   * The answer to the pending remote offer (RFC 9429 §5.3.1): the same m-sections in the same order
   * with the offer's mids; the offerer's payload types and preference order (RFC 3264 §6.1);
   * sections we cannot take are rejected with port 0.
   */
  public SessionDescription createAnswer() throws JsepException {
    requireOpen();
    if (state != SignalingState.HAVE_REMOTE_OFFER && state != SignalingState.HAVE_LOCAL_PRANSWER) {
      throw new JsepException(Reason.WRONG_STATE, "createAnswer in " + state.w3cName());
    }
    SessionDescription offer = pendingRemote;
    String ufrag = iceUfrag;
    String pwd = icePwd;
    if (remoteIceRestart(offer)) {
      // RFC 9429 §5.3.2, RFC 8445 §9: answering an ICE restart takes new credentials too.
      ufrag = randomIce(16);
      pwd = randomIce(24);
    }
    SessionDescription sd = header();
    List<MediaSection> sections = new ArrayList<>();
    Set<String> accepted = new HashSet<>();
    for (int i = 0; i < offer.media().size(); i++) {
      MediaSection o = offer.media().get(i);
      Slot s = slots.get(i);
      MediaSection a = answerSection(offer, o, s, ufrag, pwd);
      if (a == null) {
        sections.add(deadSection(o.media(), s.mid));
      } else {
        sections.add(a);
        accepted.add(s.mid);
      }
    }
    for (SdpAttribute.Group g : offer.bundleGroups()) {
      // RFC 8843 §7.3.1: the answer's group keeps the offered mids it accepted, in the offer's
      // order, so the first accepted one is the answerer-tagged m-section.
      List<String> tags = g.tags().stream().filter(accepted::contains).toList();
      if (!tags.isEmpty()) {
        sd.add(new SdpAttribute.Group("BUNDLE", tags));
      }
    }
    boolean mixed =
        offer.has("extmap-allow-mixed")
            || offer.media().stream().anyMatch(m -> m.has("extmap-allow-mixed"));
    if (mixed) {
      // RFC 8285 §6: only echoed when offered.
      sd.add(new SdpAttribute.Flag("extmap-allow-mixed"));
    }
    sections.forEach(sd::addMedia);
    return sd;
  }

  // -------------------------------------------------------------------- applying descriptions

  /**
   * Applies an own offer or (pr)answer made by {@link #createOffer} or {@link #createAnswer} (RFC
   * 9429 §5.5). Applying an answer completes the exchange: the descriptions become current and
   * {@link #negotiated()} is updated.
   */
  public void setLocalDescription(SdpType type, SessionDescription sd) throws JsepException {
    Objects.requireNonNull(type);
    Objects.requireNonNull(sd);
    requireOpen();
    if (type == SdpType.OFFER) {
      applyLocalOffer(sd);
    } else {
      applyLocalAnswer(type, sd);
    }
  }

  /**
   * Checks and applies the peer's offer or (pr)answer (RFC 9429 §5.6, §5.8).
   *
   * @throws JsepException naming the rule the description or the call breaks; the session is then
   *     unchanged
   */
  public void setRemoteDescription(SdpType type, String text) throws JsepException {
    Objects.requireNonNull(type);
    requireOpen();
    if (type == SdpType.OFFER) {
      if (state == SignalingState.HAVE_LOCAL_OFFER) {
        // RFC 9429 §4.1.8.1: both sides offered; the application must roll back first.
        throw new JsepException(
            Reason.GLARE, "remote offer in have-local-offer; roll back the local offer first");
      }
      if (state != SignalingState.STABLE && state != SignalingState.HAVE_REMOTE_OFFER) {
        throw new JsepException(Reason.WRONG_STATE, "remote offer in " + state.w3cName());
      }
    } else if (state != SignalingState.HAVE_LOCAL_OFFER
        && state != SignalingState.HAVE_REMOTE_PRANSWER) {
      throw new JsepException(
          Reason.WRONG_STATE,
          "remote "
              + type.name().toLowerCase(java.util.Locale.ROOT)
              + " without a local offer ("
              + state.w3cName()
              + ")");
    }
    SessionDescription sd = parse(text);
    List<Slot> base =
        type == SdpType.OFFER && state == SignalingState.HAVE_REMOTE_OFFER
            ? beforePending.slots()
            : slots;
    validate(sd, type, base);
    if (type == SdpType.OFFER) {
      applyRemoteOffer(sd);
    } else if (type == SdpType.PRANSWER) {
      pendingRemote = sd;
      state = SignalingState.HAVE_REMOTE_PRANSWER;
    } else {
      complete(pendingLocal, sd, true);
      currentLocal = pendingLocal;
      currentRemote = sd;
      finishExchange();
    }
  }

  /**
   * Discards the pending offer, local or remote, and restores the state before it (RFC 9429
   * §4.1.8.2; W3C allows it in have-local-offer and have-remote-offer).
   */
  public void rollback() throws JsepException {
    requireOpen();
    if (state != SignalingState.HAVE_LOCAL_OFFER && state != SignalingState.HAVE_REMOTE_OFFER) {
      throw new JsepException(Reason.WRONG_STATE, "rollback in " + state.w3cName());
    }
    restore(beforePending);
    lastOfferPlan = List.of();
    finishExchange();
  }

  /** Closes the session: every transceiver stops and every later call fails (W3C §4.4.1.6). */
  public void close() {
    state = SignalingState.CLOSED;
    transceivers.forEach(Transceiver::stop);
  }

  // ------------------------------------------------------------------------------ accessors

  public SignalingState signalingState() {
    return state;
  }

  /** The transceivers in the order they were added (or created by remote offers). */
  /** The session's CNAME (RFC 7022 §4.2), as a=ssrc signals it and RTCP SDES carries it. */
  public String cname() {
    return cname;
  }

  public List<Transceiver> transceivers() {
    return List.copyOf(transceivers);
  }

  /** The pending local description, else the current one. */
  public Optional<SessionDescription> localDescription() {
    return Optional.ofNullable(pendingLocal != null ? pendingLocal : currentLocal);
  }

  /** The pending remote description, else the current one. */
  public Optional<SessionDescription> remoteDescription() {
    return Optional.ofNullable(pendingRemote != null ? pendingRemote : currentRemote);
  }

  public Optional<SessionDescription> currentLocalDescription() {
    return Optional.ofNullable(currentLocal);
  }

  public Optional<SessionDescription> pendingLocalDescription() {
    return Optional.ofNullable(pendingLocal);
  }

  public Optional<SessionDescription> currentRemoteDescription() {
    return Optional.ofNullable(currentRemote);
  }

  public Optional<SessionDescription> pendingRemoteDescription() {
    return Optional.ofNullable(pendingRemote);
  }

  /** The ICE ufrag of the last applied local description (or the initial one). */
  public String localIceUfrag() {
    return iceUfrag;
  }

  public String localIcePwd() {
    return icePwd;
  }

  public List<SdpAttribute.Fingerprint> localFingerprints() {
    return fingerprints;
  }

  public Capabilities capabilities() {
    return caps;
  }

  /** The result of the last completed exchange, one entry per m-section in order. */
  public List<NegotiatedSection> negotiated() {
    return negotiated;
  }

  /** The negotiated result for one mid. */
  public Optional<NegotiatedSection> negotiated(String mid) {
    return negotiated.stream().filter(n -> mid.equals(n.mid())).findFirst();
  }

  /** The BUNDLE groups of the last answer, answerer-tagged mid first (RFC 8843 §7.3.1). */
  public List<List<String>> negotiatedBundleGroups() {
    return negotiatedBundle;
  }

  /** The text of a description, CRLF-terminated (RFC 8866 §5). */
  public static String toText(SessionDescription sd) {
    return SdpWriter.write(sd);
  }

  // ------------------------------------------------------------------------- making sections

  private SessionDescription header() {
    SessionDescription sd = new SessionDescription();
    sd.add(new SdpField.Version(0));
    // RFC 9429 §5.2.1: username "-", the session id, a version that grows with every new local
    // description (§5.2.2), and a placeholder address so no local address leaks.
    sd.add(
        new SdpField.Origin(
            "-", Long.toString(sessionId), Long.toString(lastVersion + 1), "IN", "IP4", "0.0.0.0"));
    sd.add(new SdpField.Text('s', "-"));
    sd.add(new SdpField.Timing(0, 0));
    return sd;
  }

  /** New m-sections for transceivers and a data channel that have none yet, with fresh mids. */
  private List<Planned> plan() {
    List<Planned> out = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (Slot s : slots) {
      if (s.mid != null) {
        used.add(s.mid);
      }
    }
    int[] next = {0};
    for (Transceiver t : transceivers) {
      if (t.mid() == null && !t.stopped()) {
        out.add(new Planned(t.kind().sdpName(), freshMid(used, next), t));
      }
    }
    if (dataWanted) {
      out.add(new Planned(APPLICATION, freshMid(used, next), null));
    }
    return out;
  }

  /** RFC 9429 §5.2.1: mids are unique; own ones are "0", "1", … as browsers do. */
  private static String freshMid(Set<String> used, int[] next) {
    while (used.contains(Integer.toString(next[0]))) {
      next[0]++;
    }
    String mid = Integer.toString(next[0]);
    used.add(mid);
    return mid;
  }

  /**
   * Extension ids for own offers: those already negotiated keep their id, the rest take the
   * capability's id unless taken. One URI has one id across the BUNDLE group (RFC 8843 §9.1.2).
   */
  private Map<String, Integer> extensionIds() {
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (NegotiatedSection n : negotiated) {
      for (HeaderExtension e : n.extensions()) {
        ids.putIfAbsent(e.uri(), e.id());
      }
    }
    Set<Integer> used = new HashSet<>(ids.values());
    for (MediaKind k : MediaKind.values()) {
      for (HeaderExtension e : caps.extensions(k)) {
        if (ids.containsKey(e.uri())) {
          continue;
        }
        int id = e.id();
        if (used.contains(id)) {
          // RFC 8285 §5: 1..14 fit one-byte headers; 15 is reserved there.
          id = 1;
          while (used.contains(id) || id == 15) {
            id++;
          }
        }
        if (id <= 255) {
          ids.put(e.uri(), id);
          used.add(id);
        }
      }
    }
    return ids;
  }

  private MediaSection offerSection(
      String media,
      String mid,
      Transceiver t,
      SdpField.Media last,
      String ufrag,
      String pwd,
      Map<String, Integer> extIds) {
    if (media.equals(APPLICATION)) {
      boolean legacy = last != null && last.protocol().equals(LEGACY_DATA_PROTOCOL);
      return dataSection(
          mid, legacy ? LEGACY_DATA_PROTOCOL : "UDP/DTLS/SCTP", -1, ufrag, pwd, OFFER_SETUP);
    }
    MediaKind kind = t.kind();
    List<Codec> codecs = offerCodecs(kind, mid);
    // RFC 9429 §5.2.2: a subsequent offer keeps the profile negotiated before.
    String proto =
        last != null && RTP_PROTOCOLS.contains(last.protocol())
            ? last.protocol()
            : OFFER_RTP_PROTOCOL;
    MediaSection m =
        MediaSection.of(new SdpField.Media(kind.sdpName(), port(), 0, proto, pts(codecs)));
    transportLines(m, ufrag, pwd, OFFER_SETUP);
    m.add(new SdpAttribute.Mid(mid));
    for (HeaderExtension e : caps.extensions(kind)) {
      Integer id = extIds.get(e.uri());
      if (id != null) {
        m.add(new SdpAttribute.Extmap(id, null, e.uri(), null));
      }
    }
    m.add(new SdpAttribute.Direction(t.direction()));
    // RFC 9429 §5.2.1: a=rtcp-mux always; a=rtcp-mux-only when the policy is "require" (RFC 8858
    // §4); a=rtcp-rsize (RFC 5506 §5).
    m.add(new SdpAttribute.Flag("rtcp-mux"));
    if (muxPolicy == RtcpMuxPolicy.REQUIRE) {
      m.add(new SdpAttribute.Flag("rtcp-mux-only"));
    }
    m.add(new SdpAttribute.Flag("rtcp-rsize"));
    codecLines(m, codecs);
    senderLines(m, t, t.direction());
    candidateLines(m);
    return m;
  }

  /**
   * RFC 9429 §5.2.1 and §5.3.1: a sending section names its track with {@code a=msid} (RFC 8830
   * §2); {@code a=ssrc ... cname} (RFC 5576 §4.1) too, because some receivers demultiplex by
   * signalled SSRC only and ignore the MID extension of RFC 8843 §9.2.
   */
  private void senderLines(MediaSection m, Transceiver t, MediaDirection dir) {
    if (dir != MediaDirection.SENDRECV && dir != MediaDirection.SENDONLY) {
      return;
    }
    m.add(new SdpAttribute.Msid(streamId, t.trackId()));
    m.add(new SdpAttribute.Ssrc(t.senderSsrc(), "cname", cname));
    m.add(new SdpAttribute.Ssrc(t.senderSsrc(), "msid", streamId + " " + t.trackId()));
  }

  /**
   * The formats of an own offer. A section already negotiated re-offers the negotiated formats
   * first with their payload types, then the other capabilities on free payload types, because a
   * payload type must not change its meaning within a session (RFC 3264 §8.3.2).
   */
  private List<Codec> offerCodecs(MediaKind kind, String mid) {
    List<Codec> local = caps.codecs(kind);
    Optional<NegotiatedSection> n = negotiated(mid).filter(x -> !x.rejected());
    if (n.isEmpty() || n.get().codecs().isEmpty()) {
      return local;
    }
    List<Codec> out = new ArrayList<>(n.get().codecs());
    Set<Integer> used = new HashSet<>();
    out.forEach(c -> used.add(c.payloadType()));
    Map<Integer, Integer> remap = new HashMap<>();
    for (Codec c : local) {
      if (c.isRtx()) {
        continue;
      }
      Optional<Codec> same =
          n.get().codecs().stream().filter(x -> JsepSdp.sameCodec(x, c)).findFirst();
      if (same.isPresent()) {
        remap.put(c.payloadType(), same.get().payloadType());
        continue;
      }
      int pt = used.contains(c.payloadType()) ? freePt(used) : c.payloadType();
      if (pt >= 0) {
        used.add(pt);
        remap.put(c.payloadType(), pt);
        out.add(c.withPayloadType(pt));
      }
    }
    for (Codec c : local) {
      if (!c.isRtx() || !remap.containsKey(c.apt())) {
        continue;
      }
      int apt = remap.get(c.apt());
      boolean have = out.stream().anyMatch(x -> x.isRtx() && x.apt() == apt);
      int pt = have ? -1 : used.contains(c.payloadType()) ? freePt(used) : c.payloadType();
      if (pt >= 0) {
        used.add(pt);
        out.add(c.withPayloadType(pt).withFmtp("apt=" + apt));
      }
    }
    return out;
  }

  /** A free dynamic payload type (RFC 3551 §6: 96..127), or -1. */
  private static int freePt(Set<Integer> used) {
    for (int pt = 96; pt <= 127; pt++) {
      if (!used.contains(pt)) {
        return pt;
      }
    }
    return -1;
  }

  private MediaSection dataSection(
      String mid, String proto, long streams, String ufrag, String pwd, String setup) {
    boolean legacy = proto.equals(LEGACY_DATA_PROTOCOL);
    String fmt = legacy ? Integer.toString(caps.sctpPort()) : DATA_FORMAT;
    MediaSection m =
        MediaSection.of(new SdpField.Media(APPLICATION, port(), 0, proto, List.of(fmt)));
    transportLines(m, ufrag, pwd, setup);
    m.add(new SdpAttribute.Mid(mid));
    if (legacy) {
      // draft-ietf-mmusic-sctp-sdp-05 §5.1: the port is the format, described by a=sctpmap.
      m.add(new SdpAttribute.Sctpmap(caps.sctpPort(), DATA_FORMAT, streams >= 0 ? streams : 1024));
    } else {
      m.add(new SdpAttribute.SctpPort(caps.sctpPort())); // RFC 8841 §5.1
    }
    m.add(new SdpAttribute.MaxMessageSize(caps.maxMessageSize())); // RFC 8841 §6.1
    candidateLines(m);
    return m;
  }

  /** A rejected or stopped m-section: port 0, the m-line's formats, c= and the mid. */
  private static MediaSection deadSection(SdpField.Media last, String mid) {
    // RFC 3264 §6 and §8.2, RFC 9429 §5.2.2 and §5.3.1: port 0 keeps the m-line in place.
    MediaSection m =
        MediaSection.of(new SdpField.Media(last.kind(), 0, 0, last.protocol(), last.formats()));
    m.add(new SdpField.Connection("IN", "IP4", "0.0.0.0"));
    if (mid != null) {
      m.add(new SdpAttribute.Mid(mid));
    }
    return m;
  }

  /** c=, ICE credentials and options, fingerprints and setup, the same in every m-section. */
  private void transportLines(MediaSection m, String ufrag, String pwd, String setup) {
    m.add(connection());
    m.add(new SdpAttribute.IceUfrag(ufrag));
    m.add(new SdpAttribute.IcePwd(pwd));
    // RFC 8840 §4.1.1, RFC 9429 §5.2.1: we trickle.
    m.add(new SdpAttribute.IceOptions(List.of("trickle")));
    fingerprints.forEach(m::add);
    m.add(new SdpAttribute.Generic("tls-id", tlsId)); // RFC 8842 §5.2, §5.3, §5.5
    m.add(new SdpAttribute.Setup(setup));
  }

  private Optional<SdpAttribute.Candidate> defaultCandidate() {
    return candidates.stream()
        .filter(c -> c.component() == 1 && c.transport().equalsIgnoreCase("udp") && !c.isMdns())
        .findFirst();
  }

  /**
   * RFC 9429 §5.2.1 and RFC 8839 §4.2.1.2: m= port and c= address are the default candidate's, or 9
   * and 0.0.0.0 when there is none yet (or only mDNS names, which c= cannot carry).
   */
  private int port() {
    return defaultCandidate().map(SdpAttribute.Candidate::port).orElse(9);
  }

  private SdpField.Connection connection() {
    return defaultCandidate()
        .map(
            c ->
                new SdpField.Connection(
                    "IN", c.address().contains(":") ? "IP6" : "IP4", c.address()))
        .orElse(new SdpField.Connection("IN", "IP4", "0.0.0.0"));
  }

  private void candidateLines(MediaSection m) {
    candidates.forEach(m::add);
    if (endOfCandidates) {
      m.add(new SdpAttribute.Flag("end-of-candidates")); // RFC 8840 §8.2
    }
  }

  private static List<String> pts(List<Codec> codecs) {
    return codecs.stream().map(c -> Integer.toString(c.payloadType())).toList();
  }

  private static void codecLines(MediaSection m, List<Codec> codecs) {
    for (Codec c : codecs) {
      String pt = Integer.toString(c.payloadType());
      m.add(new SdpAttribute.Rtpmap(c.payloadType(), c.name(), c.clockRate(), c.channels()));
      for (String fb : c.feedback()) {
        int sp = fb.indexOf(' ');
        m.add(
            new SdpAttribute.RtcpFb(
                pt, sp < 0 ? fb : fb.substring(0, sp), sp < 0 ? null : fb.substring(sp + 1)));
      }
      if (!c.fmtp().isEmpty()) {
        m.add(SdpLine.of(new SdpAttribute.Fmtp(pt, c.fmtp())));
      }
    }
  }

  // ------------------------------------------------------------------------------ answering

  /** The answer m-section for an offered one, or null to reject it. */
  private MediaSection answerSection(
      SessionDescription offer, MediaSection o, Slot s, String ufrag, String pwd) {
    if (JsepSdp.rejected(o) || s.mid == null) {
      return null; // RFC 3264 §6: a rejected offer section stays rejected
    }
    String setup = answerSetup(offer, o, s.mid);
    if (s.media.equals(APPLICATION)) {
      return answerData(o, s.mid, ufrag, pwd, setup);
    }
    Transceiver t = s.transceiver;
    String proto = o.media().protocol();
    if (t == null || t.stopped() || !RTP_PROTOCOLS.contains(proto)) {
      // RFC 9429 §5.3.1: an unknown media type or protocol is rejected.
      return null;
    }
    List<Codec> codecs = answerCodecs(t.kind(), JsepSdp.codecs(o));
    if (codecs.stream().allMatch(Codec::isAuxiliary)) {
      // RFC 9429 §5.3.1, RFC 3264 §6: no common media format, so reject.
      return null;
    }
    // RFC 3264 §6.1, RFC 9429 §5.3.1: the offered direction seen from our side, limited to what
    // the transceiver wants.
    MediaDirection dir =
        JsepSdp.intersect(JsepSdp.reverse(JsepSdp.direction(offer, o)), t.direction());
    MediaSection m =
        MediaSection.of(new SdpField.Media(t.kind().sdpName(), port(), 0, proto, pts(codecs)));
    transportLines(m, ufrag, pwd, setup);
    m.add(new SdpAttribute.Mid(s.mid));
    for (HeaderExtension e : answerExtensions(t.kind(), JsepSdp.extensions(o))) {
      m.add(new SdpAttribute.Extmap(e.id(), null, e.uri(), null));
    }
    m.add(new SdpAttribute.Direction(dir));
    if (JsepSdp.transportFlag(offer, o, "rtcp-mux")
        || JsepSdp.transportFlag(offer, o, "rtcp-mux-only")) {
      // RFC 5761 §5.1.1 and RFC 8858 §4: mux accepted; a=rtcp-mux-only is for offers only.
      m.add(new SdpAttribute.Flag("rtcp-mux"));
    }
    if (o.has("rtcp-rsize")) {
      m.add(new SdpAttribute.Flag("rtcp-rsize")); // RFC 5506 §5: only when offered
    }
    codecLines(m, codecs);
    senderLines(m, t, dir);
    candidateLines(m);
    return m;
  }

  /**
   * RFC 8842 §5.3: active answers actpass (the JSEP §5.3.1 choice, so the answerer's ClientHello
   * can go out at once) and passive; passive answers active. When a DTLS association exists and the
   * peer's certificate is unchanged, an actpass offer keeps it (RFC 8842 §5.5), so the answer
   * states the role this side already has, also in an m-section the later offer adds (RFC 8843
   * §7.1.3: one transport, the same a=setup in every bundled m-section). An active or passive offer
   * that contradicts that role was refused in {@link #validateTransport}.
   */
  private String answerSetup(SessionDescription offer, MediaSection o, String mid) {
    String offered =
        JsepSdp.transport(offer, o, SdpAttribute.Setup.class)
            .map(SdpAttribute.Setup::role)
            .orElse("actpass"); // legacy offers without a=setup: take the choice ourselves
    if (offered.equals("active")) {
      return "passive";
    }
    if (offered.equals("passive")) {
      return "active";
    }
    Optional<NegotiatedSection> n = association(mid);
    if (n.isPresent() && n.get().remoteFingerprints().equals(JsepSdp.fingerprints(offer, o))) {
      return n.get().dtlsRole() == DtlsRole.CLIENT ? "active" : "passive";
    }
    return "active";
  }

  /**
   * The established DTLS association an m-section uses: its own negotiated result, else (an
   * m-section a later offer adds) the first live one, since every own m-section shares one
   * transport.
   */
  private Optional<NegotiatedSection> association(String mid) {
    Optional<NegotiatedSection> own =
        mid == null ? Optional.empty() : negotiated(mid).filter(x -> !x.rejected());
    return own.or(() -> negotiated.stream().filter(x -> !x.rejected()).findFirst())
        .filter(x -> x.dtlsRole() != null);
  }

  /**
   * RFC 3264 §6.1 and RFC 9429 §5.3.1: the offered formats we support, in the offerer's order with
   * the offerer's payload types; rtx only for a kept codec, pointing at its payload type (RFC 4588
   * §8.1); feedback both sides know (RFC 4585 §4.2).
   */
  private List<Codec> answerCodecs(MediaKind kind, List<Codec> offered) {
    List<Codec> local = caps.codecs(kind);
    Map<Integer, Codec> chosen = new HashMap<>();
    Map<Integer, Codec> localMatch = new HashMap<>();
    for (Codec oc : offered) {
      if (oc.isRtx() || chosen.containsKey(oc.payloadType())) {
        continue;
      }
      for (Codec lc : local) {
        if (!lc.isRtx() && JsepSdp.sameCodec(oc, lc)) {
          List<String> fb = oc.feedback().stream().filter(lc.feedback()::contains).toList();
          // Our own parameters describe what we receive (RFC 9429 §5.3.1); where we have none,
          // the offered ones (e.g. telephone-event events) are echoed.
          String fmtp = lc.fmtp().isEmpty() ? oc.fmtp() : lc.fmtp();
          chosen.put(
              oc.payloadType(),
              new Codec(oc.payloadType(), oc.name(), oc.clockRate(), oc.channels(), fmtp, fb));
          localMatch.put(oc.payloadType(), lc);
          break;
        }
      }
    }
    List<Codec> out = new ArrayList<>();
    Set<Integer> done = new HashSet<>();
    for (Codec oc : offered) {
      if (!done.add(oc.payloadType())) {
        continue;
      }
      if (oc.isRtx()) {
        Codec primary = localMatch.get(oc.apt());
        boolean supported =
            primary != null
                && local.stream().anyMatch(l -> l.isRtx() && l.apt() == primary.payloadType());
        if (supported) {
          out.add(
              new Codec(
                  oc.payloadType(),
                  oc.name(),
                  oc.clockRate(),
                  oc.channels(),
                  "apt=" + oc.apt(),
                  List.of()));
        }
      } else if (chosen.containsKey(oc.payloadType())) {
        out.add(chosen.get(oc.payloadType()));
      }
    }
    return out;
  }

  /** RFC 8285 §7: the offered extensions we know, with the offerer's ids. */
  private List<HeaderExtension> answerExtensions(MediaKind kind, List<HeaderExtension> offered) {
    Set<String> known = new HashSet<>();
    caps.extensions(kind).forEach(e -> known.add(e.uri()));
    Set<String> seen = new HashSet<>();
    List<HeaderExtension> out = new ArrayList<>();
    for (HeaderExtension e : offered) {
      if (known.contains(e.uri()) && seen.add(e.uri())) {
        out.add(e);
      }
    }
    return out;
  }

  private MediaSection answerData(
      MediaSection o, String mid, String ufrag, String pwd, String setup) {
    String proto = o.media().protocol();
    if (DATA_PROTOCOLS.contains(proto) && o.media().formats().contains(DATA_FORMAT)) {
      return dataSection(mid, proto, -1, ufrag, pwd, setup); // RFC 8841 §5.1, §6.1
    }
    if (proto.equals(LEGACY_DATA_PROTOCOL)) {
      // Answered in kind, as browsers still do for these offers.
      Optional<SdpAttribute.Sctpmap> map =
          o.fields(SdpAttribute.Sctpmap.class).stream()
              .filter(x -> x.app().equals(DATA_FORMAT))
              .findFirst();
      if (map.isPresent()) {
        return dataSection(mid, proto, map.get().streams(), ufrag, pwd, setup);
      }
    }
    return null;
  }

  /**
   * Whether a remote offer changes the ICE credentials of a negotiated section (RFC 8839
   * §4.4.1.1.1).
   */
  private boolean remoteIceRestart(SessionDescription offer) {
    for (MediaSection o : offer.media()) {
      if (JsepSdp.rejected(o) || o.mid().isEmpty()) {
        continue;
      }
      Optional<NegotiatedSection> n = negotiated(o.mid().get()).filter(x -> !x.rejected());
      Optional<String> ufrag =
          JsepSdp.transport(offer, o, SdpAttribute.IceUfrag.class)
              .map(SdpAttribute.IceUfrag::ufrag);
      if (n.isPresent() && ufrag.isPresent() && !ufrag.get().equals(n.get().remoteIceUfrag())) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------------- applying, checks

  private void applyLocalOffer(SessionDescription sd) throws JsepException {
    if (state != SignalingState.STABLE && state != SignalingState.HAVE_LOCAL_OFFER) {
      throw new JsepException(Reason.WRONG_STATE, "local offer in " + state.w3cName());
    }
    List<Planned> plan = lastOfferPlan;
    List<MediaSection> ms = sd.media();
    if (ms.size() != slots.size() + plan.size()) {
      throw new JsepException(
          Reason.LOCAL_DESCRIPTION_MISMATCH,
          ms.size() + " m-sections, the last created offer has " + (slots.size() + plan.size()));
    }
    for (int i = 0; i < ms.size(); i++) {
      String want = i < slots.size() ? slots.get(i).mid : plan.get(i - slots.size()).mid();
      if (want != null && !ms.get(i).mid().filter(want::equals).isPresent()) {
        throw new JsepException(
            Reason.LOCAL_DESCRIPTION_MISMATCH, "m-section " + i + " must have mid " + want);
      }
    }
    if (state == SignalingState.STABLE) {
      beforePending = snapshot();
    }
    for (Planned p : plan) {
      Slot s = new Slot(p.media(), p.mid(), p.transceiver());
      if (p.transceiver() != null) {
        p.transceiver().mid(p.mid());
      } else {
        dataWanted = false;
      }
      slots.add(s);
    }
    for (int i = 0; i < ms.size(); i++) {
      slots.get(i).lastMLine = ms.get(i).media();
    }
    lastOfferPlan = List.of();
    adopt(sd);
    pendingLocal = sd;
    state = SignalingState.HAVE_LOCAL_OFFER;
  }

  private void applyLocalAnswer(SdpType type, SessionDescription sd) throws JsepException {
    if (state != SignalingState.HAVE_REMOTE_OFFER && state != SignalingState.HAVE_LOCAL_PRANSWER) {
      throw new JsepException(Reason.WRONG_STATE, "local answer in " + state.w3cName());
    }
    SessionDescription offer = pendingRemote;
    if (sd.media().size() != offer.media().size()) {
      throw new JsepException(
          Reason.LOCAL_DESCRIPTION_MISMATCH,
          sd.media().size() + " m-sections, the offer has " + offer.media().size());
    }
    for (int i = 0; i < slots.size(); i++) {
      String want = slots.get(i).mid;
      if (want != null && !sd.media().get(i).mid().filter(want::equals).isPresent()) {
        throw new JsepException(
            Reason.LOCAL_DESCRIPTION_MISMATCH, "m-section " + i + " must have mid " + want);
      }
    }
    adopt(sd);
    for (int i = 0; i < slots.size(); i++) {
      slots.get(i).lastMLine = sd.media().get(i).media();
    }
    if (type == SdpType.PRANSWER) {
      pendingLocal = sd;
      state = SignalingState.HAVE_LOCAL_PRANSWER;
      return;
    }
    complete(offer, sd, false);
    currentLocal = sd;
    currentRemote = offer;
    finishExchange();
  }

  /** Takes the ICE credentials and the o= version of an applied local description. */
  private void adopt(SessionDescription sd) {
    for (MediaSection m : sd.media()) {
      if (JsepSdp.rejected(m)) {
        continue;
      }
      Optional<SdpAttribute.IceUfrag> u = JsepSdp.transport(sd, m, SdpAttribute.IceUfrag.class);
      Optional<SdpAttribute.IcePwd> p = JsepSdp.transport(sd, m, SdpAttribute.IcePwd.class);
      if (u.isPresent() && p.isPresent()) {
        iceUfrag = u.get().ufrag();
        icePwd = p.get().pwd();
        break;
      }
    }
    try {
      lastVersion = Long.parseLong(sd.origin().map(SdpField.Origin::sessionVersion).orElse(""));
    } catch (NumberFormatException e) {
      lastVersion++;
    }
  }

  private void finishExchange() {
    pendingLocal = null;
    pendingRemote = null;
    beforePending = null;
    state = SignalingState.STABLE;
  }

  private static SessionDescription parse(String text) throws JsepException {
    SdpParseResult r = SdpParser.parse(text, SdpParseMode.LENIENT);
    if (!r.ok()) {
      throw new JsepException(
          Reason.PARSE_ERROR,
          r.errors().isEmpty() ? "no description" : r.errors().get(0).toString());
    }
    return r.description().orElseThrow();
  }

  /** The RFC 9429 §5.8 checks of a remote description, in a fixed order. */
  private void validate(SessionDescription sd, SdpType type, List<Slot> base) throws JsepException {
    Set<String> mids = new HashSet<>();
    for (int i = 0; i < sd.media().size(); i++) {
      MediaSection m = sd.media().get(i);
      Optional<String> mid = m.mid();
      if (mid.isEmpty()) {
        if (!JsepSdp.rejected(m)) {
          throw new JsepException(Reason.MID_MISSING, "m-section " + i + " has no a=mid");
        }
      } else if (!mids.add(mid.get())) {
        throw new JsepException(Reason.MID_DUPLICATE, "mid " + mid.get() + " is used twice");
      }
    }
    SessionDescription offer = type == SdpType.OFFER ? sd : pendingLocal;
    if (type != SdpType.OFFER) {
      if (sd.media().size() != offer.media().size()) {
        throw new JsepException(
            Reason.M_SECTION_COUNT,
            "the answer has "
                + sd.media().size()
                + " m-sections, the offer "
                + offer.media().size());
      }
      for (int i = 0; i < sd.media().size(); i++) {
        MediaSection a = sd.media().get(i);
        MediaSection o = offer.media().get(i);
        if (!a.media().kind().equals(o.media().kind())) {
          throw new JsepException(
              Reason.M_SECTION_KIND,
              "m-section " + i + " is " + a.media().kind() + ", offered " + o.media().kind());
        }
        if (a.mid().isPresent() && o.mid().isPresent() && !a.mid().equals(o.mid())) {
          throw new JsepException(
              Reason.MID_MISMATCH,
              "m-section " + i + " has mid " + a.mid().get() + ", offered " + o.mid().get());
        }
      }
    } else {
      if (sd.media().size() < base.size()) {
        throw new JsepException(
            Reason.M_SECTION_ORDER,
            "the offer has " + sd.media().size() + " m-sections, the session " + base.size());
      }
      for (int i = 0; i < base.size(); i++) {
        Slot s = base.get(i);
        MediaSection m = sd.media().get(i);
        boolean same =
            m.media().kind().equals(s.media)
                && (s.mid == null || m.mid().isEmpty() || s.mid.equals(m.mid().get()));
        // A rejected m-section may be recycled for something new (RFC 3264 §8.3.1).
        if (!same && !s.rejected) {
          throw new JsepException(
              Reason.M_SECTION_ORDER,
              "m-section "
                  + i
                  + " was "
                  + s.media
                  + " mid "
                  + s.mid
                  + ", now "
                  + m.media().kind()
                  + " mid "
                  + m.mid().orElse("none"));
        }
      }
    }
    validateBundle(sd, type, offer, mids);
    for (int i = 0; i < sd.media().size(); i++) {
      MediaSection m = sd.media().get(i);
      if (!JsepSdp.rejected(m)) {
        validateTransport(sd, type, m, i);
      }
    }
  }

  private void validateBundle(
      SessionDescription sd, SdpType type, SessionDescription offer, Set<String> mids)
      throws JsepException {
    Set<String> offeredBundled = new HashSet<>();
    offer.bundleGroups().forEach(g -> offeredBundled.addAll(g.tags()));
    Set<String> bundled = new HashSet<>();
    Set<SdpAttribute.Group> answered = new HashSet<>();
    for (SdpAttribute.Group g : sd.bundleGroups()) {
      if (type != SdpType.OFFER && !g.tags().isEmpty()) {
        // RFC 8843 §7.3.1: an answer group is an offered group, less the mids it rejects; the
        // answer neither creates groups nor moves an m-section into another one.
        Optional<SdpAttribute.Group> offered = JsepSdp.bundleOf(offer, g.tags().get(0));
        boolean subset = offered.isPresent() && offered.get().tags().containsAll(g.tags());
        if (!subset || !answered.add(offered.get())) {
          throw new JsepException(
              Reason.BUNDLE_GROUP_INVALID,
              "answer group " + g.tags() + " is not one offered group (RFC 8843 §7.3.1)");
        }
      }
      for (String tag : g.tags()) {
        if (!mids.contains(tag)) {
          throw new JsepException(
              Reason.BUNDLE_MID_UNKNOWN, "BUNDLE names mid " + tag + " that no m-section has");
        }
        if (!bundled.add(tag)) {
          throw new JsepException(
              Reason.BUNDLE_GROUP_INVALID, "mid " + tag + " is in two BUNDLE groups (RFC 8843 §6)");
        }
        if (JsepSdp.rejected(sd.mediaByMid(tag).orElseThrow())) {
          throw new JsepException(
              Reason.BUNDLE_GROUP_INVALID,
              "rejected m-section " + tag + " is in a BUNDLE group (RFC 8843 §7.3.3, §7.5.3)");
        }
        if (type != SdpType.OFFER && !offeredBundled.contains(tag)) {
          throw new JsepException(
              Reason.BUNDLE_GROUP_INVALID,
              "the answer bundles mid " + tag + ", which the offer did not (RFC 8843 §7.3.1)");
        }
      }
    }
    for (MediaSection m : sd.media()) {
      if (m.has("bundle-only")
          && m.media().port() == 0
          && !m.mid().filter(bundled::contains).isPresent()) {
        throw new JsepException(
            Reason.BUNDLE_GROUP_INVALID,
            "bundle-only m-section "
                + m.mid().orElse("?")
                + " is in no BUNDLE group (RFC 8843 §6)");
      }
    }
  }

  private void validateTransport(SessionDescription sd, SdpType type, MediaSection m, int i)
      throws JsepException {
    String where = "m-section " + i + " (mid " + m.mid().orElse("none") + ")";
    if (JsepSdp.transport(sd, m, SdpAttribute.IceUfrag.class).isEmpty()
        || JsepSdp.transport(sd, m, SdpAttribute.IcePwd.class).isEmpty()) {
      throw new JsepException(Reason.ICE_CREDENTIALS_MISSING, where + " has no ice-ufrag/ice-pwd");
    }
    if (JsepSdp.fingerprints(sd, m).isEmpty()) {
      throw new JsepException(Reason.FINGERPRINT_MISSING, where + " has no a=fingerprint");
    }
    Optional<String> peerTlsId = JsepSdp.tlsId(sd, m);
    if (remoteTlsId != null
        && peerTlsId.isPresent()
        && !peerTlsId.get().equals(remoteTlsId)
        && association(m.mid().orElse(null)).isPresent()) {
      // RFC 8842 §5.5: a new tls-id asks for a new DTLS association.
      throw new JsepException(
          Reason.SETUP_INVALID,
          where
              + " changes a=tls-id from "
              + remoteTlsId
              + " to "
              + peerTlsId.get()
              + ": a new DTLS association (RFC 8842 §5.5), which is not supported on a live"
              + " connection");
    }
    Optional<String> setup =
        JsepSdp.transport(sd, m, SdpAttribute.Setup.class).map(SdpAttribute.Setup::role);
    if (type == SdpType.OFFER) {
      // RFC 8842 §5.2 and §5.5: offers use actpass, but §5.3 has the answerer accept active and
      // passive from older stacks; holdconn is no DTLS role. An absent a=setup is taken as
      // actpass (old stacks).
      if (setup.isPresent() && setup.get().equals("holdconn")) {
        throw new JsepException(Reason.SETUP_INVALID, where + " offers a=setup:holdconn");
      }
      checkOfferedRole(sd, m, setup.orElse("actpass"), where);
    } else if (setup.isEmpty()
        || !(setup.get().equals("active") || setup.get().equals("passive"))) {
      // RFC 8842 §5.3: the answer picks a role.
      throw new JsepException(
          Reason.SETUP_INVALID,
          where + " answers a=setup:" + setup.orElse("(none)") + "; expected active or passive");
    }
    if (m.media().isRtp()) {
      boolean mux =
          JsepSdp.transportFlag(sd, m, "rtcp-mux") || JsepSdp.transportFlag(sd, m, "rtcp-mux-only");
      boolean bundled = JsepSdp.bundleOf(sd, m.mid().orElse(null)).isPresent();
      if (!mux && muxPolicy == RtcpMuxPolicy.REQUIRE) {
        throw new JsepException(
            Reason.RTCP_MUX_REQUIRED, where + " has no a=rtcp-mux and the policy is require");
      }
      if (!mux && bundled) {
        throw new JsepException(
            Reason.RTCP_MUX_REQUIRED, where + " is bundled without a=rtcp-mux (RFC 8843 §9.1)");
      }
    }
  }

  /**
   * RFC 8842 §5.3: an answerer accepts later offers with active or passive (older stacks send the
   * role they have). With the peer's certificate unchanged the existing association is kept (§5.5),
   * so the offered role must be the one the peer has in it; the other one would need a new DTLS
   * association, which a live connection here does not set up.
   */
  private void checkOfferedRole(SessionDescription sd, MediaSection m, String offered, String where)
      throws JsepException {
    if (!offered.equals("active") && !offered.equals("passive")) {
      return;
    }
    Optional<NegotiatedSection> n = association(m.mid().orElse(null));
    if (n.isEmpty() || !n.get().remoteFingerprints().equals(JsepSdp.fingerprints(sd, m))) {
      return;
    }
    // The peer's role is the opposite of ours: our CLIENT means the peer is passive.
    String peerRole = n.get().dtlsRole() == DtlsRole.CLIENT ? "passive" : "active";
    if (!offered.equals(peerRole)) {
      throw new JsepException(
          Reason.SETUP_INVALID,
          where
              + " offers a=setup:"
              + offered
              + " with an unchanged certificate, but the peer is "
              + peerRole
              + " in the existing DTLS association; a role change needs a new association"
              + " (RFC 8842 §5.5), which is not supported on a live connection");
    }
  }

  private void applyRemoteOffer(SessionDescription sd) {
    if (state == SignalingState.HAVE_REMOTE_OFFER) {
      restore(beforePending); // W3C: a new remote offer replaces the pending one
    }
    beforePending = snapshot();
    for (int i = 0; i < sd.media().size(); i++) {
      MediaSection m = sd.media().get(i);
      String mid = m.mid().orElse(null);
      if (i < slots.size()) {
        Slot s = slots.get(i);
        boolean same = m.media().kind().equals(s.media) && Objects.equals(s.mid, mid);
        if (same || !s.rejected) {
          continue;
        }
        slots.set(i, remoteSlot(m, mid)); // a recycled rejected m-section
      } else {
        slots.add(remoteSlot(m, mid));
      }
    }
    pendingRemote = sd;
    state = SignalingState.HAVE_REMOTE_OFFER;
  }

  /**
   * The slot for an m-section a remote offer adds: an audio or video one takes the first local
   * transceiver of its kind that has no m-section yet, else a new recvonly transceiver (W3C
   * §4.4.1.6, RFC 9429 §5.10).
   */
  private Slot remoteSlot(MediaSection m, String mid) {
    String media = m.media().kind();
    Transceiver t = null;
    Optional<MediaKind> kind = MediaKind.fromSdp(media);
    if (kind.isPresent() && !JsepSdp.rejected(m) && mid != null) {
      t =
          transceivers.stream()
              .filter(x -> x.kind() == kind.get() && x.mid() == null && !x.stopped())
              .findFirst()
              .orElse(null);
      if (t == null) {
        t = newTransceiver(kind.get(), MediaDirection.RECVONLY, true);
        transceivers.add(t);
      }
      t.mid(mid);
    }
    if (media.equals(APPLICATION) && !JsepSdp.rejected(m)) {
      dataWanted = false;
    }
    Slot s = new Slot(media, mid, t);
    s.lastMLine = m.media();
    return s;
  }

  /** Records what an offer and its answer settled (RFC 9429 §5.9 and §5.10). */
  private void complete(SessionDescription offer, SessionDescription answer, boolean weOffered) {
    List<NegotiatedSection> out = new ArrayList<>();
    for (int i = 0; i < answer.media().size(); i++) {
      MediaSection o = offer.media().get(i);
      MediaSection a = answer.media().get(i);
      Slot s = slots.get(i);
      String media = a.media().kind();
      if (JsepSdp.rejected(o) || JsepSdp.rejected(a)) {
        // W3C §4.4.1.6: a rejected m-section stops its transceiver.
        s.rejected = true;
        if (s.transceiver != null) {
          s.transceiver.stop();
          s.transceiver.currentDirection(null);
        }
        out.add(
            new NegotiatedSection(
                s.mid,
                media,
                a.media().protocol(),
                true,
                MediaDirection.INACTIVE,
                List.of(),
                List.of(),
                null,
                null,
                null,
                List.of(),
                false,
                List.of(),
                -1,
                -1));
        continue;
      }
      SessionDescription remote = weOffered ? answer : offer;
      MediaSection r = weOffered ? a : o;
      MediaDirection answered = JsepSdp.direction(answer, a);
      MediaDirection ours = weOffered ? JsepSdp.reverse(answered) : answered;
      boolean answererActive =
          JsepSdp.transport(answer, a, SdpAttribute.Setup.class)
              .map(x -> x.role().equals("active"))
              .orElse(true);
      // RFC 8842 §5.1: the active side is the DTLS client.
      DtlsRole role = answererActive != weOffered ? DtlsRole.CLIENT : DtlsRole.SERVER;
      boolean data = media.equals(APPLICATION);
      int sctpPort = -1;
      long maxSize = -1;
      if (data) {
        // RFC 8841 §5.1 and §6.1 defaults: port 5000, 64 KiB.
        sctpPort =
            r.field(SdpAttribute.SctpPort.class)
                .map(SdpAttribute.SctpPort::port)
                .or(() -> r.field(SdpAttribute.Sctpmap.class).map(SdpAttribute.Sctpmap::number))
                .orElse(5000);
        maxSize =
            r.field(SdpAttribute.MaxMessageSize.class)
                .map(SdpAttribute.MaxMessageSize::size)
                .orElse(65536L);
      }
      s.rejected = false;
      if (s.transceiver != null) {
        s.transceiver.currentDirection(ours);
      }
      out.add(
          new NegotiatedSection(
              s.mid,
              media,
              a.media().protocol(),
              false,
              ours,
              data ? List.of() : JsepSdp.codecs(a),
              JsepSdp.extensions(a),
              role,
              JsepSdp.transport(remote, r, SdpAttribute.IceUfrag.class)
                  .map(SdpAttribute.IceUfrag::ufrag)
                  .orElse(null),
              JsepSdp.transport(remote, r, SdpAttribute.IcePwd.class)
                  .map(SdpAttribute.IcePwd::pwd)
                  .orElse(null),
              JsepSdp.candidates(remote, r),
              JsepSdp.transportFlag(remote, r, "end-of-candidates"),
              JsepSdp.fingerprints(remote, r),
              sctpPort,
              maxSize));
    }
    negotiated = List.copyOf(out);
    SessionDescription peer = weOffered ? answer : offer;
    remoteTlsId = null;
    for (int i = 0; i < Math.min(peer.media().size(), out.size()); i++) {
      if (!out.get(i).rejected()) {
        remoteTlsId = JsepSdp.tlsId(peer, peer.media().get(i)).orElse(null);
        break;
      }
    }
    negotiatedBundle = answer.bundleGroups().stream().map(SdpAttribute.Group::tags).toList();
    currentLocalIsOffer = weOffered;
  }

  // -------------------------------------------------------------------------------- helpers

  private Snapshot snapshot() {
    List<Slot> copy = new ArrayList<>();
    slots.forEach(s -> copy.add(s.copy()));
    Map<Transceiver, String> mids = new IdentityHashMap<>();
    transceivers.forEach(t -> mids.put(t, t.mid()));
    return new Snapshot(copy, new ArrayList<>(transceivers), mids, dataWanted, iceUfrag, icePwd);
  }

  private void restore(Snapshot s) {
    slots.clear();
    s.slots().forEach(x -> slots.add(x.copy()));
    transceivers.clear();
    transceivers.addAll(s.transceivers());
    s.mids().forEach(Transceiver::mid);
    dataWanted = s.dataWanted();
    iceUfrag = s.ufrag();
    icePwd = s.pwd();
  }

  private String randomIce(int n) {
    // RFC 8839 §5.4: at least 24 bits of randomness in the ufrag, 128 in the password; 16 and 24
    // ice-chars give 96 and 144 bits.
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = ICE_CHARS.charAt(random.nextInt(ICE_CHARS.length()));
    }
    return new String(c);
  }

  /** 16 hex digits: token characters as msid ids need (RFC 8830 §2), and a fine CNAME. */
  private String randomToken() {
    return String.format(java.util.Locale.ROOT, "%016x", random.nextLong());
  }

  private void requireOpen() throws JsepException {
    if (state == SignalingState.CLOSED) {
      throw new JsepException(Reason.WRONG_STATE, "the session is closed");
    }
  }

  private void requireOpenUnchecked() {
    if (state == SignalingState.CLOSED) {
      throw new IllegalStateException("the session is closed");
    }
  }
}

package org.rtcheck.stack.sdp.jsep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.sdp.MediaSection;
import org.rtcheck.stack.sdp.SdpAttribute;
import org.rtcheck.stack.sdp.SdpAttribute.MediaDirection;
import org.rtcheck.stack.sdp.SdpFinding;
import org.rtcheck.stack.sdp.SdpLinter;
import org.rtcheck.stack.sdp.SdpParser;
import org.rtcheck.stack.sdp.SdpType;
import org.rtcheck.stack.sdp.SessionDescription;

class JsepSessionTest {

  static SdpAttribute.Fingerprint fingerprint(int seed) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 32; i++) {
      b.append(i == 0 ? "" : ":").append(String.format("%02X", (seed * 31 + i * 7) & 0xff));
    }
    return new SdpAttribute.Fingerprint("sha-256", b.toString());
  }

  static JsepSession session(int seed) {
    return new JsepSession(List.of(fingerprint(seed)));
  }

  static String text(SessionDescription sd) {
    return JsepSession.toText(sd);
  }

  static List<SdpFinding> violations(SessionDescription sd, SdpType type) {
    SessionDescription reparsed = SdpParser.parse(text(sd)).description().orElseThrow();
    return SdpLinter.check(reparsed, type, false).stream()
        .filter(f -> f.severity() == SdpFinding.Severity.VIOLATION)
        .toList();
  }

  static List<String> mLines(SessionDescription sd) {
    return sd.media().stream().map(m -> m.mLine().text()).toList();
  }

  static List<String> lines(MediaSection m) {
    return m.lines().stream().map(l -> l.text()).toList();
  }

  /** Offer from {@code a}, answer from {@code b}, both applied; returns the answer. */
  static SessionDescription negotiate(JsepSession a, JsepSession b) throws JsepException {
    SessionDescription offer = a.createOffer();
    a.setLocalDescription(SdpType.OFFER, offer);
    b.setRemoteDescription(SdpType.OFFER, text(offer));
    SessionDescription answer = b.createAnswer();
    b.setLocalDescription(SdpType.ANSWER, answer);
    a.setRemoteDescription(SdpType.ANSWER, text(answer));
    return answer;
  }

  /** Answers {@code offer} with a session that wants to send audio and video. */
  static SessionDescription answer(JsepSession b, String offer) throws JsepException {
    b.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
    b.addTransceiver(MediaKind.VIDEO, MediaDirection.SENDRECV);
    b.setRemoteDescription(SdpType.OFFER, offer);
    SessionDescription answer = b.createAnswer();
    assertThat(violations(answer, SdpType.ANSWER)).isEmpty();
    // RFC 8842 §5.3: actpass is answered with active.
    assertThat(text(answer)).doesNotContain("a=setup:actpass", "a=setup:passive");
    b.setLocalDescription(SdpType.ANSWER, answer);
    assertThat(b.signalingState()).isEqualTo(SignalingState.STABLE);
    return answer;
  }

  @Test
  void ownOfferAndOwnAnswerNegotiateBothSides() throws Exception {
    JsepSession a = session(1);
    JsepSession b = session(2);
    a.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
    a.addTransceiver(MediaKind.VIDEO, MediaDirection.SENDRECV);
    a.createDataChannelSection();
    a.setLocalCandidates(
        List.of("candidate:1 1 udp 2122260223 192.0.2.10 50000 typ host generation 0"), true);
    b.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);

    SessionDescription offer = a.createOffer();
    assertThat(violations(offer, SdpType.OFFER)).isEmpty();
    String ot = text(offer);
    assertThat(ot)
        .startsWith("v=0\r\no=- ")
        .contains(
            "s=-\r\nt=0 0\r\na=group:BUNDLE 0 1 2\r\na=extmap-allow-mixed\r\n",
            "m=audio 50000 UDP/TLS/RTP/SAVPF 111 0 8 110\r\nc=IN IP4 192.0.2.10\r\n",
            "m=video 50000 UDP/TLS/RTP/SAVPF 96 97 102 103 98 99\r\n",
            "m=application 50000 UDP/DTLS/SCTP webrtc-datachannel\r\n",
            "a=sctp-port:5000\r\na=max-message-size:262144\r\n",
            "a=rtcp-mux\r\na=rtcp-mux-only\r\na=rtcp-rsize\r\n",
            "a=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 transport-cc\r\n"
                + "a=fmtp:111 minptime=10;useinbandfec=1\r\n",
            "a=fmtp:97 apt=96\r\n",
            "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
            "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n",
            "a=candidate:1 1 udp 2122260223 192.0.2.10 50000 typ host generation 0\r\n"
                + "a=end-of-candidates\r\n");
    assertThat(count(ot, "a=setup:actpass\r\n")).isEqualTo(3);
    assertThat(count(ot, "a=ice-ufrag:" + a.localIceUfrag() + "\r\n")).isEqualTo(3);
    assertThat(a.localIceUfrag()).hasSize(16).matches("[A-Za-z0-9+/]+");
    assertThat(a.localIcePwd()).hasSize(24).matches("[A-Za-z0-9+/]+");
    assertThat(offer.origin().orElseThrow().sessionVersion()).isEqualTo("0");
    assertThat(Long.parseLong(offer.origin().orElseThrow().sessionId())).isNotNegative();

    a.setLocalDescription(SdpType.OFFER, offer);
    assertThat(a.signalingState()).isEqualTo(SignalingState.HAVE_LOCAL_OFFER);
    assertThat(a.transceivers()).extracting(Transceiver::mid).containsExactly("0", "1");
    b.setRemoteDescription(SdpType.OFFER, ot);
    assertThat(b.signalingState()).isEqualTo(SignalingState.HAVE_REMOTE_OFFER);
    SessionDescription answer = b.createAnswer();
    assertThat(violations(answer, SdpType.ANSWER)).isEmpty();
    assertThat(mLines(answer))
        .containsExactly(
            "m=audio 9 UDP/TLS/RTP/SAVPF 111 0 8 110",
            "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 98 99",
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel");
    // RFC 9429 §5.2.1/§5.3.1: sending sections name their SSRC and track (RFC 5576, RFC 8830);
    // B's video only receives, so it names none.
    Transceiver bAudio = b.transceivers().get(0);
    assertThat(text(answer))
        .containsPattern(
            "a=msid:[0-9a-f]{16} "
                + bAudio.trackId()
                + "\r\na=ssrc:"
                + bAudio.senderSsrc()
                + " cname:[0-9a-f]{16}\r\n");
    assertThat(count(text(answer), "a=msid:")).isEqualTo(1);
    assertThat(count(ot, "a=ssrc:" + a.transceivers().get(1).senderSsrc() + " cname:"))
        .isEqualTo(1);
    b.setLocalDescription(SdpType.ANSWER, answer);
    a.setRemoteDescription(SdpType.ANSWER, text(answer));
    assertThat(a.signalingState()).isEqualTo(SignalingState.STABLE);
    assertThat(a.currentRemoteDescription()).isPresent();
    assertThat(a.pendingLocalDescription()).isEmpty();

    // The offerer is DTLS server (the answerer said active), the answerer client.
    assertThat(a.negotiated())
        .extracting(NegotiatedSection::dtlsRole)
        .containsOnly(DtlsRole.SERVER);
    assertThat(b.negotiated())
        .extracting(NegotiatedSection::dtlsRole)
        .containsOnly(DtlsRole.CLIENT);
    assertThat(a.negotiated()).extracting(NegotiatedSection::mid).containsExactly("0", "1", "2");
    // B sends audio; B had no video to send, so its auto-made transceiver only receives.
    assertThat(a.negotiated())
        .extracting(NegotiatedSection::direction)
        .containsExactly(MediaDirection.SENDRECV, MediaDirection.SENDONLY, MediaDirection.SENDRECV);
    assertThat(b.negotiated())
        .extracting(NegotiatedSection::direction)
        .containsExactly(MediaDirection.SENDRECV, MediaDirection.RECVONLY, MediaDirection.SENDRECV);
    assertThat(b.transceivers()).hasSize(2);
    assertThat(b.transceivers().get(1).createdByRemote()).isTrue();
    assertThat(a.negotiated().get(1).codecs())
        .extracting(Codec::payloadType)
        .containsExactly(96, 97, 102, 103, 98, 99);
    assertThat(b.negotiated().get(0).codecs())
        .extracting(Codec::name)
        .containsExactly("opus", "PCMU", "PCMA", "telephone-event");
    assertThat(a.negotiatedBundleGroups()).containsExactly(List.of("0", "1", "2"));
    assertThat(b.negotiatedBundleGroups()).isEqualTo(a.negotiatedBundleGroups());

    NegotiatedSection atB = b.negotiated().get(0);
    assertThat(atB.remoteIceUfrag()).isEqualTo(a.localIceUfrag());
    assertThat(atB.remoteIcePwd()).isEqualTo(a.localIcePwd());
    assertThat(atB.remoteFingerprints()).containsExactly(fingerprint(1));
    assertThat(atB.remoteCandidates())
        .extracting(SdpAttribute.Candidate::port)
        .containsExactly(50000);
    assertThat(atB.remoteEndOfCandidates()).isTrue();
    NegotiatedSection atA = a.negotiated().get(0);
    assertThat(atA.remoteIceUfrag()).isEqualTo(b.localIceUfrag());
    assertThat(atA.remoteFingerprints()).containsExactly(fingerprint(2));
    assertThat(atA.remoteCandidates()).isEmpty();
    assertThat(a.negotiated().get(2).remoteSctpPort()).isEqualTo(5000);
    assertThat(a.negotiated().get(2).remoteMaxMessageSize()).isEqualTo(262144);
    assertThat(a.transceivers().get(0).currentDirection()).isEqualTo(MediaDirection.SENDRECV);
  }

  @Test
  void answersChromium() throws Exception {
    JsepSession b = session(3);
    SessionDescription answer = answer(b, RealWorldOffers.CHROMIUM);
    assertThat(mLines(answer))
        .containsExactly(
            "m=audio 9 UDP/TLS/RTP/SAVPF 111 0 8 110",
            "m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 106 107",
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel");
    assertThat(answer.media())
        .extracting(m -> m.mid().orElseThrow())
        .containsExactly("0", "1", "2");
    String t = text(answer);
    assertThat(t)
        .contains(
            "a=group:BUNDLE 0 1 2\r\na=extmap-allow-mixed\r\n",
            "a=setup:active",
            "a=sendrecv",
            "a=rtcp-mux\r\na=rtcp-rsize\r\n",
            // H.264 42001f (Baseline) and packetization-mode 0 are not what we have.
            "a=rtpmap:106 H264/90000\r\na=rtcp-fb:106 nack pli\r\n"
                + "a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;"
                + "profile-level-id=42e01f\r\n",
            "a=fmtp:107 apt=106",
            "a=rtpmap:110 telephone-event/48000",
            "a=sctp-port:5000\r\na=max-message-size:262144")
        .doesNotContain("red/", "ulpfec", "goog-lntf", "toffset", "rtcp-mux-only");
    MediaSection video = answer.media().get(1);
    assertThat(video.fields(SdpAttribute.Extmap.class))
        .extracting(SdpAttribute.Extmap::id)
        .containsExactly(2, 3, 4);
    assertThat(b.negotiated())
        .extracting(NegotiatedSection::dtlsRole)
        .containsOnly(DtlsRole.CLIENT);
    assertThat(b.negotiated().get(0).remoteIceUfrag()).isEqualTo("Qz7f");
  }

  @Test
  void answersFirefox() throws Exception {
    JsepSession b = session(4);
    SessionDescription answer = answer(b, RealWorldOffers.FIREFOX);
    assertThat(mLines(answer))
        .containsExactly(
            "m=audio 9 UDP/TLS/RTP/SAVPF 109 0 8",
            "m=video 9 UDP/TLS/RTP/SAVPF 120 124 121 125 126 127",
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel");
    assertThat(answer.media().get(0).fields(SdpAttribute.Extmap.class))
        .extracting(SdpAttribute.Extmap::id)
        .containsExactly(1, 3);
    assertThat(answer.media().get(1).fields(SdpAttribute.Extmap.class))
        .extracting(SdpAttribute.Extmap::id)
        .containsExactly(3, 4, 7);
    assertThat(lines(answer.media().get(1)))
        .contains("a=fmtp:124 apt=120", "a=fmtp:125 apt=121", "a=fmtp:127 apt=126")
        .doesNotContain("a=fmtp:98 apt=97");
    // The session-level fingerprint applies to every m-section (RFC 8866 §5.13).
    assertThat(b.negotiated().get(1).remoteFingerprints()).hasSize(1);
    assertThat(b.negotiated().get(2).remoteMaxMessageSize()).isEqualTo(1073741823L);
    assertThat(text(answer)).doesNotContain("extmap-allow-mixed");
  }

  @Test
  void answersGstreamer() throws Exception {
    JsepSession b = session(5);
    SessionDescription answer = answer(b, RealWorldOffers.GSTREAMER);
    assertThat(mLines(answer))
        .containsExactly("m=audio 9 UDP/TLS/RTP/SAVPF 97", "m=video 9 UDP/TLS/RTP/SAVPF 96");
    String t = text(answer);
    assertThat(t)
        .contains(
            "a=group:BUNDLE audio0 video1",
            "a=mid:audio0",
            "a=mid:video1",
            "a=rtpmap:97 OPUS/48000/2\r\na=rtcp-fb:97 transport-cc\r\n"
                + "a=fmtp:97 minptime=10;useinbandfec=1",
            "a=extmap:1 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01")
        .doesNotContain("rtcp-mux-only", "bundle-only");
    // The bundle-only section takes its transport from the tagged one (RFC 8843 §7.2).
    NegotiatedSection video = b.negotiated().get(1);
    assertThat(video.rejected()).isFalse();
    assertThat(video.remoteIceUfrag()).isEqualTo("Vv3ZC6d0cvhNkKqSWH5vVaiQ8Hy2kT1A");
    assertThat(video.remoteFingerprints()).hasSize(1);
    assertThat(video.codecs()).extracting(Codec::name).containsExactly("VP8");
  }

  @Test
  void rejectsWhatItCannotTake() throws Exception {
    String offer =
        RealWorldOffers.CHROMIUM
            .replace("m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126", "m=audio 9 RTP/AVP 0 8")
            .replace(
                "m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 100 101 102 103 104 105 106 107 108 109",
                "m=video 9 UDP/TLS/RTP/SAVPF 100 101 108 109");
    JsepSession b = session(6);
    b.setRemoteDescription(
        SdpType.OFFER, offer.replace("a=group:BUNDLE 0 1 2", "a=group:BUNDLE 2"));
    SessionDescription answer = b.createAnswer();
    assertThat(violations(answer, SdpType.ANSWER)).isEmpty();
    // RTP/AVP has no security; VP9 profile 2 and its friends are not ours: port 0, formats kept.
    assertThat(mLines(answer))
        .containsExactly(
            "m=audio 0 RTP/AVP 0 8",
            "m=video 0 UDP/TLS/RTP/SAVPF 100 101 108 109",
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel");
  }

  @Test
  void answersLegacyDataChannelInKind() throws Exception {
    String offer =
        RealWorldOffers.CHROMIUM
            .replace(
                "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
                "m=application 9 DTLS/SCTP 5000")
            .replace(
                "a=sctp-port:5000\r\na=max-message-size:262144",
                "a=sctpmap:5000 webrtc-datachannel 1024");
    JsepSession b = session(7);
    b.setRemoteDescription(SdpType.OFFER, offer);
    SessionDescription answer = b.createAnswer();
    assertThat(violations(answer, SdpType.ANSWER)).isEmpty();
    assertThat(lines(answer.media().get(2)))
        .startsWith("m=application 9 DTLS/SCTP 5000")
        .contains("a=sctpmap:5000 webrtc-datachannel 1024");
    b.setLocalDescription(SdpType.ANSWER, answer);
    assertThat(b.negotiated().get(2).remoteSctpPort()).isEqualTo(5000);
  }

  @Test
  void renegotiationAddsVideoAndStopsAudio() throws Exception {
    JsepSession a = session(8);
    JsepSession b = session(9);
    a.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
    SessionDescription first = a.createOffer();
    negotiateWith(a, b, first);
    assertThat(a.negotiated()).extracting(NegotiatedSection::mid).containsExactly("0");

    Transceiver video = a.addTransceiver(MediaKind.VIDEO, MediaDirection.SENDONLY);
    a.stopTransceiver("0");
    SessionDescription second = a.createOffer();
    assertThat(violations(second, SdpType.OFFER)).isEmpty();
    assertThat(mLines(second))
        .containsExactly(
            "m=audio 0 UDP/TLS/RTP/SAVPF 111 0 8 110",
            "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 98 99");
    assertThat(lines(second.media().get(0)))
        .containsExactly("m=audio 0 UDP/TLS/RTP/SAVPF 111 0 8 110", "c=IN IP4 0.0.0.0", "a=mid:0");
    assertThat(text(second)).contains("a=group:BUNDLE 1\r\n", "a=sendonly");
    assertThat(Long.parseLong(second.origin().orElseThrow().sessionVersion()))
        .isEqualTo(Long.parseLong(first.origin().orElseThrow().sessionVersion()) + 1);
    assertThat(second.origin().orElseThrow().sessionId())
        .isEqualTo(first.origin().orElseThrow().sessionId());
    SessionDescription answer = negotiateWith(a, b, second);
    assertThat(mLines(answer))
        .containsExactly(
            "m=audio 0 UDP/TLS/RTP/SAVPF 111 0 8 110",
            "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 98 99");
    assertThat(text(answer)).contains("a=group:BUNDLE 1\r\n", "a=recvonly");
    assertThat(a.negotiated()).extracting(NegotiatedSection::rejected).containsExactly(true, false);
    assertThat(b.negotiated()).extracting(NegotiatedSection::rejected).containsExactly(true, false);
    assertThat(b.transceivers().get(0).stopped()).isTrue();
    assertThat(video.mid()).isEqualTo("1");
    assertThat(video.currentDirection()).isEqualTo(MediaDirection.SENDONLY);

    // Now B offers: the same m-sections in the same order, the dead one still port 0.
    SessionDescription fromB = b.createOffer();
    assertThat(mLines(fromB))
        .containsExactly(
            "m=audio 0 UDP/TLS/RTP/SAVPF 111 0 8 110",
            "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 98 99");
    assertThat(violations(fromB, SdpType.OFFER)).isEmpty();
    negotiateWith(b, a, fromB);
    assertThat(a.negotiated().get(1).direction()).isEqualTo(MediaDirection.SENDONLY);
    assertThat(a.negotiated().get(1).dtlsRole()).isEqualTo(DtlsRole.SERVER);
  }

  static SessionDescription negotiateWith(JsepSession a, JsepSession b, SessionDescription offer)
      throws JsepException {
    a.setLocalDescription(SdpType.OFFER, offer);
    b.setRemoteDescription(SdpType.OFFER, text(offer));
    SessionDescription answer = b.createAnswer();
    assertThat(violations(answer, SdpType.ANSWER)).isEmpty();
    b.setLocalDescription(SdpType.ANSWER, answer);
    a.setRemoteDescription(SdpType.ANSWER, text(answer));
    return answer;
  }

  @Test
  void iceRestartChangesOnlyCredentials() throws Exception {
    JsepSession a = session(10);
    JsepSession b = session(11);
    a.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
    a.addTransceiver(MediaKind.VIDEO, MediaDirection.SENDRECV);
    a.createDataChannelSection();
    negotiate(a, b);
    String oldUfrag = a.localIceUfrag();
    String oldPwd = a.localIcePwd();
    String bUfrag = b.localIceUfrag();

    String plain = text(a.createOffer());
    SessionDescription restart = a.createOffer(new OfferOptions(true));
    String rt = text(restart);
    String newUfrag = value(rt, "ice-ufrag");
    String newPwd = value(rt, "ice-pwd");
    assertThat(newUfrag).hasSize(16).isNotEqualTo(oldUfrag);
    assertThat(newPwd).hasSize(24).isNotEqualTo(oldPwd);
    assertThat(rt.replace(newUfrag, oldUfrag).replace(newPwd, oldPwd)).isEqualTo(plain);

    negotiateWith(a, b, restart);
    assertThat(a.localIceUfrag()).isEqualTo(newUfrag);
    // RFC 8445 §9: the answerer restarts too.
    assertThat(b.localIceUfrag()).isNotEqualTo(bUfrag);
    assertThat(b.negotiated().get(0).remoteIceUfrag()).isEqualTo(newUfrag);
    assertThat(a.negotiated().get(0).remoteIceUfrag()).isEqualTo(b.localIceUfrag());
    // The DTLS roles stay (RFC 8842 §5.5).
    assertThat(b.negotiated())
        .extracting(NegotiatedSection::dtlsRole)
        .containsOnly(DtlsRole.CLIENT);
  }

  static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  static String value(String sdp, String attribute) {
    Matcher m = Pattern.compile("a=" + attribute + ":(\\S+)").matcher(sdp);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  @Test
  void rollbackRestoresStable() throws Exception {
    JsepSession a = session(12);
    JsepSession b = session(13);
    Transceiver t = a.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
    String ufrag = a.localIceUfrag();
    a.setLocalDescription(SdpType.OFFER, a.createOffer(new OfferOptions(true)));
    assertThat(t.mid()).isEqualTo("0");
    assertThat(a.localIceUfrag()).isNotEqualTo(ufrag);

    b.addTransceiver(MediaKind.VIDEO, MediaDirection.SENDRECV);
    String glare = text(b.createOffer());
    assertThatThrownBy(() -> a.setRemoteDescription(SdpType.OFFER, glare))
        .isInstanceOfSatisfying(
            JsepException.class, e -> assertThat(e.reason()).isEqualTo(JsepException.Reason.GLARE));
    a.rollback();
    assertThat(a.signalingState()).isEqualTo(SignalingState.STABLE);
    assertThat(t.mid()).isNull();
    assertThat(a.localIceUfrag()).isEqualTo(ufrag);
    a.setRemoteDescription(SdpType.OFFER, glare);
    // The remote video m-section does not take the audio transceiver.
    assertThat(t.mid()).isNull();
    a.rollback();
    assertThat(a.transceivers()).containsExactly(t);
    assertThatThrownBy(a::rollback)
        .isInstanceOfSatisfying(
            JsepException.class,
            e -> assertThat(e.reason()).isEqualTo(JsepException.Reason.WRONG_STATE));
  }

  @Test
  void localDescriptionMustBeOurs() throws Exception {
    JsepSession a = session(14);
    JsepSession b = session(15);
    a.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
    b.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
    b.addTransceiver(MediaKind.VIDEO, MediaDirection.SENDRECV);
    a.createOffer();
    SessionDescription foreign = b.createOffer();
    assertThatThrownBy(() -> a.setLocalDescription(SdpType.OFFER, foreign))
        .isInstanceOfSatisfying(
            JsepException.class,
            e -> assertThat(e.reason()).isEqualTo(JsepException.Reason.LOCAL_DESCRIPTION_MISMATCH));
    assertThat(a.signalingState()).isEqualTo(SignalingState.STABLE);
  }
}

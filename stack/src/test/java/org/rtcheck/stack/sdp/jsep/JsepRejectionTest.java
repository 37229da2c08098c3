package org.rtcheck.stack.sdp.jsep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.sdp.SdpAttribute.MediaDirection;
import org.rtcheck.stack.sdp.SdpType;
import org.rtcheck.stack.sdp.SessionDescription;
import org.rtcheck.stack.sdp.jsep.JsepException.Reason;

/** Every reason setRemoteDescription refuses with, each from a minimal case. */
class JsepRejectionTest {

  private static final Set<Reason> SEEN = EnumSet.noneOf(Reason.class);

  /** A session with a pending audio+video offer. */
  private static JsepSession offerer() throws JsepException {
    JsepSession a = JsepSessionTest.session(20);
    a.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
    a.addTransceiver(MediaKind.VIDEO, MediaDirection.SENDRECV);
    a.setLocalDescription(SdpType.OFFER, a.createOffer());
    return a;
  }

  private static String offer() throws JsepException {
    JsepSession a = JsepSessionTest.session(21);
    a.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
    a.addTransceiver(MediaKind.VIDEO, MediaDirection.SENDRECV);
    return JsepSessionTest.text(a.createOffer());
  }

  /** The answer a fresh answerer gives to {@code a}'s pending offer. */
  private static String answerTo(JsepSession a) throws JsepException {
    JsepSession b = JsepSessionTest.session(22);
    b.setRemoteDescription(
        SdpType.OFFER, JsepSessionTest.text(a.pendingLocalDescription().orElseThrow()));
    SessionDescription answer = b.createAnswer();
    return JsepSessionTest.text(answer);
  }

  private static void expect(Reason reason, JsepSession s, SdpType type, String sdp) {
    SignalingState before = s.signalingState();
    assertThatThrownBy(() -> s.setRemoteDescription(type, sdp))
        .isInstanceOfSatisfying(
            JsepException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.getMessage()).contains(reason.rule());
            });
    assertThat(s.signalingState()).isEqualTo(before);
    SEEN.add(reason);
  }

  private static JsepSession answerer() {
    return JsepSessionTest.session(23);
  }

  @Test
  void parseError() throws Exception {
    expect(Reason.PARSE_ERROR, answerer(), SdpType.OFFER, "this is not SDP");
    expect(
        Reason.PARSE_ERROR,
        answerer(),
        SdpType.OFFER,
        offer().replace("m=video 9 UDP/TLS/RTP/SAVPF", "m=video x UDP/TLS/RTP/SAVPF"));
  }

  @Test
  void stateMachine() throws Exception {
    expect(Reason.WRONG_STATE, answerer(), SdpType.ANSWER, offer());
    expect(Reason.WRONG_STATE, answerer(), SdpType.PRANSWER, offer());
    expect(Reason.GLARE, offerer(), SdpType.OFFER, offer());
    JsepSession closed = answerer();
    closed.close();
    expect(Reason.WRONG_STATE, closed, SdpType.OFFER, offer());
  }

  @Test
  void answerShape() throws Exception {
    JsepSession a = offerer();
    String answer = answerTo(a);
    expect(
        Reason.M_SECTION_COUNT,
        a,
        SdpType.ANSWER,
        answer.substring(0, answer.indexOf("m=video")).replace("BUNDLE 0 1", "BUNDLE 0"));
    expect(Reason.M_SECTION_KIND, a, SdpType.ANSWER, answer.replace("m=video", "m=audio"));
    expect(Reason.MID_MISMATCH, a, SdpType.ANSWER, answer.replace("a=mid:1", "a=mid:x"));
    expect(
        Reason.SETUP_INVALID, a, SdpType.ANSWER, answer.replace("setup:active", "setup:actpass"));
    // RFC 8843 §7.3.1: the answer may not split the offered group.
    expect(
        Reason.BUNDLE_GROUP_INVALID,
        a,
        SdpType.ANSWER,
        answer.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0\r\na=group:BUNDLE 1"));
    // The untouched answer is fine.
    a.setRemoteDescription(SdpType.ANSWER, answer);
    assertThat(a.signalingState()).isEqualTo(SignalingState.STABLE);
  }

  @Test
  void mids() throws Exception {
    String offer = offer();
    expect(Reason.MID_MISSING, answerer(), SdpType.OFFER, offer.replace("a=mid:1\r\n", ""));
    expect(Reason.MID_DUPLICATE, answerer(), SdpType.OFFER, offer.replace("a=mid:1", "a=mid:0"));
  }

  @Test
  void reofferMustKeepMSections() throws Exception {
    JsepSession a = JsepSessionTest.session(24);
    JsepSession b = JsepSessionTest.session(25);
    a.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
    a.addTransceiver(MediaKind.VIDEO, MediaDirection.SENDRECV);
    JsepSessionTest.negotiate(a, b);
    String reoffer = JsepSessionTest.text(a.createOffer());
    expect(
        Reason.M_SECTION_ORDER,
        b,
        SdpType.OFFER,
        reoffer.substring(0, reoffer.indexOf("m=video")).replace("BUNDLE 0 1", "BUNDLE 0"));
    String swapped =
        reoffer.substring(0, reoffer.indexOf("m=audio"))
            + reoffer.substring(reoffer.indexOf("m=video"))
            + reoffer.substring(reoffer.indexOf("m=audio"), reoffer.indexOf("m=video"));
    expect(Reason.M_SECTION_ORDER, b, SdpType.OFFER, swapped);
    b.setRemoteDescription(SdpType.OFFER, reoffer);
  }

  @Test
  void transport() throws Exception {
    String offer = offer();
    expect(
        Reason.ICE_CREDENTIALS_MISSING,
        answerer(),
        SdpType.OFFER,
        offer.replaceAll("a=ice-pwd:[^\r]*\r\n", ""));
    expect(
        Reason.FINGERPRINT_MISSING,
        answerer(),
        SdpType.OFFER,
        offer.replaceAll("a=fingerprint:[^\r]*\r\n", ""));
    expect(
        Reason.SETUP_INVALID,
        answerer(),
        SdpType.OFFER,
        offer.replace("a=setup:actpass", "a=setup:holdconn"));
    expect(
        Reason.RTCP_MUX_REQUIRED,
        answerer(),
        SdpType.OFFER,
        offer.replace("a=rtcp-mux\r\na=rtcp-mux-only\r\n", ""));
    JsepSession negotiate =
        new JsepSession(
            java.util.List.of(JsepSessionTest.fingerprint(26)),
            Capabilities.webrtcDefaults(),
            RtcpMuxPolicy.NEGOTIATE,
            new java.security.SecureRandom());
    // Under "negotiate" only bundled RTP needs mux (RFC 8843 §9.1).
    expect(
        Reason.RTCP_MUX_REQUIRED,
        negotiate,
        SdpType.OFFER,
        offer.replace("a=rtcp-mux\r\na=rtcp-mux-only\r\n", ""));
    negotiate.setRemoteDescription(
        SdpType.OFFER,
        offer
            .replace("a=rtcp-mux\r\na=rtcp-mux-only\r\n", "")
            .replace("a=group:BUNDLE 0 1\r\n", ""));
  }

  @Test
  void bundle() throws Exception {
    String offer = offer();
    expect(
        Reason.BUNDLE_MID_UNKNOWN,
        answerer(),
        SdpType.OFFER,
        offer.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 7"));
    expect(
        Reason.BUNDLE_GROUP_INVALID,
        answerer(),
        SdpType.OFFER,
        offer.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1\r\na=group:BUNDLE 1"));
    expect(
        Reason.BUNDLE_GROUP_INVALID,
        answerer(),
        SdpType.OFFER,
        offer
            .replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0")
            .replace("m=video 9", "m=video 0")
            .replace("a=mid:1", "a=mid:1\r\na=bundle-only"));
  }

  @AfterAll
  static void everyRemoteReasonIsCovered() {
    // LOCAL_DESCRIPTION_MISMATCH belongs to setLocalDescription (JsepSessionTest).
    if (SEEN.size() > 1) {
      assertThat(SEEN)
          .containsAll(EnumSet.complementOf(EnumSet.of(Reason.LOCAL_DESCRIPTION_MISMATCH)));
    }
  }
}

package org.rtcheck.stack.sdp.jsep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rtcheck.stack.sdp.jsep.JsepSessionTest.negotiate;
import static org.rtcheck.stack.sdp.jsep.JsepSessionTest.session;
import static org.rtcheck.stack.sdp.jsep.JsepSessionTest.text;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.sdp.SdpAttribute.MediaDirection;
import org.rtcheck.stack.sdp.SdpType;
import org.rtcheck.stack.sdp.SessionDescription;

/**
 * Later offers over an established DTLS association (RFC 8842 §5.5, RFC 9429 §5.2.2, §5.3.2) and
 * the W3C "check if negotiation is needed" algorithm (webrtc-pc §4.7.3) after a direction change.
 */
class JsepLaterOfferTest {

  private static long count(String s, String needle) {
    return s.split(java.util.regex.Pattern.quote(needle), -1).length - 1L;
  }

  private static DtlsRole role(JsepSession s) {
    return s.negotiated().stream().filter(n -> !n.rejected()).findFirst().orElseThrow().dtlsRole();
  }

  /** a offered a data section, b answered: b is the DTLS client (active), a the server. */
  private static JsepSession[] established() throws JsepException {
    JsepSession a = session(1);
    JsepSession b = session(2);
    a.createDataChannelSection();
    SessionDescription answer = negotiate(a, b);
    assertThat(text(answer)).contains("a=setup:active\r\n");
    assertThat(role(a)).isEqualTo(DtlsRole.SERVER);
    assertThat(role(b)).isEqualTo(DtlsRole.CLIENT);
    return new JsepSession[] {a, b};
  }

  @Test
  void aLaterOfferFromTheDtlsServerSaysActpassAndTheClientAnswersActiveAgain() throws Exception {
    JsepSession[] s = established();
    JsepSession a = s[0];
    JsepSession b = s[1];
    a.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
    SessionDescription offer = a.createOffer();
    // RFC 8842 §5.5: a subsequent offer that keeps the association still says actpass.
    assertThat(count(text(offer), "a=setup:actpass\r\n")).isEqualTo(2);
    a.setLocalDescription(SdpType.OFFER, offer);
    b.setRemoteDescription(SdpType.OFFER, text(offer));
    SessionDescription answer = b.createAnswer();
    // b keeps the client role in the old and the new m-section alike (RFC 8843 §7.1.3).
    assertThat(count(text(answer), "a=setup:active\r\n")).isEqualTo(2);
    assertThat(text(answer)).doesNotContain("a=setup:passive");
    b.setLocalDescription(SdpType.ANSWER, answer);
    a.setRemoteDescription(SdpType.ANSWER, text(answer));
    assertThat(a.negotiated()).allSatisfy(n -> assertThat(n.dtlsRole()).isEqualTo(DtlsRole.SERVER));
    assertThat(b.negotiated()).allSatisfy(n -> assertThat(n.dtlsRole()).isEqualTo(DtlsRole.CLIENT));
  }

  @Test
  void aLaterOfferFromTheDtlsClientSaysActpassAndTheServerAnswersPassive() throws Exception {
    JsepSession[] s = established();
    JsepSession a = s[0];
    JsepSession b = s[1];
    b.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
    SessionDescription offer = b.createOffer();
    assertThat(count(text(offer), "a=setup:actpass\r\n")).isEqualTo(2);
    b.setLocalDescription(SdpType.OFFER, offer);
    a.setRemoteDescription(SdpType.OFFER, text(offer));
    SessionDescription answer = a.createAnswer();
    // RFC 8842 §5.5: the server of the kept association answers passive, in the new audio
    // m-section too (it used to say active there: a second role in one BUNDLE transport).
    assertThat(count(text(answer), "a=setup:passive\r\n")).isEqualTo(2);
    assertThat(text(answer)).doesNotContain("a=setup:active");
    a.setLocalDescription(SdpType.ANSWER, answer);
    b.setRemoteDescription(SdpType.ANSWER, text(answer));
    assertThat(a.negotiated()).allSatisfy(n -> assertThat(n.dtlsRole()).isEqualTo(DtlsRole.SERVER));
    assertThat(b.negotiated()).allSatisfy(n -> assertThat(n.dtlsRole()).isEqualTo(DtlsRole.CLIENT));
  }

  @Test
  void laterOffersThatStateTheEstablishedRoleAreAnsweredWithTheComplement() throws Exception {
    JsepSession[] s = established();
    JsepSession a = s[0];
    JsepSession b = s[1];
    // RFC 8842 §5.3: an answerer accepts active/passive in subsequent offers (older stacks).
    String fromClient = text(b.createOffer()).replace("a=setup:actpass", "a=setup:active");
    a.setRemoteDescription(SdpType.OFFER, fromClient);
    SessionDescription answer = a.createAnswer();
    assertThat(text(answer)).contains("a=setup:passive\r\n").doesNotContain("a=setup:active");
    a.setLocalDescription(SdpType.ANSWER, answer);
    assertThat(role(a)).isEqualTo(DtlsRole.SERVER);

    String fromServer = text(a.createOffer()).replace("a=setup:actpass", "a=setup:passive");
    b.setRemoteDescription(SdpType.OFFER, fromServer);
    SessionDescription answer2 = b.createAnswer();
    assertThat(text(answer2)).contains("a=setup:active\r\n").doesNotContain("a=setup:passive");
    b.setLocalDescription(SdpType.ANSWER, answer2);
    assertThat(role(b)).isEqualTo(DtlsRole.CLIENT);
  }

  @Test
  void aLaterOfferThatSwapsTheRoleUnderTheSameCertificateIsRefused() throws Exception {
    JsepSession[] s = established();
    JsepSession a = s[0];
    JsepSession b = s[1];
    // b is the client; an offer from b saying passive asks a to become the client.
    String swapped = text(b.createOffer()).replace("a=setup:actpass", "a=setup:passive");
    assertThatThrownBy(() -> a.setRemoteDescription(SdpType.OFFER, swapped))
        .isInstanceOfSatisfying(
            JsepException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(JsepException.Reason.SETUP_INVALID);
              assertThat(e.getMessage())
                  .contains("m-section 0 (mid 0)")
                  .contains("a=setup:passive")
                  .contains("RFC 8842 §5.5");
            });
    assertThat(a.signalingState()).isEqualTo(SignalingState.STABLE);
    assertThat(role(a)).isEqualTo(DtlsRole.SERVER);
  }

  @Test
  void aDirectionChangeNeedsNegotiationUntilItIsNegotiatedOrUndone() throws Exception {
    JsepSession a = session(1);
    JsepSession b = session(2);
    AtomicInteger changes = new AtomicInteger();
    a.onDirectionChange(changes::incrementAndGet);
    Transceiver t = a.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
    assertThat(a.negotiationNeeded()).isTrue(); // no m-section yet
    negotiate(a, b);
    assertThat(a.negotiationNeeded()).isFalse();
    assertThat(b.negotiationNeeded()).isFalse();

    t.setDirection(MediaDirection.SENDRECV); // W3C §5.4: the same value aborts
    assertThat(changes).hasValue(0);
    t.setDirection(MediaDirection.RECVONLY);
    assertThat(changes).hasValue(1);
    assertThat(a.negotiationNeeded()).isTrue();
    t.setDirection(MediaDirection.SENDRECV); // back to what the offer said
    assertThat(a.negotiationNeeded()).isFalse();
    t.setDirection(MediaDirection.INACTIVE);
    assertThat(a.negotiationNeeded()).isTrue();
    negotiate(a, b);
    assertThat(a.negotiationNeeded()).isFalse();
    assertThat(t.currentDirection()).isEqualTo(MediaDirection.INACTIVE);

    // The answerer's side: b answered recvonly for its remote-made transceiver; wanting to send
    // needs an exchange (answer direction != offered ∩ wanted, RFC 9429 §5.3.1).
    Transceiver tb = b.transceivers().get(0);
    tb.setDirection(MediaDirection.SENDRECV);
    assertThat(b.negotiationNeeded()).isFalse(); // a offered inactive: sendrecv ∩ inactive holds
    tb.setDirection(MediaDirection.RECVONLY);
    t.setDirection(MediaDirection.SENDRECV);
    negotiate(a, b);
    assertThat(b.negotiationNeeded()).isFalse();
    tb.setDirection(MediaDirection.SENDONLY);
    assertThat(b.negotiationNeeded()).isTrue();

    // Outside stable the check says false; it runs again when the exchange completes.
    a.setLocalDescription(SdpType.OFFER, a.createOffer());
    assertThat(a.negotiationNeeded()).isFalse();
  }

  @Test
  void aStoppedTransceiverNeedsNegotiationUntilItsSectionIsRejected() throws Exception {
    JsepSession a = session(1);
    JsepSession b = session(2);
    Transceiver t = a.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
    negotiate(a, b);
    a.stopTransceiver(t);
    assertThat(a.negotiationNeeded()).isTrue();
    negotiate(a, b);
    assertThat(a.negotiationNeeded()).isFalse();
  }

  private static String tlsId(String sdp) {
    return sdp.lines()
        .filter(l -> l.startsWith("a=tls-id:"))
        .map(l -> l.substring("a=tls-id:".length()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void offersAndAnswersNameTheAssociationWithOneTlsIdThatLaterOffersKeep() throws Exception {
    JsepSession[] s = established();
    JsepSession a = s[0];
    JsepSession b = s[1];
    String first = text(a.localDescription().orElseThrow());
    String firstAnswer = text(b.localDescription().orElseThrow());
    // RFC 8842 §5.2 (offer) and §5.3 (answer): a=tls-id, 20..255 characters of its alphabet.
    assertThat(tlsId(first)).matches("[A-Za-z0-9+/_-]{20,255}");
    assertThat(tlsId(firstAnswer)).isNotEqualTo(tlsId(first));
    a.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
    String later = text(a.createOffer());
    // §5.5: the association is kept, so every m-section repeats the same tls-id.
    assertThat(count(later, "a=tls-id:" + tlsId(first) + "\r\n")).isEqualTo(2);
  }

  @Test
  void aLaterOfferWithANewTlsIdIsRefusedAsANewAssociation() throws Exception {
    JsepSession[] s = established();
    JsepSession a = s[0];
    JsepSession b = s[1];
    String offer = text(b.createOffer());
    String renamed = offer.replace("a=tls-id:" + tlsId(offer), "a=tls-id:" + "n".repeat(24));
    assertThatThrownBy(() -> a.setRemoteDescription(SdpType.OFFER, renamed))
        .isInstanceOfSatisfying(
            JsepException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(JsepException.Reason.SETUP_INVALID);
              assertThat(e.getMessage()).contains("tls-id").contains("RFC 8842 §5.5");
            });
    assertThat(a.signalingState()).isEqualTo(SignalingState.STABLE);
    a.setRemoteDescription(SdpType.OFFER, offer); // the same association: accepted
  }
}

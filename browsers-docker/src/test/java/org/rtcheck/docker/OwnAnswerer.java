package org.rtcheck.docker;

import java.util.List;
import org.rtcheck.stack.dtls.DtlsCertificate;
import org.rtcheck.stack.sdp.SdpAttribute;
import org.rtcheck.stack.sdp.SdpType;
import org.rtcheck.stack.sdp.SessionDescription;
import org.rtcheck.stack.sdp.jsep.JsepSession;

/** The own stack answering a browser's offer (JSEP, RFC 9429 §5.3), as its subject does. */
public final class OwnAnswerer {
  private OwnAnswerer() {}

  public static String answer(String offer) throws Exception {
    DtlsCertificate cert = DtlsCertificate.generateEcdsa();
    JsepSession session =
        new JsepSession(
            List.of(new SdpAttribute.Fingerprint("sha-256", cert.fingerprint("sha-256"))));
    session.setRemoteDescription(SdpType.OFFER, offer);
    SessionDescription answer = session.createAnswer();
    session.setLocalDescription(SdpType.ANSWER, answer);
    return JsepSession.toText(answer);
  }
}

package org.rtcheck.interop.subject.own;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.stack.dtls.DtlsCertificate;
import org.rtcheck.stack.sdp.SdpAttribute;
import org.rtcheck.stack.sdp.SdpAttribute.MediaDirection;
import org.rtcheck.stack.sdp.SdpType;
import org.rtcheck.stack.sdp.SessionDescription;
import org.rtcheck.stack.sdp.jsep.JsepException;
import org.rtcheck.stack.sdp.jsep.JsepSession;
import org.rtcheck.stack.sdp.jsep.MediaKind;

/**
 * The own stack's offer/answer operations ({@code jsep.offer}, {@code jsep.answer}, {@code
 * jsep.accept-answer}, {@code jsep.harvest}) as interop/shims/README.md defines them for every
 * peer. Each description comes from a new {@link JsepSession} with a real self-signed ECDSA
 * certificate; {@code jsep.accept-answer} applies to the session of the last {@code jsep.offer}
 * (scripted vectors hold the subject exclusively while they run).
 */
final class JsepCapability {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final List<SdpAttribute.Fingerprint> fingerprints;
  private JsepSession lastOffer;

  JsepCapability() {
    DtlsCertificate certificate = DtlsCertificate.generateEcdsa();
    this.fingerprints =
        List.of(new SdpAttribute.Fingerprint("sha-256", certificate.fingerprint("sha-256")));
  }

  synchronized ObjectNode offer(JsonNode args) throws SubjectException {
    JsepSession session = new JsepSession(fingerprints);
    ObjectNode offer = createOffer(session, args);
    lastOffer = session;
    return offer;
  }

  /** A new session's offer, applied locally; the caller decides whether it is the last offer. */
  private ObjectNode createOffer(JsepSession session, JsonNode args) throws SubjectException {
    if (args.path("audio").asBoolean(true)) {
      session.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
    }
    if (args.path("video").asBoolean(true)) {
      session.addTransceiver(MediaKind.VIDEO, MediaDirection.SENDRECV);
    }
    if (args.path("datachannel").asBoolean(true)) {
      session.createDataChannelSection();
    }
    try {
      SessionDescription offer = session.createOffer();
      session.setLocalDescription(SdpType.OFFER, offer);
      return description("offer", offer);
    } catch (JsepException e) {
      throw rejected(e);
    }
  }

  ObjectNode answer(JsonNode args) throws SubjectException {
    JsepSession session = new JsepSession(fingerprints);
    try {
      session.setRemoteDescription(SdpType.OFFER, text(args));
      SessionDescription answer = session.createAnswer();
      session.setLocalDescription(SdpType.ANSWER, answer);
      return description("answer", answer);
    } catch (JsepException e) {
      throw rejected(e);
    }
  }

  synchronized ObjectNode acceptAnswer(JsonNode args) throws SubjectException {
    if (lastOffer == null) {
      throw new SubjectException("invalid-state", "jsep.accept-answer before any jsep.offer");
    }
    try {
      lastOffer.setRemoteDescription(SdpType.ANSWER, text(args));
      return JSON.objectNode();
    } catch (JsepException e) {
      throw rejected(e);
    }
  }

  /** An offer and its answer from two new sessions; the last offer stays what it was. */
  ObjectNode harvest(JsonNode args) throws SubjectException {
    ObjectNode offer = createOffer(new JsepSession(fingerprints), args);
    ObjectNode answer = answer(JSON.objectNode().put("sdp", offer.path("sdp").asText()));
    ObjectNode out = JSON.objectNode();
    out.put("offer", offer.path("sdp").asText());
    out.put("answer", answer.path("sdp").asText());
    return out;
  }

  private static ObjectNode description(String type, SessionDescription sd) {
    ObjectNode out = JSON.objectNode();
    out.put("type", type);
    out.put("sdp", JsepSession.toText(sd));
    return out;
  }

  private static SubjectException rejected(JsepException e) {
    ObjectNode details = JSON.objectNode();
    details.put("reason", e.reason().name());
    details.put("rule", e.reason().rule());
    return new SubjectException("rejected", e.getMessage(), details);
  }

  private static String text(JsonNode args) throws SubjectException {
    JsonNode sdp = args.get("sdp");
    if (sdp == null || !sdp.isTextual()) {
      throw SubjectException.invalidArgs("missing text field \"sdp\"");
    }
    return sdp.asText();
  }
}

package org.rtcheck.interop.subject.jitsisrtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jitsi.srtp.SrtpErrorStatus;
import org.junit.jupiter.api.Test;
import org.rtcheck.engine.subject.SubjectException;

class JitsiSrtpSubjectTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "e1f97a0d3e018be0d64fa32c06de4139";
  private static final String SALT = "0ec675ad498afeebb6960b3aabe6";
  private static final String RTP =
      "800012340001c5a0cafebabe101112131415161718191a1b1c1d1e1f20212223";

  private final JitsiSrtpSubject subject = new JitsiSrtpSubject();

  private JsonNode call(String capability, String profile, String... packets) throws Exception {
    var args = JSON.createObjectNode();
    String salt = profile.startsWith("AEAD") ? SALT.substring(0, 24) : SALT;
    args.put("profile", profile).put("masterKey", KEY).put("masterSalt", salt);
    var list = args.putArray("packets");
    for (String p : packets) {
      list.add(p);
    }
    return subject.invoke(capability, args);
  }

  @Test
  void describesItself() {
    assertThat(subject.id()).isEqualTo("jitsi-srtp");
    assertThat(subject.version()).isNotBlank();
    assertThat(subject.capabilities()).containsExactlyInAnyOrder("srtp.protect", "srtp.unprotect");
  }

  @Test
  void protectThenUnprotectRoundTripsAndRefusesAReplay() throws Exception {
    String srtp =
        call("srtp.protect", "AES_CM_128_HMAC_SHA1_80", RTP).get("packets").get(0).asText();
    assertThat(srtp).hasSize(RTP.length() + 20).startsWith(RTP.substring(0, 24));
    JsonNode out = call("srtp.unprotect", "AES_CM_128_HMAC_SHA1_80", srtp, srtp);
    assertThat(out.get("packets").get(0).asText()).isEqualTo(RTP);
    assertThat(out.get("packets").get(1).get("error").asText()).isEqualTo("replay");
  }

  @Test
  void aFlippedTagIsAnAuthenticationFailureAndShortInputIsMalformed() throws Exception {
    String srtp = call("srtp.protect", "AEAD_AES_128_GCM", RTP).get("packets").get(0).asText();
    String flipped =
        srtp.substring(0, srtp.length() - 1)
            + Integer.toHexString(Character.digit(srtp.charAt(srtp.length() - 1), 16) ^ 1);
    JsonNode out = call("srtp.unprotect", "AEAD_AES_128_GCM", flipped, "8000", srtp);
    assertThat(out.get("packets").get(0).get("error").asText()).isEqualTo("auth-failed");
    assertThat(out.get("packets").get(1).get("error").asText()).isEqualTo("malformed");
    assertThat(out.get("packets").get(2).asText()).isEqualTo(RTP);
  }

  @Test
  void mapsEveryStatus() {
    assertThat(JitsiSrtpSubject.kindOf(SrtpErrorStatus.AUTH_FAIL)).isEqualTo("auth-failed");
    assertThat(JitsiSrtpSubject.kindOf(SrtpErrorStatus.REPLAY_FAIL)).isEqualTo("replay");
    assertThat(JitsiSrtpSubject.kindOf(SrtpErrorStatus.REPLAY_OLD)).isEqualTo("replay");
    assertThat(JitsiSrtpSubject.kindOf(SrtpErrorStatus.INVALID_PACKET)).isEqualTo("malformed");
    assertThat(JitsiSrtpSubject.kindOf(SrtpErrorStatus.FAIL)).isEqualTo("subject-failure");
  }

  @Test
  void whatJitsiSrtpLacksIsUnimplemented() {
    var args = JSON.createObjectNode();
    args.put("profile", "AES_CM_128_HMAC_SHA1_80").put("masterKey", KEY).put("masterSalt", SALT);
    args.put("kdr", 65536).putArray("packets").add(RTP);
    assertThatThrownBy(() -> subject.invoke("srtp.protect", args))
        .isInstanceOf(SubjectException.class)
        .extracting(e -> ((SubjectException) e).kind())
        .isEqualTo(SubjectException.UNIMPLEMENTED);
    assertThatThrownBy(() -> subject.invoke("srtp.derive", args))
        .extracting(e -> ((SubjectException) e).kind())
        .isEqualTo(SubjectException.UNIMPLEMENTED);
  }

  @Test
  void garbageArgumentsAreInvalidArgsNotACrash() {
    var args = JSON.createObjectNode();
    args.put("profile", "AES_CM_128_HMAC_SHA1_80").put("masterKey", "zz").put("masterSalt", SALT);
    args.putArray("packets").add(RTP);
    assertThatThrownBy(() -> subject.invoke("srtp.protect", args))
        .extracting(e -> ((SubjectException) e).kind())
        .isEqualTo(SubjectException.INVALID_ARGS);
  }
}

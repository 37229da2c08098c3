package org.rtcheck.interop.subject.own;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.stack.srtp.SrtpContext;
import org.rtcheck.stack.srtp.SrtpException;
import org.rtcheck.stack.srtp.SrtpKeyDerivation;
import org.rtcheck.stack.srtp.SrtpProfile;

/**
 * The own stack's {@code srtp.protect}, {@code srtp.unprotect} and {@code srtp.derive} (the
 * contract in vectors/README.md): one context per call, the packets in order on it.
 */
public final class SrtpCapability {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final HexFormat HEX = HexFormat.of();

  private SrtpCapability() {}

  public static ObjectNode protect(JsonNode args, boolean protect) throws SubjectException {
    SrtpProfile profile = profile(args);
    if (args.path("kdr").asLong(0) != 0) {
      throw SubjectException.unimplemented(
          "the own SRTP context derives once (kdr 0); srtp.derive covers kdr ≠ 0");
    }
    SrtpContext.Builder builder =
        SrtpContext.builder(profile)
            .masterKey(HexArgs.read(args, "masterKey"), HexArgs.read(args, "masterSalt"));
    if (args.has("mki")) {
      builder.mki(HexArgs.read(args, "mki"));
    }
    builder.initialRoc(args.path("roc").asLong(0));
    SrtpContext context;
    try {
      context = builder.build();
    } catch (IllegalArgumentException e) {
      throw SubjectException.invalidArgs(e.getMessage());
    }
    boolean rtcp = args.path("rtcp").asBoolean(false);
    ArrayNode out = JSON.arrayNode();
    for (JsonNode p : args.path("packets")) {
      byte[] in = HEX.parseHex(p.asText().replaceAll("\\s+", ""));
      byte[] buf =
          Arrays.copyOf(in, in.length + Math.max(context.rtpOverhead(), context.rtcpOverhead()));
      try {
        int len;
        if (rtcp) {
          len =
              protect
                  ? context.protectRtcp(buf, 0, in.length)
                  : context.unprotectRtcp(buf, 0, in.length);
        } else {
          len = protect ? context.protect(buf, 0, in.length) : context.unprotect(buf, 0, in.length);
        }
        out.add(HEX.formatHex(buf, 0, len));
      } catch (SrtpException e) {
        out.addObject().put("error", kind(e.reason()));
      }
    }
    ObjectNode answer = JSON.objectNode();
    answer.set("packets", out);
    return answer;
  }

  public static ObjectNode derive(JsonNode args) throws SubjectException {
    SrtpProfile profile = profile(args);
    byte[] key = HexArgs.read(args, "masterKey");
    byte[] salt = HexArgs.read(args, "masterSalt");
    long kdr = args.path("kdr").asLong(0);
    long index = args.path("index").asLong(0);
    try {
      SrtpKeyDerivation.SessionKeys rtp =
          SrtpKeyDerivation.keys(
              profile, key, salt, SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, index, kdr);
      SrtpKeyDerivation.SessionKeys rtcp =
          SrtpKeyDerivation.keys(
              profile, key, salt, SrtpKeyDerivation.LABEL_RTCP_ENCRYPTION, index, kdr);
      ObjectNode out = JSON.objectNode();
      out.put("srtpEncryptionKey", HEX.formatHex(rtp.encryptionKey()));
      out.put("srtpAuthenticationKey", HEX.formatHex(rtp.authKey()));
      out.put("srtpSalt", HEX.formatHex(rtp.salt()));
      out.put("srtcpEncryptionKey", HEX.formatHex(rtcp.encryptionKey()));
      out.put("srtcpAuthenticationKey", HEX.formatHex(rtcp.authKey()));
      out.put("srtcpSalt", HEX.formatHex(rtcp.salt()));
      return out;
    } catch (IllegalArgumentException e) {
      throw SubjectException.invalidArgs(e.getMessage());
    }
  }

  static String kind(SrtpException.Reason reason) {
    return reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static SrtpProfile profile(JsonNode args) throws SubjectException {
    String name = args.path("profile").asText("");
    try {
      return SrtpProfile.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw SubjectException.invalidArgs(
          "profile \"" + name + "\" is not one of " + Arrays.toString(SrtpProfile.values()));
    }
  }
}

package org.rtcheck.interop.subject.jitsisrtp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.Logger;
import org.jitsi.utils.logging2.LoggerImpl;
import org.rtcheck.engine.subject.Subject;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.engine.vector.Hex;
import org.rtcheck.interop.subject.JarVersion;

/**
 * jitsi-srtp as a subject: {@code srtp.protect} and {@code srtp.unprotect} run jitsi-srtp's own
 * {@link SrtpContextFactory}, {@link SrtpCryptoContext} and {@link SrtcpCryptoContext}. This
 * adapter only builds the {@link SrtpPolicy} for a profile, feeds the packets through one context
 * per SSRC, and translates {@link SrtpErrorStatus} into the contract's error kinds.
 *
 * <p>{@code srtp.derive} is not offered: jitsi-srtp keeps its session keys private. A key
 * derivation rate other than 0 and an MKI are {@code unimplemented}: jitsi-srtp has neither.
 *
 * <p>Thread-safe: every invocation creates its own contexts.
 */
public final class JitsiSrtpSubject implements Subject {

  public static final String ID = "jitsi-srtp";
  public static final String PROTECT = "srtp.protect";
  public static final String UNPROTECT = "srtp.unprotect";

  /** The jitsi-srtp version the build declares; used when the jar does not say. */
  static final String FALLBACK_VERSION = "1.1-23-gaf3cd06";

  private static final System.Logger LOG = System.getLogger(JitsiSrtpSubject.class.getName());
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final String version;
  private final Logger jitsiLogger;

  public JitsiSrtpSubject() {
    this.version = JarVersion.of(SrtpPolicy.class, "org.jitsi", "jitsi-srtp", FALLBACK_VERSION);
    this.jitsiLogger = new LoggerImpl(JitsiSrtpSubject.class.getName());
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String displayName() {
    return "jitsi-srtp";
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public Set<String> capabilities() {
    return Set.of(PROTECT, UNPROTECT);
  }

  @Override
  public JsonNode invoke(String capability, JsonNode args) throws SubjectException {
    try {
      switch (capability) {
        case PROTECT:
          return run(args, true);
        case UNPROTECT:
          return run(args, false);
        default:
          throw SubjectException.unimplemented(
              "jitsi-srtp subject has no capability " + capability);
      }
    } catch (SubjectException e) {
      throw e;
    } catch (RuntimeException | GeneralSecurityException | LinkageError e) {
      // jitsi-srtp (or this adapter) breaking: never a verdict on the input. Virtual machine
      // errors (out of memory, stack overflow) are left to propagate.
      throw new SubjectException(
          SubjectException.SUBJECT_FAILURE, String.valueOf(e), failureDetails(e), e);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** The policies (SRTP, SRTCP) of one profile, or unimplemented. */
  static SrtpPolicy[] policies(String profile) throws SubjectException {
    switch (profile) {
      case "AES_CM_128_HMAC_SHA1_80":
        return pair(cm(16, 10), cm(16, 10));
      case "AES_CM_128_HMAC_SHA1_32":
        // RFC 5764 §4.1.2 / RFC 4568 §6.2.1: the 32-bit tag is for SRTP; SRTCP keeps 80 bits.
        return pair(cm(16, 4), cm(16, 10));
      case "AES_256_CM_HMAC_SHA1_80":
        return pair(cm(32, 10), cm(32, 10));
      case "AES_256_CM_HMAC_SHA1_32":
        return pair(cm(32, 4), cm(32, 10));
      case "AEAD_AES_128_GCM":
        return pair(gcm(16), gcm(16));
      case "AEAD_AES_256_GCM":
        return pair(gcm(32), gcm(32));
      case "NULL_HMAC_SHA1_80":
        return pair(
            new SrtpPolicy(
                SrtpPolicy.NULL_ENCRYPTION, 0, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14),
            new SrtpPolicy(
                SrtpPolicy.NULL_ENCRYPTION, 0, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14));
      default:
        throw SubjectException.unimplemented("jitsi-srtp subject does not know profile " + profile);
    }
  }

  private static SrtpPolicy[] pair(SrtpPolicy srtp, SrtpPolicy srtcp) {
    return new SrtpPolicy[] {srtp, srtcp};
  }

  private static SrtpPolicy cm(int keyLength, int tagLength) {
    return new SrtpPolicy(
        SrtpPolicy.AESCM_ENCRYPTION,
        keyLength,
        SrtpPolicy.HMACSHA1_AUTHENTICATION,
        20,
        tagLength,
        14);
  }

  private static SrtpPolicy gcm(int keyLength) {
    return new SrtpPolicy(
        SrtpPolicy.AESGCM_ENCRYPTION, keyLength, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12);
  }

  private JsonNode run(JsonNode args, boolean protect)
      throws SubjectException, GeneralSecurityException {
    if (args == null || !args.isObject()) {
      throw SubjectException.invalidArgs("arguments must be an object");
    }
    String profile = text(args, "profile");
    byte[] masterKey = hexArg(args, "masterKey");
    byte[] masterSalt = hexArg(args, "masterSalt");
    long kdr = args.path("kdr").asLong(0);
    if (kdr != 0) {
      throw SubjectException.unimplemented(
          "jitsi-srtp has no key derivation rate (kdr " + kdr + ")");
    }
    if (args.hasNonNull("mki") && !args.get("mki").asText().isEmpty()) {
      throw SubjectException.unimplemented("jitsi-srtp does not carry an MKI");
    }
    boolean rtcp = args.path("rtcp").asBoolean(false);
    int roc = (int) args.path("roc").asLong(0);
    JsonNode packets = args.get("packets");
    if (packets == null || !packets.isArray()) {
      throw SubjectException.invalidArgs("packets must be an array of hex strings");
    }
    SrtpPolicy[] policy = policies(profile);
    if (masterKey.length != policy[0].getEncKeyLength() && policy[0].getEncKeyLength() != 0
        || masterSalt.length != policy[0].getSaltKeyLength()) {
      throw SubjectException.invalidArgs(
          profile
              + " takes a "
              + policy[0].getEncKeyLength()
              + "-octet master key and a "
              + policy[0].getSaltKeyLength()
              + "-octet master salt");
    }

    ObjectNode out = JSON.objectNode();
    ArrayNode results = out.putArray("packets");
    SrtpContextFactory factory =
        new SrtpContextFactory(protect, masterKey, masterSalt, policy[0], policy[1], jitsiLogger);
    try {
      Map<Integer, SrtpCryptoContext> srtp = new HashMap<>();
      Map<Integer, SrtcpCryptoContext> srtcp = new HashMap<>();
      int n = 0;
      int lastSsrc = 0;
      for (JsonNode packet : packets) {
        if (!packet.isTextual()) {
          throw SubjectException.invalidArgs("packets[" + n + "] is not a hex string");
        }
        byte[] bytes = decodeHex(packet.asText(), "packets[" + n + "]");
        n++;
        // jitsi-srtp picks a context by SSRC; a packet too short to hold one goes to the
        // context of the previous packet (or of SSRC 0), and jitsi-srtp judges it there.
        int ssrcAt = rtcp ? 4 : 8;
        int ssrc = bytes.length >= ssrcAt + 4 ? readInt(bytes, ssrcAt) : lastSsrc;
        lastSsrc = ssrc;
        Buffer buffer = new Buffer(bytes);
        SrtpErrorStatus status;
        if (rtcp) {
          SrtcpCryptoContext context = srtcp.get(ssrc);
          if (context == null) {
            context = factory.deriveControlContext(ssrc);
            srtcp.put(ssrc, context);
          }
          status =
              protect ? context.transformPacket(buffer) : context.reverseTransformPacket(buffer);
        } else {
          SrtpCryptoContext context = srtp.get(ssrc);
          if (context == null) {
            context = factory.deriveContext(ssrc, roc);
            srtp.put(ssrc, context);
          }
          status =
              protect
                  ? context.transformPacket(buffer)
                  : context.reverseTransformPacket(buffer, false);
        }
        if (status == SrtpErrorStatus.OK) {
          results.add(Hex.encode(buffer.bytes()));
        } else {
          results.add(error(kindOf(status), status.desc));
        }
      }
    } finally {
      factory.close();
    }
    return out;
  }

  /** jitsi-srtp's statuses as the contract's kinds. */
  static String kindOf(SrtpErrorStatus status) {
    switch (status) {
      case AUTH_FAIL:
        return "auth-failed";
      case REPLAY_FAIL:
      case REPLAY_OLD:
        return "replay";
      case INVALID_PACKET:
        return "malformed";
      default:
        // FAIL: a cipher failure other than a bad tag (jitsi-srtp logs the exception).
        return SubjectException.SUBJECT_FAILURE;
    }
  }

  private static ObjectNode error(String kind, String reason) {
    ObjectNode error = JSON.objectNode();
    error.put("error", kind);
    error.put("reason", reason);
    return error;
  }

  private static int readInt(byte[] b, int at) {
    return ((b[at] & 0xff) << 24)
        | ((b[at + 1] & 0xff) << 16)
        | ((b[at + 2] & 0xff) << 8)
        | (b[at + 3] & 0xff);
  }

  private static String text(JsonNode args, String name) throws SubjectException {
    JsonNode value = args.get(name);
    if (value == null || !value.isTextual()) {
      throw SubjectException.invalidArgs(name + " must be a string");
    }
    return value.asText();
  }

  private static byte[] hexArg(JsonNode args, String name) throws SubjectException {
    return decodeHex(text(args, name), name);
  }

  private static byte[] decodeHex(String hex, String what) throws SubjectException {
    try {
      return Hex.decode(hex);
    } catch (IllegalArgumentException e) {
      throw SubjectException.invalidArgs(what + " is not hex: " + e.getMessage());
    }
  }

  private static JsonNode failureDetails(Throwable e) {
    ObjectNode details = JSON.objectNode();
    details.put("exception", e.getClass().getName());
    if (e.getMessage() != null) {
      details.put("message", e.getMessage());
    }
    return details;
  }

  /**
   * The {@link ByteArrayBuffer} jitsi-srtp transforms in place, with the semantics of jitsi-utils'
   * own implementations: {@code grow} makes room past the current length without changing it,
   * {@code append} adds at the end, {@code shrink} drops from the end.
   */
  static final class Buffer implements ByteArrayBuffer {
    private byte[] buffer;
    private int offset;
    private int length;

    /**
     * Room left after the packet, as jitsi's own packets leave it (jitsi-rtp's
     * BYTES_TO_LEAVE_AT_END_OF_PACKET): jitsi-srtp's AES-GCM transform writes its tag past the
     * length and then calls {@code setLength} without {@code grow}.
     */
    static final int ROOM_AT_END = 48;

    Buffer(byte[] bytes) {
      this.buffer = Arrays.copyOf(bytes, bytes.length + ROOM_AT_END);
      this.offset = 0;
      this.length = bytes.length;
    }

    byte[] bytes() {
      return Arrays.copyOfRange(buffer, offset, offset + length);
    }

    @Override
    public byte[] getBuffer() {
      return buffer;
    }

    @Override
    public int getOffset() {
      return offset;
    }

    @Override
    public int getLength() {
      return length;
    }

    @Override
    public void setLength(int length) {
      if (length < 0 || offset + length > buffer.length) {
        throw new IllegalArgumentException("length " + length);
      }
      this.length = length;
    }

    @Override
    public void setOffset(int offset) {
      if (offset < 0 || offset > buffer.length) {
        throw new IllegalArgumentException("offset " + offset);
      }
      this.offset = offset;
    }

    @Override
    public boolean isInvalid() {
      return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] outBuff) {
      System.arraycopy(buffer, offset + off, outBuff, 0, len);
    }

    @Override
    public void grow(int howMuch) {
      if (howMuch < 0) {
        throw new IllegalArgumentException("grow " + howMuch);
      }
      int needed = length + howMuch;
      if (needed > buffer.length - offset) {
        byte[] bigger = new byte[needed];
        System.arraycopy(buffer, offset, bigger, 0, length);
        buffer = bigger;
        offset = 0;
      }
    }

    @Override
    public void append(byte[] data, int len) {
      if (data == null || len == 0) {
        return;
      }
      grow(len);
      System.arraycopy(data, 0, buffer, offset + length, len);
      length += len;
    }

    @Override
    public void shrink(int len) {
      if (len <= 0) {
        return;
      }
      length = Math.max(0, length - len);
    }
  }
}

package org.rtcheck.interop.subject.own;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.stack.dtls.DtlsCertificate;
import org.rtcheck.stack.dtls.DtlsConfig;
import org.rtcheck.stack.dtls.DtlsException;
import org.rtcheck.stack.dtls.DtlsFingerprint;
import org.rtcheck.stack.dtls.DtlsHandshakeResult;
import org.rtcheck.stack.dtls.DtlsRole;
import org.rtcheck.stack.dtls.SrtpKeyingMaterial;
import org.rtcheck.stack.net.DtlsUdpSession;
import org.rtcheck.stack.srtp.SrtpProfile;

/**
 * The own stack's {@code dtls.listen}, {@code dtls.connect} and {@code dtls.result} (the contract
 * in vectors/README.md): a DTLS-SRTP handshake over UDP on 127.0.0.1 started in the background by
 * listen/connect, its outcome collected by result. One session per role at a time: starting a new
 * one closes the previous one of that role; result closes the session it reports on.
 */
final class DtlsCapability implements AutoCloseable {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final HexFormat HEX = HexFormat.of();
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  private final Map<DtlsRole, DtlsUdpSession> sessions = new EnumMap<>(DtlsRole.class);
  private DtlsRole last;

  synchronized ObjectNode listen(JsonNode args) throws SubjectException {
    return start(DtlsRole.SERVER, args, null);
  }

  synchronized ObjectNode connect(JsonNode args) throws SubjectException {
    int port = args.path("port").asInt(0);
    if (port <= 0 || port > 65535) {
      throw SubjectException.invalidArgs("dtls.connect needs a port, got " + args.path("port"));
    }
    return start(DtlsRole.CLIENT, args, new InetSocketAddress(address(args.path("host")), port));
  }

  private ObjectNode start(DtlsRole role, JsonNode args, InetSocketAddress remote)
      throws SubjectException {
    DtlsCertificate certificate = certificate(args);
    DtlsConfig config;
    try {
      config =
          DtlsConfig.of(role, certificate, fingerprints(args)).withHandshakeTimeout(timeout(args));
      if (args.has("srtpProfiles")) {
        List<SrtpProfile> profiles = new ArrayList<>();
        for (JsonNode p : args.path("srtpProfiles")) {
          profiles.add(SrtpProfile.valueOf(p.asText()));
        }
        config = config.withSrtpProfiles(profiles);
      }
      if (args.has("resendTimeoutMs")) {
        config = config.withResendTimeout(Duration.ofMillis(args.path("resendTimeoutMs").asLong()));
      }
      config = config.withMisbehaviour(misbehaviour(role, args));
    } catch (IllegalArgumentException e) {
      throw SubjectException.invalidArgs(e.getMessage());
    }
    DtlsUdpSession previous = sessions.remove(role);
    if (previous != null) {
      previous.close();
    }
    InetSocketAddress local =
        new InetSocketAddress(
            role == DtlsRole.SERVER ? address(args.path("host")) : InetAddress.getLoopbackAddress(),
            0);
    DtlsUdpSession session;
    try {
      session = DtlsUdpSession.start(config, local, remote);
    } catch (IOException e) {
      throw new SubjectException(
          SubjectException.SUBJECT_FAILURE, "cannot bind " + local + ": " + e.getMessage());
    }
    sessions.put(role, session);
    last = role;
    ObjectNode out = JSON.objectNode();
    out.put("host", session.localAddress().getAddress().getHostAddress());
    out.put("port", session.localAddress().getPort());
    out.put("fingerprint", DtlsFingerprint.of("sha-256", certificate).toString());
    return out;
  }

  /**
   * Waits for the outcome of the last session of {@code args.role} ({@code client} or {@code
   * server}; default: the last one started), closes it and answers the keying material; a failed
   * handshake is an error whose kind is the reason in kebab case ({@code fingerprint-mismatch}).
   */
  ObjectNode result(JsonNode args) throws SubjectException, InterruptedException {
    DtlsUdpSession session;
    DtlsRole role;
    synchronized (this) {
      role = args.has("role") ? role(args.path("role").asText()) : last;
      session = role == null ? null : sessions.remove(role);
    }
    if (session == null) {
      throw new SubjectException(
          "invalid-state", "dtls.result before any dtls.listen or dtls.connect of that role");
    }
    try (session) {
      DtlsHandshakeResult r = session.awaitHandshake(timeout(args));
      return answer(role, r).put("droppedDatagrams", session.droppedDatagrams());
    } catch (DtlsException e) {
      ObjectNode details = JSON.objectNode();
      details.put("reason", e.reason().name());
      throw new SubjectException(
          e.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'), e.getMessage(), details);
    }
  }

  private static ObjectNode answer(DtlsRole role, DtlsHandshakeResult r) {
    SrtpKeyingMaterial k = r.keyingMaterial();
    ObjectNode out = JSON.objectNode();
    out.put("role", role.name().toLowerCase(Locale.ROOT));
    out.put("profile", r.profile().name());
    out.put("keyingMaterial", HEX.formatHex(k.exported()));
    out.put("clientKey", HEX.formatHex(k.clientKey()));
    out.put("clientSalt", HEX.formatHex(k.clientSalt()));
    out.put("serverKey", HEX.formatHex(k.serverKey()));
    out.put("serverSalt", HEX.formatHex(k.serverSalt()));
    out.put("peerFingerprint", DtlsFingerprint.of("sha-256", r.peerCertificate()).toString());
    out.put("cipherSuite", String.format(Locale.ROOT, "0x%04X", r.cipherSuite()));
    return out;
  }

  private static DtlsRole role(String text) throws SubjectException {
    switch (text) {
      case "client":
        return DtlsRole.CLIENT;
      case "server":
        return DtlsRole.SERVER;
      default:
        throw SubjectException.invalidArgs("role must be client or server, got " + text);
    }
  }

  private static List<DtlsFingerprint> fingerprints(JsonNode args) throws SubjectException {
    JsonNode f = args.path("fingerprint");
    List<DtlsFingerprint> out = new ArrayList<>();
    if (f.isTextual()) {
      out.add(DtlsFingerprint.parse(f.asText()));
    } else if (f.isArray()) {
      for (JsonNode one : f) {
        out.add(DtlsFingerprint.parse(one.asText()));
      }
    }
    if (out.isEmpty()) {
      throw SubjectException.invalidArgs("the peer's expected fingerprint is required");
    }
    return out;
  }

  /**
   * {@code "extendedMasterSecret": false} and (client only) {@code "sendCertificate": false} ask
   * for a deliberately non-conformant endpoint, to see whether the peer refuses it.
   */
  private static DtlsConfig.Misbehaviour misbehaviour(DtlsRole role, JsonNode args)
      throws SubjectException {
    boolean ems = args.path("extendedMasterSecret").asBoolean(true);
    boolean cert = args.path("sendCertificate").asBoolean(true);
    if (!ems && !cert) {
      throw SubjectException.invalidArgs(
          "one misbehaviour at a time: extendedMasterSecret or sendCertificate");
    }
    if (!cert && role != DtlsRole.CLIENT) {
      throw SubjectException.invalidArgs("sendCertificate: false is for a client only");
    }
    if (!ems) {
      return DtlsConfig.Misbehaviour.NO_EXTENDED_MASTER_SECRET;
    }
    return cert ? DtlsConfig.Misbehaviour.NONE : DtlsConfig.Misbehaviour.NO_CLIENT_CERTIFICATE;
  }

  private static DtlsCertificate certificate(JsonNode args) throws SubjectException {
    if (!args.has("certificate") && !args.has("privateKey")) {
      return switch (args.path("keyType").asText("ecdsa")) {
        case "ecdsa" -> DtlsCertificate.generateEcdsa();
        case "rsa" -> DtlsCertificate.generateRsa();
        default ->
            throw SubjectException.invalidArgs(
                "keyType must be ecdsa or rsa, got " + args.path("keyType"));
      };
    }
    try {
      return DtlsCertificate.fromPem(
          args.path("certificate").asText(), args.path("privateKey").asText());
    } catch (IOException | RuntimeException e) {
      throw SubjectException.invalidArgs("certificate/privateKey: " + e.getMessage());
    }
  }

  private static Duration timeout(JsonNode args) {
    long ms = args.path("timeoutMs").asLong(0);
    return ms > 0 ? Duration.ofMillis(ms) : DEFAULT_TIMEOUT;
  }

  private static InetAddress address(JsonNode host) throws SubjectException {
    try {
      return InetAddress.getByName(host.asText("127.0.0.1"));
    } catch (UnknownHostException e) {
      throw SubjectException.invalidArgs("unknown host " + host.asText());
    }
  }

  @Override
  public synchronized void close() {
    sessions.values().forEach(DtlsUdpSession::close);
    sessions.clear();
  }
}

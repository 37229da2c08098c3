package org.rtcheck.interop.subject.own;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.stack.dtls.DtlsCertificate;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DtlsCapabilityTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void ownClientAndOwnServerExportTheSameKeys() throws Exception {
    try (OwnStackSubject own = new OwnStackSubject()) {
      assertThat(own.capabilities()).contains("dtls.listen", "dtls.connect", "dtls.result");
      DtlsCertificate clientCert = DtlsCertificate.generateEcdsa();
      String pem = pem(clientCert);
      JsonNode listen =
          own.invoke(
              "dtls.listen",
              json(
                  "{\"fingerprint\": \"sha-256 "
                      + clientCert.fingerprint("sha-256")
                      + "\", \"srtpProfiles\": [\"AEAD_AES_128_GCM\"]}"));
      assertThat(listen.path("port").asInt()).isPositive();
      assertThat(listen.path("host").asText()).isEqualTo("127.0.0.1");
      JsonNode connectArgs =
          JSON.createObjectNode()
              .put("host", "127.0.0.1")
              .put("port", listen.path("port").asInt())
              .put("fingerprint", listen.path("fingerprint").asText())
              .put("certificate", pem.split("\u0000")[0])
              .put("privateKey", pem.split("\u0000")[1]);
      JsonNode connect = own.invoke("dtls.connect", connectArgs);
      assertThat(connect.path("fingerprint").asText())
          .isEqualTo("sha-256 " + clientCert.fingerprint("sha-256"));
      JsonNode server = own.invoke("dtls.result", json("{\"role\": \"server\"}"));
      JsonNode client = own.invoke("dtls.result", json("{\"role\": \"client\"}"));
      assertThat(server.path("profile").asText()).isEqualTo("AEAD_AES_128_GCM");
      assertThat(client.path("keyingMaterial").asText())
          .isEqualTo(server.path("keyingMaterial").asText())
          .hasSize(2 * 56);
      assertThat(client.path("peerFingerprint").asText())
          .isEqualTo(listen.path("fingerprint").asText());
      assertThat(server.path("peerFingerprint").asText())
          .isEqualTo(connect.path("fingerprint").asText());
      assertThat(client.path("clientKey").asText() + client.path("serverKey").asText())
          .isEqualTo(client.path("keyingMaterial").asText().substring(0, 64));
    }
  }

  @Test
  void aWrongFingerprintIsAnErrorOfThatKind() throws Exception {
    try (OwnStackSubject own = new OwnStackSubject()) {
      String someone = "sha-256 " + DtlsCertificate.generateEcdsa().fingerprint("sha-256");
      JsonNode listen =
          own.invoke(
              "dtls.listen",
              JSON.createObjectNode().put("fingerprint", someone).put("timeoutMs", 3000));
      own.invoke(
          "dtls.connect",
          JSON.createObjectNode()
              .put("port", listen.path("port").asInt())
              .put("fingerprint", someone));
      assertThatThrownBy(() -> own.invoke("dtls.result", json("{\"role\": \"client\"}")))
          .isInstanceOfSatisfying(
              SubjectException.class, e -> assertThat(e.kind()).isEqualTo("fingerprint-mismatch"));
    }
  }

  @Test
  void badRequests() throws Exception {
    try (OwnStackSubject own = new OwnStackSubject()) {
      assertThatThrownBy(() -> own.invoke("dtls.result", json("{}")))
          .isInstanceOfSatisfying(
              SubjectException.class, e -> assertThat(e.kind()).isEqualTo("invalid-state"));
      for (String args :
          new String[] {
            "{}",
            "{\"fingerprint\": \"nonsense\"}",
            "{\"fingerprint\": \"sha-256 AB\", \"srtpProfiles\": [\"NOPE\"]}",
            "{\"fingerprint\": \"sha-256 AB\", \"certificate\": \"x\", \"privateKey\": \"y\"}"
          }) {
        assertThatThrownBy(() -> own.invoke("dtls.listen", json(args)))
            .as(args)
            .isInstanceOfSatisfying(
                SubjectException.class,
                e -> assertThat(e.kind()).isEqualTo(SubjectException.INVALID_ARGS));
      }
      assertThatThrownBy(
              () -> own.invoke("dtls.connect", json("{\"fingerprint\": \"sha-256 AB\"}")))
          .isInstanceOfSatisfying(
              SubjectException.class,
              e -> assertThat(e.kind()).isEqualTo(SubjectException.INVALID_ARGS));
    }
  }

  /** Certificate PEM and key PEM, joined by a NUL. */
  private static String pem(DtlsCertificate c) throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("rtcheck-pem");
    try {
      c.writePem(dir.resolve("c.pem"), dir.resolve("k.pem"));
      return java.nio.file.Files.readString(dir.resolve("c.pem"))
          + "\u0000"
          + java.nio.file.Files.readString(dir.resolve("k.pem"));
    } finally {
      java.nio.file.Files.deleteIfExists(dir.resolve("c.pem"));
      java.nio.file.Files.deleteIfExists(dir.resolve("k.pem"));
      java.nio.file.Files.delete(dir);
    }
  }
}

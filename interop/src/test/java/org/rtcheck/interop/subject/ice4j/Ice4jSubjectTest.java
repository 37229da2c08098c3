package org.rtcheck.interop.subject.ice4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HexFormat;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rtcheck.engine.subject.Subject;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.engine.subject.SubjectProvider;
import org.rtcheck.engine.vector.JsonPattern;

class Ice4jSubjectTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** RFC 5769 §2.1: sample request, short-term credentials, password VOkJxbRl1RmTxUk/WvJxBt. */
  static final String SAMPLE_REQUEST =
      "000100582112a442b7e7a701bc34d686fa87dfae"
          + "802200105354554e207465737420636c69656e74"
          + "002400046e0001ff"
          + "80290008932ff9b151263b36"
          + "000600096576746a3a68367659202020"
          + "00080014 9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"
          + "80280004e57a3bcf";

  /** RFC 5769 §2.2: sample IPv4 response, XOR-MAPPED-ADDRESS 192.0.2.1:32853. */
  static final String SAMPLE_IPV4_RESPONSE =
      "0101003c2112a442b7e7a701bc34d686fa87dfae"
          + "8022000b7465737420766563746f7220"
          + "002000080001a147e112a643"
          + "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7"
          + "80280004c07d4c96";

  /** RFC 5769 §2.3: sample IPv6 response, 2001:db8:1234:5678:11:2233:4455:6677 port 32853. */
  static final String SAMPLE_IPV6_RESPONSE =
      "010100482112a442b7e7a701bc34d686fa87dfae"
          + "8022000b7465737420766563746f7220"
          + "002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d9"
          + "00080014a382954e4be67bf11784c97c8292c275bfe3ed41"
          + "80280004c8fb0b4c";

  /** RFC 5769 §2.4: long-term credentials, realm example.org, padded with zero bytes. */
  static final String SAMPLE_LONG_TERM_REQUEST =
      "000100602112a44278ad3433c6ad72c029da412e"
          + "00060012e3839ee38388e383aae38383e382afe382b90000"
          + "0015001c662f2f3439396b39353464364f4c33346f4c394653547679363473 41"
          + "0014000b6578616d706c652e6f726700"
          + "00080014f67024656dd64a3e02b8e0712e85c9a28ca89666";

  static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";
  static final String MATRIX = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";

  private static Ice4jSubject subject;

  @BeforeAll
  static void start() {
    subject = new Ice4jSubject();
  }

  @AfterAll
  static void stop() {
    subject.close();
  }

  private static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static JsonNode decode(String hex, String credentials) throws SubjectException {
    String args =
        "{'hex':'" + hex + "'" + (credentials == null ? "" : ",'credentials':" + credentials) + "}";
    return subject.invoke(Ice4jSubject.DECODE, json(args));
  }

  private static void assertMatches(JsonNode actual, String pattern) {
    assertThat(JsonPattern.mismatches(json(pattern), actual)).as(actual.toString()).isEmpty();
  }

  @Test
  void computesPairPrioritiesWithItsOwnCandidatePair() throws Exception {
    // RFC 8445 §6.1.2.3 worked by hand: G = 2130706431 (controlling), D = 1694498815.
    long g = 2130706431L;
    long d = 1694498815L;
    JsonNode controlling =
        subject.invoke(
            "ice.pair-priority",
            json("{\"role\":\"controlling\",\"local\":" + g + ",\"remote\":" + d + "}"));
    JsonNode controlled =
        subject.invoke(
            "ice.pair-priority",
            json("{\"role\":\"controlled\",\"local\":" + d + ",\"remote\":" + g + "}"));
    assertThat(controlling.get("priority").asLong()).isEqualTo((d << 32) + 2 * g + 1);
    assertThat(controlled.get("priority").asLong()).isEqualTo((d << 32) + 2 * g + 1);
  }

  @Test
  void describesItself() {
    assertThat(subject.id()).isEqualTo("ice4j");
    assertThat(subject.displayName()).isEqualTo("ice4j");
    assertThat(subject.version()).isEqualTo(Ice4jSubject.FALLBACK_VERSION);
    assertThat(subject.capabilities())
        .containsExactlyInAnyOrder("stun.decode", "stun.encode", "ice.pair-priority");
  }

  @Test
  void isFoundByServiceLoader() {
    assertThat(ServiceLoader.load(SubjectProvider.class).stream())
        .flatMap(p -> p.get().subjects())
        .extracting(Subject::id)
        .contains("ice4j");
  }

  @Test
  void decodesTheSampleRequestAndChecksIt() throws SubjectException {
    JsonNode answer = decode(SAMPLE_REQUEST, "{'password':'" + PASSWORD + "'}");
    assertMatches(
        answer,
        "{'class':'request','method':'binding','transactionId':'b7e7a701bc34d686fa87dfae',"
            + "'attributes':["
            + "{'type':'SOFTWARE','value':'STUN test client'},"
            + "{'type':'PRIORITY','value':1845494271},"
            + "{'type':'ICE-CONTROLLED','tiebreaker':'932ff9b151263b36'},"
            + "{'type':'USERNAME','value':'evtj:h6vY'},"
            + "{'type':'MESSAGE-INTEGRITY','value':'9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2'},"
            + "{'type':'FINGERPRINT','value':'e57a3bcf'}],"
            + "'unknownComprehensionRequired':[],"
            + "'checks':{'messageIntegrity':'pass','messageIntegritySha256':'absent',"
            + "'fingerprint':'pass'}}");
  }

  @Test
  void aWrongPasswordFailsAndNoPasswordIsUnchecked() throws SubjectException {
    assertMatches(
        decode(SAMPLE_REQUEST, "{'password':'wrong'}"),
        "{'checks':{'messageIntegrity':'fail','fingerprint':'pass'}}");
    assertMatches(decode(SAMPLE_REQUEST, null), "{'checks':{'messageIntegrity':'unchecked'}}");
  }

  @Test
  void decodesTheSampleResponses() throws SubjectException {
    String creds = "{'password':'" + PASSWORD + "'}";
    assertMatches(
        decode(SAMPLE_IPV4_RESPONSE, creds),
        "{'class':'success-response','method':'binding','attributes':["
            + "{'type':'SOFTWARE','value':'test vector'},"
            + "{'type':'XOR-MAPPED-ADDRESS','family':'IPv4','address':'192.0.2.1','port':32853},"
            + "{'type':'MESSAGE-INTEGRITY'},{'type':'FINGERPRINT'}],"
            + "'checks':{'messageIntegrity':'pass','fingerprint':'pass'}}");
    assertMatches(
        decode(SAMPLE_IPV6_RESPONSE, creds),
        "{'attributes':[{'type':'SOFTWARE'},"
            + "{'type':'XOR-MAPPED-ADDRESS','family':'IPv6',"
            + "'address':'2001:db8:1234:5678:11:2233:4455:6677','port':32853},"
            + "{'type':'MESSAGE-INTEGRITY'},{'type':'FINGERPRINT'}],"
            + "'checks':{'messageIntegrity':'pass','fingerprint':'pass'}}");
  }

  @Test
  void checksLongTermCredentialsWithoutStringPreparation() throws SubjectException {
    String prepared = "{'username':'" + MATRIX + "','realm':'example.org','password':'TheMatrIX'}";
    assertMatches(
        decode(SAMPLE_LONG_TERM_REQUEST, prepared),
        "{'attributes':[{'type':'USERNAME','value':'"
            + MATRIX
            + "'},"
            + "{'type':'NONCE','value':'f//499k954d6OL34oL9FSTvy64sA'},"
            + "{'type':'REALM','value':'example.org'},{'type':'MESSAGE-INTEGRITY'}],"
            + "'checks':{'messageIntegrity':'pass','fingerprint':'absent'}}");
    // RFC 5769's password is "The<SOFT HYPHEN>M<FEMININE ORDINAL>trIX", which SASLprep maps to
    // TheMatrIX; ice4j prepares nothing, so the raw password does not verify.
    String raw =
        "{'username':'"
            + MATRIX
            + "','realm':'example.org','password':'The\u00ADM\u00AAtrIX','profile':'saslprep'}";
    assertMatches(decode(SAMPLE_LONG_TERM_REQUEST, raw), "{'checks':{'messageIntegrity':'fail'}}");
    String sha256 =
        "{'username':'" + MATRIX + "','realm':'example.org','password':'x','algorithm':'SHA-256'}";
    assertThatThrownBy(() -> decode(SAMPLE_LONG_TERM_REQUEST, sha256))
        .isInstanceOfSatisfying(
            SubjectException.class, e -> assertThat(e.kind()).isEqualTo("unimplemented"));
  }

  @Test
  void truncatedBytesAreMalformed() {
    assertThatThrownBy(() -> decode("0001 0058 2112a442", null))
        .isInstanceOfSatisfying(
            SubjectException.class,
            e -> {
              assertThat(e.kind()).isEqualTo("malformed");
              assertThat(e.details().path("reason").asText()).isNotEmpty();
              assertThat(e.details().has("offset")).isFalse();
            });
    // The header promises 0x58 bytes of attributes that are not there.
    assertThatThrownBy(() -> decode(SAMPLE_REQUEST.substring(0, 60), null))
        .isInstanceOfSatisfying(
            SubjectException.class, e -> assertThat(e.kind()).isEqualTo("malformed"));
  }

  @Test
  void aWrongFingerprintMakesIce4jRejectTheMessage() {
    String wrong = SAMPLE_REQUEST.substring(0, SAMPLE_REQUEST.length() - 2) + "ce";
    assertThatThrownBy(() -> decode(wrong, null))
        .isInstanceOfSatisfying(
            SubjectException.class,
            e -> {
              assertThat(e.kind()).isEqualTo("malformed");
              assertThat(e.details().path("reason").asText()).contains("FINGERPRINT");
            });
  }

  @Test
  void encodesTheLongTermSampleRequestByteForByte() throws SubjectException {
    JsonNode args =
        json(
            "{'class':'request','method':'binding','transactionId':'78ad3433c6ad72c029da412e',"
                + "'padding':'00',"
                + "'credentials':{'username':'"
                + MATRIX
                + "','realm':'example.org','password':'TheMatrIX'},"
                + "'attributes':[{'type':'USERNAME','value':'"
                + MATRIX
                + "'},"
                + "{'type':'NONCE','value':'f//499k954d6OL34oL9FSTvy64sA'},"
                + "{'type':'REALM','value':'example.org'},{'type':'MESSAGE-INTEGRITY'}]}");
    JsonNode answer = subject.invoke(Ice4jSubject.ENCODE, args);
    assertMatches(answer, "{'hex':'" + SAMPLE_LONG_TERM_REQUEST + "'}");
  }

  @Test
  void encodesTheSampleRequestWithZeroPadding() throws SubjectException {
    JsonNode args =
        json(
            "{'class':'request','method':'binding','transactionId':'b7e7a701bc34d686fa87dfae',"
                + "'padding':'20','credentials':{'password':'"
                + PASSWORD
                + "'},"
                + "'attributes':[{'type':'SOFTWARE','value':'STUN test client'},"
                + "{'type':'PRIORITY','value':1845494271},"
                + "{'type':'ICE-CONTROLLED','tiebreaker':'932ff9b151263b36'},"
                + "{'type':'USERNAME','value':'evtj:h6vY'},"
                + "{'type':'MESSAGE-INTEGRITY'},{'type':'FINGERPRINT'}]}");
    String hex = subject.invoke(Ice4jSubject.ENCODE, args).get("hex").asText();
    // ice4j pads USERNAME with zero bytes, not the sample's spaces, so only the bytes before the
    // padding equal the sample; the result still verifies.
    String sample = SAMPLE_REQUEST.replace(" ", "");
    assertThat(hex).hasSize(sample.length());
    assertThat(hex.substring(0, 146)).isEqualTo(sample.substring(0, 146));
    assertThat(hex.substring(146, 152)).isEqualTo("000000");
    assertMatches(
        decode(hex, "{'password':'" + PASSWORD + "'}"),
        "{'checks':{'messageIntegrity':'pass','fingerprint':'pass'}}");
    assertThat(HexFormat.of().parseHex(hex)).hasSize(108);
  }

  @Test
  void badArgumentsAndUnknownCapabilities() {
    assertThatThrownBy(() -> decode("zz", null))
        .isInstanceOfSatisfying(
            SubjectException.class, e -> assertThat(e.kind()).isEqualTo("invalid-args"));
    assertThatThrownBy(() -> subject.invoke("sdp.parse", json("{}")))
        .isInstanceOfSatisfying(
            SubjectException.class, e -> assertThat(e.kind()).isEqualTo("unimplemented"));
  }
}

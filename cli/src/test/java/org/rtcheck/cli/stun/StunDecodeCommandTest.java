package org.rtcheck.cli.stun;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtcheck.cli.Cli;
import org.rtcheck.cli.Cli.Result;

class StunDecodeCommandTest {

  /** RFC 5769 §2.1, the sample request (short-term credentials). */
  static final String REQUEST =
      "000100582112a442b7e7a701bc34d686fa87dfae802200105354554e20746573742063"
          + "6c69656e74002400046e0001ff80290008932ff9b151263b36000600096576746a3a6836765920202000080014"
          + "9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a280280004e57a3bcf";

  static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";

  /** RFC 5769 §2.4, the sample request with long-term credentials. */
  static final String LONG_TERM_REQUEST =
      "000100602112a44278ad3433c6ad72c029da412e00060012e3839ee38388e383aae38383e382afe382b90000"
          + "0015001c662f2f3439396b39353464364f4c33346f4c394653547679363473410014000b6578616d706c65"
          + "2e6f72670000080014f67024656dd64a3e02b8e0712e85c9a28ca89666";

  static final String LONG_TERM_USERNAME = "\u30de\u30c8\u30ea\u30c3\u30af\u30b9";
  static final String LONG_TERM_PASSWORD = "The\u00adM\u00aatr\u2168";

  @Test
  void rfc5769RequestWithThePasswordPassesBothChecks() {
    Result r = Cli.run("stun", "decode", REQUEST, "--password", PASSWORD);
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.unexpected()).isEmpty();
    assertThat(r.out())
        .contains("binding request", "b7e7a701bc34d686fa87dfae")
        .contains("SOFTWARE", "PRIORITY", "ICE-CONTROLLED", "USERNAME")
        .contains("MESSAGE-INTEGRITY", "FINGERPRINT")
        .contains("STUN test client", "evtj:h6vY");
    assertThat(checkLine(r.out(), "MESSAGE-INTEGRITY")).contains("pass");
    assertThat(checkLine(r.out(), "FINGERPRINT")).contains("pass");
  }

  @Test
  void withoutAPasswordIntegrityIsUncheckedButTheMessageIsFine() {
    Result r = Cli.run("stun", "decode", REQUEST);
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(checkLine(r.out(), "MESSAGE-INTEGRITY")).contains("unchecked");
    assertThat(checkLine(r.out(), "FINGERPRINT")).contains("pass");
  }

  @Test
  void hexMayBeSplitAndPrefixed() {
    String spaced = "0x" + REQUEST.substring(0, 40) + " " + REQUEST.substring(40).toUpperCase();
    Result r = Cli.run("stun", "decode", spaced.split(" ")[0], spaced.split(" ")[1]);
    assertThat(r.exitCode()).as(r.describe()).isZero();
  }

  @Test
  void aWrongPasswordFailsMessageIntegrity() {
    Result r = Cli.run("stun", "decode", REQUEST, "--password", "not-the-password");
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
    assertThat(checkLine(r.out(), "MESSAGE-INTEGRITY")).contains("fail");
    assertThat(checkLine(r.out(), "FINGERPRINT")).contains("pass");
  }

  @Test
  void aWrongMagicCookieIsNotStunWithOffsetAndReason() {
    String bad = REQUEST.substring(0, 8) + "2112a443" + REQUEST.substring(16);
    Result r = Cli.run("stun", "decode", bad);
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
    assertThat(r.unexpected()).isEmpty();
    assertThat(r.out())
        .contains("not a STUN message")
        .contains("offset 4")
        .containsIgnoringCase("cookie");
  }

  @Test
  void aWrongMagicCookieAsJsonIsATypedError() throws Exception {
    String bad = REQUEST.substring(0, 8) + "2112a443" + REQUEST.substring(16);
    Result r = Cli.run("stun", "decode", "--json", bad);
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
    JsonNode error = new ObjectMapper().readTree(r.out()).path("error");
    assertThat(error.path("kind").asText()).isEqualTo("malformed");
    assertThat(error.path("offset").asInt()).isEqualTo(4);
  }

  @Test
  void jsonOutputParses() throws Exception {
    Result r = Cli.run("stun", "decode", "--json", REQUEST, "--password", PASSWORD);
    assertThat(r.exitCode()).as(r.describe()).isZero();
    JsonNode m = new ObjectMapper().readTree(r.out());
    List<String> types = new ArrayList<>();
    m.path("attributes").forEach(a -> types.add(a.path("type").asText()));
    assertThat(types)
        .containsExactly(
            "SOFTWARE",
            "PRIORITY",
            "ICE-CONTROLLED",
            "USERNAME",
            "MESSAGE-INTEGRITY",
            "FINGERPRINT");
    assertThat(m.path("transactionId").asText()).isEqualTo("b7e7a701bc34d686fa87dfae");
    assertThat(m.path("checks").path("messageIntegrity").asText()).isEqualTo("pass");
    assertThat(m.path("checks").path("fingerprint").asText()).isEqualTo("pass");
  }

  @Test
  void rfc5769LongTermRequestWithSaslprep() {
    Result r =
        Cli.run(
            "stun",
            "decode",
            LONG_TERM_REQUEST,
            "--username",
            LONG_TERM_USERNAME,
            "--realm",
            "example.org",
            "--password",
            LONG_TERM_PASSWORD,
            "--saslprep");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.out()).contains("USERNAME", "NONCE", "REALM", "example.org");
    assertThat(checkLine(r.out(), "MESSAGE-INTEGRITY")).contains("pass");
  }

  @Test
  void rfc5769LongTermRequestWithAWrongRealmFails() {
    Result r =
        Cli.run(
            "stun",
            "decode",
            LONG_TERM_REQUEST,
            "--username",
            LONG_TERM_USERNAME,
            "--realm",
            "example.com",
            "--password",
            LONG_TERM_PASSWORD,
            "--saslprep");
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
    assertThat(checkLine(r.out(), "MESSAGE-INTEGRITY")).contains("fail");
  }

  @ParameterizedTest
  @ValueSource(strings = {"zz", "0001z", "000"})
  void invalidHexIsBadInput(String hex) {
    Result r = Cli.run("stun", "decode", hex);
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
    assertThat(r.unexpected()).isEmpty();
    assertThat(r.err()).contains("HEX");
  }

  @Test
  void oddLengthNamesTheProblem() {
    Result r = Cli.run("stun", "decode", "000");
    assertThat(r.err()).contains("odd number of digits");
  }

  @Test
  void notAHexDigitNamesIt() {
    Result r = Cli.run("stun", "decode", "zz");
    assertThat(r.err()).contains("'z'").contains("not a hex digit");
  }

  @Test
  void algorithmWithoutUsernameIsBadInput() {
    Result r = Cli.run("stun", "decode", REQUEST, "--password", PASSWORD, "--algorithm", "SHA-256");
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
    assertThat(r.unexpected()).isEmpty();
    assertThat(r.err()).contains("--algorithm").contains("--username");
  }

  @Test
  void longTermWithoutRealmIsBadInput() {
    Result r =
        Cli.run(
            "stun",
            "decode",
            LONG_TERM_REQUEST,
            "--username",
            LONG_TERM_USERNAME,
            "--password",
            LONG_TERM_PASSWORD);
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
    assertThat(r.unexpected()).isEmpty();
    assertThat(r.err()).contains("--realm");
  }

  @Test
  void usernameWithoutPasswordIsBadInput() {
    Result r = Cli.run("stun", "decode", REQUEST, "--username", "u", "--realm", "r");
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
    assertThat(r.err()).contains("--password");
  }

  @Test
  void anUnknownAlgorithmIsBadInput() {
    Result r =
        Cli.run(
            "stun",
            "decode",
            LONG_TERM_REQUEST,
            "--username",
            "u",
            "--realm",
            "r",
            "--password",
            "p",
            "--algorithm",
            "ROT13");
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
    assertThat(r.unexpected()).isEmpty();
    assertThat(r.err()).contains("ROT13");
  }

  /** The line of the "checks:" section that starts with {@code label}. */
  static String checkLine(String out, String label) {
    int checks = out.indexOf("checks:");
    assertThat(checks).as("a checks: section in\n" + out).isNotNegative();
    return out.substring(checks)
        .lines()
        .map(String::strip)
        .filter(l -> l.startsWith(label + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + label + " check in\n" + out));
  }
}

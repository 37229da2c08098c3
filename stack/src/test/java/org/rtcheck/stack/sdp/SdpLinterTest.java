package org.rtcheck.stack.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SdpLinterTest {

  private static List<SdpFinding> lint(String text, SdpType type, boolean strict) {
    SessionDescription sd = SdpParser.parse(text).description().orElseThrow();
    return SdpLinter.check(sd, type, strict);
  }

  private static List<SdpFinding> violations(List<SdpFinding> findings) {
    return findings.stream().filter(f -> f.severity() == SdpFinding.Severity.VIOLATION).toList();
  }

  @Test
  void browserOffersHaveNoViolations() {
    assertThat(violations(lint(Samples.CHROME_OFFER, SdpType.OFFER, false))).isEmpty();
    assertThat(violations(lint(Samples.FIREFOX_OFFER, SdpType.OFFER, false))).isEmpty();
    // Chrome's RED on payload type 63 is outside 96..127: a SHOULD-level warning.
    assertThat(lint(Samples.CHROME_OFFER, SdpType.OFFER, false))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.rule()).isEqualTo("rtpmap-payload-range");
              assertThat(f.level()).isEqualTo(SdpFinding.Level.SHOULD);
              assertThat(f.severity()).isEqualTo(SdpFinding.Severity.WARNING);
            });
  }

  static Stream<Arguments> rules() {
    String c = Samples.CHROME_OFFER;
    String f = Samples.FIREFOX_OFFER;
    return Stream.of(
        Arguments.of(c.replace("a=mid:2\r\n", ""), SdpType.OFFER, "mid-missing"),
        Arguments.of(c.replace("a=mid:2", "a=mid:1"), SdpType.OFFER, "mid-duplicate"),
        Arguments.of(
            c.replace("BUNDLE 0 1 2", "BUNDLE 0 1 2 9"), SdpType.OFFER, "bundle-mid-unknown"),
        Arguments.of(
            c.replace("a=extmap-allow-mixed", "a=group:LS 0 7"),
            SdpType.OFFER,
            "group-mid-unknown"),
        Arguments.of(
            c.replace("ice-ufrag:EsAw", "ice-ufrag:Es"), SdpType.OFFER, "ice-ufrag-length"),
        Arguments.of(
            c.replace("ice-ufrag:EsAw", "ice-ufrag:EsA_"), SdpType.OFFER, "ice-ufrag-char"),
        Arguments.of(
            c.replace("ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y", "ice-pwd:short"),
            SdpType.OFFER,
            "ice-pwd-length"),
        Arguments.of(
            c.replace("ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y", "ice-pwd:bP-XJMM09aR8AiX1jdukzR6Y"),
            SdpType.OFFER,
            "ice-pwd-char"),
        Arguments.of(
            c.replaceAll("a=ice-pwd:[^\r]*\r\n", ""), SdpType.OFFER, "ice-credentials-missing"),
        Arguments.of(
            c.replaceAll("a=fingerprint:[^\r]*\r\n", ""), SdpType.OFFER, "fingerprint-missing"),
        Arguments.of(c.replace("sha-256 ", "sha-257 "), SdpType.OFFER, "fingerprint-hash"),
        Arguments.of(c.replace("sha-256 ", "sha-1 "), SdpType.OFFER, "fingerprint-length"),
        Arguments.of(c.replace("sha-256 ", "sha-1 "), SdpType.OFFER, "fingerprint-weak-hash"),
        Arguments.of(c.replace("setup:actpass", "setup:active"), SdpType.OFFER, "setup-offer"),
        Arguments.of(c, SdpType.ANSWER, "setup-answer"),
        Arguments.of(c, SdpType.PRANSWER, "setup-answer"),
        Arguments.of(c.replaceAll("a=setup:[^\r]*\r\n", ""), SdpType.OFFER, "setup-missing"),
        Arguments.of(c.replace("2122260223", "4294967296"), SdpType.OFFER, "candidate-priority"),
        Arguments.of(c.replace("1467250027", "1467250027_"), SdpType.OFFER, "candidate-foundation"),
        Arguments.of(
            c.replace(" 1 udp 2122260223", " 300 udp 2122260223"),
            SdpType.OFFER,
            "candidate-component"),
        Arguments.of(
            c.replace("typ srflx raddr 192.168.0.196 rport 46243", "typ srflx"),
            SdpType.OFFER,
            "candidate-related-address"),
        Arguments.of(c.replace("a=rtcp-mux\r\n", ""), SdpType.OFFER, "rtcp-mux-bundle"),
        Arguments.of(Samples.RFC8866_EXAMPLE, SdpType.OFFER, "rtcp-mux-missing"),
        Arguments.of(
            c.replace("a=rtpmap:126 telephone", "a=rtpmap:127 telephone"),
            SdpType.OFFER,
            "rtpmap-payload-unlisted"),
        Arguments.of(
            c.replace(" 110 126", " 110 74").replace("rtpmap:126", "rtpmap:74"),
            SdpType.OFFER,
            "rtpmap-payload-range"),
        Arguments.of(
            c.replace("UDP/DTLS/SCTP webrtc-datachannel", "DTLS/SCTP 5000")
                .replace("a=sctp-port:5000", "a=sctpmap:5000 webrtc-datachannel 1024"),
            SdpType.OFFER,
            "datachannel-legacy"),
        Arguments.of(
            c.replace("UDP/DTLS/SCTP webrtc-datachannel", "UDP/DTLS/SCTP 5000"),
            SdpType.OFFER,
            "datachannel-format"),
        Arguments.of(
            c.replace("UDP/DTLS/SCTP webrtc-datachannel", "SCTP/DTLS x"),
            SdpType.OFFER,
            "datachannel-protocol"),
        Arguments.of(c.replace("a=sctp-port:5000\r\n", ""), SdpType.OFFER, "sctp-port-missing"),
        Arguments.of(
            c.replace("max-message-size:262144", "max-message-size:-1"),
            SdpType.OFFER,
            "max-message-size"),
        Arguments.of(f.replace("send h;~l", "send h;~m"), SdpType.OFFER, "simulcast-rid-unknown"),
        Arguments.of(
            c.replace("a=msid:stream1 track-audio", "a=msid:stream1 track(audio"),
            SdpType.OFFER,
            "msid-syntax"),
        Arguments.of(
            c.replace("a=mid:2\r\n", "a=mid:2\r\na=sendrecv\r\na=recvonly\r\n"),
            SdpType.OFFER,
            "direction-duplicate"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("rules")
  void eachRule(String text, SdpType type, String rule) {
    List<SdpFinding> findings = lint(text, type, true);
    assertThat(findings).extracting(SdpFinding::rule).contains(rule);
    assertThat(findings)
        .filteredOn(x -> x.rule().equals(rule))
        .allSatisfy(
            x -> {
              assertThat(x.line()).isPositive();
              assertThat(x.rfc()).startsWith("RFC");
              assertThat(x.severity()).isEqualTo(SdpFinding.Severity.VIOLATION);
            });
  }

  @Test
  void findingsPointAtTheirLine() {
    List<SdpFinding> findings =
        lint(Samples.CHROME_OFFER.replace("BUNDLE 0 1 2", "BUNDLE 0 1 2 9"), SdpType.OFFER, false);
    assertThat(findings)
        .filteredOn(x -> x.rule().equals("bundle-mid-unknown"))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.line()).isEqualTo(5);
              assertThat(x.section()).isEqualTo("7.2");
              assertThat(x.level()).isEqualTo(SdpFinding.Level.MUST);
            });
  }

  @Test
  void legacyDataChannelIsOnlyAWarningUnlessStrict() {
    String legacy =
        Samples.CHROME_OFFER
            .replace("UDP/DTLS/SCTP webrtc-datachannel", "DTLS/SCTP 5000")
            .replace("a=sctp-port:5000", "a=sctpmap:5000 webrtc-datachannel 1024");
    assertThat(lint(legacy, SdpType.OFFER, false))
        .filteredOn(x -> x.rule().equals("datachannel-legacy"))
        .singleElement()
        .satisfies(x -> assertThat(x.severity()).isEqualTo(SdpFinding.Severity.WARNING));
  }
}

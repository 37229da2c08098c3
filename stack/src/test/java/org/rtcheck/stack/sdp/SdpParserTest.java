package org.rtcheck.stack.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SdpParserTest {

  static String normalise(String s) {
    String n = s.replace("\r\n", "\n").replace("\n", "\r\n");
    return n.isEmpty() || n.endsWith("\r\n") ? n : n + "\r\n";
  }

  private static SessionDescription parseOk(String text, SdpParseMode mode) {
    SdpParseResult r = SdpParser.parse(text, mode);
    assertThat(r.errors()).as("errors").isEmpty();
    return r.description().orElseThrow();
  }

  @Test
  void samplesParseWithoutProblemsInStrictModeAndRoundTrip() {
    for (String s : List.of(Samples.CHROME_OFFER, Samples.FIREFOX_OFFER, Samples.RFC8866_EXAMPLE)) {
      SdpParseResult r = SdpParser.parse(s, SdpParseMode.STRICT);
      assertThat(r.problems()).as(s).isEmpty();
      assertThat(SdpWriter.write(r.description().orElseThrow())).isEqualTo(s);
      // Canonical output of an already canonical description is the same text.
      String canon = SdpWriter.canonical(r.description().orElseThrow());
      assertThat(SdpParser.parse(canon, SdpParseMode.STRICT).problems()).isEmpty();
      // Chrome writes "a=msid-semantic: WMS" with a space RFC 8830's grammar does not have.
      assertThat(canon).isEqualTo(s.replace("msid-semantic: WMS", "msid-semantic:WMS"));
    }
  }

  @Test
  void lfOnlyAndMissingFinalNewlineRoundTripModuloLineEndings() {
    String lf = Samples.CHROME_OFFER.replace("\r\n", "\n");
    lf = lf.substring(0, lf.length() - 1) + "   ";
    SdpParseResult r = SdpParser.parse(lf, SdpParseMode.LENIENT);
    assertThat(r.errors()).isEmpty();
    assertThat(r.problems()).extracting(SdpProblem::rule).contains("line-ending");
    assertThat(SdpWriter.write(r.description().orElseThrow())).isEqualTo(normalise(lf));
    assertThat(SdpParser.parse(lf, SdpParseMode.STRICT).errors()).isNotEmpty();
  }

  @Test
  void chromeOfferTypedView() {
    SessionDescription sd = parseOk(Samples.CHROME_OFFER, SdpParseMode.STRICT);
    assertThat(sd.origin().orElseThrow().sessionId()).isEqualTo("4611731400430051336");
    assertThat(sd.bundleGroups())
        .singleElement()
        .extracting(SdpAttribute.Group::tags)
        .isEqualTo(List.of("0", "1", "2"));
    assertThat(sd.field(SdpAttribute.MsidSemantic.class).orElseThrow().ids())
        .containsExactly("stream1");
    MediaSection audio = sd.media().get(0);
    List<SdpAttribute.Candidate> cands = audio.fields(SdpAttribute.Candidate.class);
    assertThat(cands).hasSize(4);
    assertThat(cands.get(0).extensions())
        .containsExactly(
            new SdpAttribute.Extension("generation", "0"),
            new SdpAttribute.Extension("network-id", "1"),
            new SdpAttribute.Extension("network-cost", "10"));
    assertThat(cands.get(1).isMdns()).isTrue();
    assertThat(cands.get(2).tcpType()).isEqualTo("active");
    assertThat(cands.get(3).relAddr()).isEqualTo("192.168.0.196");
    assertThat(cands.get(3).relPort()).isEqualTo(46243);
    assertThat(cands.get(0).priority()).isEqualTo(2122260223L);
    SdpAttribute.Fingerprint fp = audio.field(SdpAttribute.Fingerprint.class).orElseThrow();
    assertThat(fp.digest()).hasSize(32);
    MediaSection video = sd.media().get(1);
    assertThat(video.field(SdpAttribute.SsrcGroup.class).orElseThrow().ssrcs())
        .containsExactly(2002L, 2003L);
    SdpAttribute.Ssrc ssrc = video.fields(SdpAttribute.Ssrc.class).get(1);
    assertThat(ssrc.attribute()).isEqualTo("msid");
    assertThat(ssrc.attributeValue()).isEqualTo("stream1 track-video");
    assertThat(video.fields(SdpAttribute.RtcpFb.class).get(2).parameter()).isEqualTo("fir");
    assertThat(video.fields(SdpAttribute.Extmap.class).get(0).id()).isEqualTo(14);
    MediaSection data = sd.media().get(2);
    assertThat(data.field(SdpAttribute.SctpPort.class).orElseThrow().port()).isEqualTo(5000);

    SdpSummary summary = SdpSummary.of(sd);
    assertThat(summary.bundleGroups()).containsExactly(List.of("0", "1", "2"));
    SdpSummary.Media a = summary.media().get(0);
    assertThat(a.kind()).isEqualTo("audio");
    assertThat(a.mid()).isEqualTo("0");
    assertThat(a.setup()).isEqualTo("actpass");
    assertThat(a.iceUfrag()).isEqualTo("EsAw");
    assertThat(a.codecs().get(0))
        .isEqualTo(new SdpSummary.Codec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1"));
    assertThat(summary.media().get(2).maxMessageSize()).isEqualTo(262144);
    assertThat(summary.media().get(2).sctpPort()).isEqualTo(5000);
  }

  @Test
  void firefoxOfferTypedViewAndSessionLevelFallbacks() {
    SessionDescription sd = parseOk(Samples.FIREFOX_OFFER, SdpParseMode.STRICT);
    assertThat(sd.field(SdpAttribute.MsidSemantic.class).orElseThrow().ids()).containsExactly("*");
    assertThat(sd.field(SdpAttribute.IceOptions.class).orElseThrow().options())
        .containsExactly("trickle");
    SdpAttribute.Simulcast sim =
        sd.media().get(0).field(SdpAttribute.Simulcast.class).orElseThrow();
    assertThat(sim.ridIds()).containsExactly("h", "l");
    SdpSummary summary = SdpSummary.of(sd);
    assertThat(summary.media().get(1).fingerprints()).hasSize(1);
    assertThat(summary.media().get(0).direction()).isEqualTo(SdpAttribute.MediaDirection.SENDONLY);
  }

  @Test
  void editedLinesAreRenderedCanonicallyAndTheRestKeepsItsText() {
    String text = Samples.CHROME_OFFER.replace("a=setup:actpass", "a=setup:actpass ");
    SessionDescription sd = SdpParser.parse(text).description().orElseThrow();
    MediaSection audio = sd.media().get(0);
    SdpLine setup = audio.linesOf(SdpAttribute.Setup.class).get(0);
    assertThat(audio.replace(setup, new SdpAttribute.Setup("active"))).isTrue();
    String out = SdpWriter.write(sd);
    assertThat(out).contains("a=mid:0\r\n").contains("a=setup:active\r\n");
    assertThat(out).contains("a=setup:actpass \r\n"); // the untouched video section
    assertThat(SdpWriter.canonical(sd)).doesNotContain("actpass \r\n");
  }

  @Test
  void canonicalReordersSessionLines() {
    String text =
        "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\nt=0 0\r\ns=-\r\na=ice-lite\r\nc=IN IP4 0.0.0.0\r\n";
    SessionDescription sd = SdpParser.parse(text).description().orElseThrow();
    assertThat(SdpWriter.canonical(sd))
        .isEqualTo(
            "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\na=ice-lite\r\n");
  }

  static final String BASE = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n";
  static final String AUDIO = "m=audio 9 RTP/AVP 0\r\nc=IN IP4 0.0.0.0\r\n";

  static Stream<Arguments> problems() {
    return Stream.of(
        Arguments.of("", "empty", 1, 1),
        Arguments.of("x=0\r\n", "first-line-version", 1, 1),
        Arguments.of(BASE + "a =x\r\n", "line-syntax", 5, 2),
        Arguments.of(BASE + "A=x\r\n", "line-syntax", 5, 1),
        Arguments.of(BASE + "y=foo\r\n", "unknown-line-type", 5, 1),
        Arguments.of("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\nt=0 0\r\ns=-\r\n", "session-order", 4, 1),
        Arguments.of(BASE + "s=again\r\n", "duplicate-line", 5, 1),
        Arguments.of(BASE + "\r\n", "empty-line", 5, 1),
        Arguments.of(BASE + "a=ice-lite  \r\n", "trailing-whitespace", 5, 11),
        Arguments.of("v=0\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n", "line-ending", 1, 4),
        Arguments.of(BASE + "a=ice-lite", "line-ending", 5, 11),
        Arguments.of("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n", "missing-timing", 1, 1),
        Arguments.of("v=0\r\ns=-\r\nt=0 0\r\n", "missing-origin", 1, 1),
        Arguments.of("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\nt=0 0\r\n", "missing-session-name", 1, 1),
        Arguments.of(BASE + "m=audio 9 RTP/AVP 0\r\n", "missing-connection", 5, 1),
        Arguments.of("v=0\r\no=- x 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n", "origin-syntax", 2, 5),
        Arguments.of("v=0\r\no=- 1 1 IN IP4\r\ns=-\r\nt=0 0\r\n", "origin-syntax", 2, 3),
        Arguments.of(
            "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=\r\nt=0 0\r\n", "session-name-empty", 3, 3),
        Arguments.of(BASE + "c=IN IP4\r\n", "connection-syntax", 5, 3),
        Arguments.of(BASE.replace("t=0 0", "t=0 x"), "timing-syntax", 4, 3),
        Arguments.of(BASE + "k=prompt\r\n", "key-obsolete", 5, 1),
        Arguments.of(BASE + "m=audio 70000 RTP/AVP 0\r\n", "m-line-port", 5, 9),
        Arguments.of(BASE + "m=audio 9 RTP/AVP\r\n", "m-line-format", 5, 18),
        Arguments.of(BASE + "m=audio 9 RTP/AVP 0 x\r\n", "m-line-format", 5, 21),
        Arguments.of(BASE + "m=audio\r\n", "m-line-syntax", 5, 3),
        Arguments.of(BASE + AUDIO + "a=rtcp-mux\r\nc=IN IP4 0.0.0.0\r\n", "media-order", 8, 1),
        Arguments.of(BASE + AUDIO + "t=0 0\r\n", "line-level", 7, 1),
        Arguments.of(BASE + "a=mid:0\r\n", "attribute-level", 5, 3),
        Arguments.of(BASE + AUDIO + "a=group:BUNDLE 0\r\n", "attribute-level", 7, 3),
        Arguments.of(BASE + AUDIO + "a=rtcp-mux:1\r\n", "attribute-value-unexpected", 7, 12),
        Arguments.of(BASE + "a=\r\n", "attribute-syntax", 5, 3),
        Arguments.of(BASE + "a=setup:foo\r\n", "setup-value", 5, 9),
        Arguments.of(BASE + "a=setup\r\n", "setup-syntax", 5, 3),
        Arguments.of(
            BASE + AUDIO + "a=candidate:1 1 udp 12x 1.2.3.4 9 typ host\r\n",
            "candidate-priority",
            7,
            21),
        Arguments.of(
            BASE + AUDIO + "a=candidate:1 x udp 1 1.2.3.4 9 typ host\r\n",
            "candidate-component",
            7,
            15),
        Arguments.of(
            BASE + AUDIO + "a=candidate:1 1 udp 1 1.2.3.4 9 host\r\n", "candidate-syntax", 7, 13),
        Arguments.of(
            BASE + AUDIO + "a=candidate:1 1 udp 1 1.2.3.4 99999 typ host\r\n",
            "candidate-port",
            7,
            31),
        Arguments.of(
            BASE + AUDIO + "a=candidate:1 1 udp 1 1.2.3.4@x 9 typ host\r\n",
            "candidate-address",
            7,
            23),
        Arguments.of(
            BASE + AUDIO + "a=candidate:1 1 sctp 1 1.2.3.4 9 typ host\r\n",
            "candidate-transport",
            7,
            17),
        Arguments.of(
            BASE + AUDIO + "a=candidate:1 1 udp 1 1.2.3.4 9 typ magic\r\n",
            "candidate-type",
            7,
            37),
        Arguments.of(
            BASE + AUDIO + "a=candidate:1 1 tcp 1 1.2.3.4 9 typ host tcptype x\r\n",
            "candidate-tcptype",
            7,
            50),
        Arguments.of(
            BASE + AUDIO + "a=candidate:1 1 udp 1 1.2.3.4 9 typ host generation\r\n",
            "candidate-extension",
            7,
            42),
        Arguments.of(BASE + "a=fingerprint:sha@256 AA\r\n", "fingerprint-hash", 5, 15),
        Arguments.of(BASE + "a=fingerprint:sha-256 AA:B\r\n", "fingerprint-value", 5, 23),
        Arguments.of(BASE + "a=fingerprint:sha-256\r\n", "fingerprint-syntax", 5, 15),
        Arguments.of(BASE + AUDIO + "a=rtpmap:96 opus/48000\r\n", "rtpmap-payload", 7, 10),
        Arguments.of(BASE + AUDIO + "a=rtpmap:0 PCMU\r\n", "rtpmap-syntax", 7, 12),
        Arguments.of(BASE + AUDIO + "a=fmtp:97 apt=96\r\n", "fmtp-payload-unknown", 7, 8),
        Arguments.of(BASE + AUDIO + "a=rtcp-fb:97 nack\r\n", "rtcp-fb-payload-unknown", 7, 11),
        Arguments.of(BASE + AUDIO + "a=extmap:0 urn:x\r\n", "extmap-id", 7, 10),
        Arguments.of(BASE + AUDIO + "a=extmap:1/up urn:x\r\n", "extmap-direction", 7, 12),
        Arguments.of(BASE + AUDIO + "a=rid:h sideways\r\n", "rid-syntax", 7, 7),
        Arguments.of(BASE + AUDIO + "a=simulcast:up h\r\n", "simulcast-syntax", 7, 13),
        Arguments.of(BASE + AUDIO + "a=sctp-port:x\r\n", "sctp-port-syntax", 7, 13),
        Arguments.of(BASE + AUDIO + "a=max-message-size:-1\r\n", "max-message-size-syntax", 7, 20),
        Arguments.of(BASE + AUDIO + "a=sctpmap:5000\r\n", "sctpmap-syntax", 7, 11),
        Arguments.of(BASE + AUDIO + "a=ssrc:x cname:y\r\n", "ssrc-syntax", 7, 8),
        Arguments.of(BASE + AUDIO + "a=ssrc-group:FID 1 x\r\n", "ssrc-group-syntax", 7, 20),
        Arguments.of(BASE + AUDIO + "a=msid:a b c\r\n", "msid-syntax", 7, 8),
        Arguments.of(BASE + AUDIO + "a=rtcp:x\r\n", "rtcp-syntax", 7, 8),
        Arguments.of(BASE + "a=ice-ufrag:a b\r\n", "ice-ufrag-syntax", 5, 13),
        Arguments.of(BASE + "b=AS\r\n", "bandwidth-syntax", 5, 3),
        Arguments.of(BASE + "r=1\r\n", "repeat-syntax", 5, 3),
        Arguments.of(BASE + "z=1\r\n", "timezone-syntax", 5, 3),
        Arguments.of(BASE + "i=a\0b\r\n", "invalid-character", 5, 4));
  }

  @ParameterizedTest(name = "{1} at {2}:{3}")
  @MethodSource("problems")
  void eachRuleAtItsLineAndColumn(String text, String rule, int line, int column) {
    for (SdpParseMode mode : SdpParseMode.values()) {
      SdpParseResult r = SdpParser.parse(text, mode);
      assertThat(r.problems())
          .as(mode + " " + r.problems())
          .anySatisfy(
              p -> {
                assertThat(p.rule()).isEqualTo(rule);
                assertThat(p.line()).isEqualTo(line);
                assertThat(p.column()).isEqualTo(column);
                assertThat(p.rfcRef()).startsWith(p.rfcRef().startsWith("draft") ? "draft" : "RFC");
              });
      r.description().ifPresent(d -> assertThat(SdpWriter.write(d)).isEqualTo(normalise(text)));
    }
  }

  @Test
  void lenientModeDowngradesBrowserToleratedDeviations() {
    String text = BASE.replace("\r\n", "\n").replace("t=0 0\n", "") + "y=1\n";
    SdpParseResult lenient = SdpParser.parse(text, SdpParseMode.LENIENT);
    assertThat(lenient.errors()).isEmpty();
    assertThat(lenient.problems())
        .extracting(SdpProblem::rule)
        .contains("line-ending", "missing-timing", "unknown-line-type");
    SdpParseResult strict = SdpParser.parse(text, SdpParseMode.STRICT);
    assertThat(strict.errors())
        .extracting(SdpProblem::rule)
        .contains("line-ending", "missing-timing", "unknown-line-type");
    assertThat(strict.description()).isPresent();
  }

  @Test
  void noDescriptionWithoutVersionLine() {
    assertThat(SdpParser.parse(null).description()).isEmpty();
    assertThat(SdpParser.parse("o=- 1 1 IN IP4 0.0.0.0\r\n").description()).isEmpty();
    assertThat(SdpParser.parse("v=1\r\n").problems())
        .extracting(SdpProblem::rule)
        .containsExactly("first-line-version");
  }

  @Test
  void fuzzedInputNeverThrowsAndRoundTrips() {
    Random rnd = new Random(0x5D9L);
    String alphabet = "=: \r\n\t0123456789aAzZ/~;,.-+*vomcatbs\0é";
    String base = Samples.CHROME_OFFER;
    for (int i = 0; i < 3000; i++) {
      StringBuilder b = new StringBuilder(i % 10 == 0 ? "" : base);
      if (i % 10 == 0) {
        int len = rnd.nextInt(200);
        for (int k = 0; k < len; k++) {
          b.append(
              rnd.nextBoolean()
                  ? alphabet.charAt(rnd.nextInt(alphabet.length()))
                  : (char) rnd.nextInt(256));
        }
        if (rnd.nextBoolean()) {
          b.insert(0, "v=0\r\n");
        }
      } else {
        int edits = 1 + rnd.nextInt(8);
        for (int e = 0; e < edits && b.length() > 0; e++) {
          int at = rnd.nextInt(b.length());
          switch (rnd.nextInt(4)) {
            case 0:
              b.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
              break;
            case 1:
              b.deleteCharAt(at);
              break;
            case 2:
              b.insert(at, (char) rnd.nextInt(256));
              break;
            default:
              b.setLength(at);
          }
        }
      }
      String text = b.toString();
      for (SdpParseMode mode : SdpParseMode.values()) {
        SdpParseResult r = SdpParser.parse(text, mode);
        if (r.description().isPresent()) {
          SessionDescription d = r.description().get();
          assertThat(SdpWriter.write(d)).isEqualTo(normalise(text));
          SdpParser.parse(SdpWriter.canonical(d), mode);
          for (SdpType t : SdpType.values()) {
            SdpLinter.check(d, t, mode == SdpParseMode.STRICT);
          }
          SdpSummary.of(d);
        }
      }
    }
  }
}

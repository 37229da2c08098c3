package org.rtcheck.stack.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Semantic checks WebRTC needs beyond the grammar (JSEP RFC 9429 §5, RFC 8843, RFC 8839, RFC 8122,
 * RFC 8842, RFC 8841, RFC 8853, RFC 8830). MUST-level findings are violations; SHOULD-level
 * findings and legacy forms browsers still accept are warnings unless {@code strict}.
 */
public final class SdpLinter {

  /** IANA "Hash Function Textual Names" (RFC 8122 §8) and their digest lengths in bytes. */
  private static final Map<String, Integer> HASHES =
      Map.of(
          "md2", 16, "md5", 16, "sha-1", 20, "sha-224", 28, "sha-256", 32, "sha-384", 48, "sha-512",
          64);

  /** RFC 3551 §6 static payload types. */
  private static final Set<Integer> STATIC_PT =
      Set.of(
          0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 25, 26, 28, 31, 32, 33, 34);

  private SdpLinter() {}

  /** All findings, in line order of discovery (session level first, then each m-section). */
  public static List<SdpFinding> check(SessionDescription sd, SdpType type, boolean strict) {
    return new Run(sd, type, strict).run();
  }

  private static final class Run {
    private final SessionDescription sd;
    private final SdpType type;
    private final boolean strict;
    private final List<SdpFinding> out = new ArrayList<>();

    Run(SessionDescription sd, SdpType type, boolean strict) {
      this.sd = sd;
      this.type = type;
      this.strict = strict;
    }

    private void must(int line, String rule, String rfc, String section, String msg) {
      out.add(
          new SdpFinding(
              line, rule, rfc, section, SdpFinding.Level.MUST, SdpFinding.Severity.VIOLATION, msg));
    }

    private void should(int line, String rule, String rfc, String section, String msg) {
      out.add(
          new SdpFinding(
              line,
              rule,
              rfc,
              section,
              SdpFinding.Level.SHOULD,
              strict ? SdpFinding.Severity.VIOLATION : SdpFinding.Severity.WARNING,
              msg));
    }

    /** A MUST that browsers do not enforce: a violation only in strict mode. */
    private void tolerated(int line, String rule, String rfc, String section, String msg) {
      out.add(
          new SdpFinding(
              line,
              rule,
              rfc,
              section,
              SdpFinding.Level.MUST,
              strict ? SdpFinding.Severity.VIOLATION : SdpFinding.Severity.WARNING,
              msg));
    }

    List<SdpFinding> run() {
      // Session level.
      credentials(sd.lines());
      fingerprints(sd.lines());
      setups(sd.lines());
      Set<String> mids = new HashSet<>();
      for (MediaSection m : sd.media()) {
        int mLine = m.mLine().number();
        List<SdpLine> midList = m.linesOf(SdpAttribute.Mid.class);
        if (midList.isEmpty()) {
          must(mLine, "mid-missing", "RFC 9429", "5.2.1", "m-section without a=mid");
        } else {
          String mid = ((SdpAttribute.Mid) midList.get(0).field()).id();
          if (!mids.add(mid)) {
            must(
                midList.get(0).number(),
                "mid-duplicate",
                "RFC 5888",
                "4",
                "mid " + mid + " is used by another m-section");
          }
        }
      }
      Set<String> bundled = new HashSet<>();
      for (SdpLine l : sd.linesOf(SdpAttribute.Group.class)) {
        SdpAttribute.Group g = (SdpAttribute.Group) l.field();
        for (String tag : g.tags()) {
          if (!mids.contains(tag)) {
            must(
                l.number(),
                g.semantics().equals("BUNDLE") ? "bundle-mid-unknown" : "group-mid-unknown",
                g.semantics().equals("BUNDLE") ? "RFC 8843" : "RFC 5888",
                g.semantics().equals("BUNDLE") ? "7.2" : "5",
                "group " + g.semantics() + " names mid " + tag + " that no m-section has");
          }
          if (g.semantics().equals("BUNDLE")) {
            bundled.add(tag);
          }
        }
      }
      // RFC 8843 §7: in a BUNDLE group the tagged m-section (the group's first mid) carries the
      // transport; the other bundled m-sections may leave the TRANSPORT and IDENTICAL category
      // attributes out (answers always, offers for bundle-only and subsequent offers).
      Map<String, MediaSection> tagged = new HashMap<>();
      for (SdpLine l : sd.linesOf(SdpAttribute.Group.class)) {
        SdpAttribute.Group g = (SdpAttribute.Group) l.field();
        if (g.semantics().equals("BUNDLE") && !g.tags().isEmpty()) {
          sd.mediaByMid(g.tags().get(0))
              .ifPresent(tag -> g.tags().forEach(mid -> tagged.putIfAbsent(mid, tag)));
        }
      }
      boolean sessionUfrag = sd.field(SdpAttribute.IceUfrag.class).isPresent();
      boolean sessionPwd = sd.field(SdpAttribute.IcePwd.class).isPresent();
      boolean sessionFp = sd.field(SdpAttribute.Fingerprint.class).isPresent();
      boolean sessionSetup = sd.field(SdpAttribute.Setup.class).isPresent();
      for (MediaSection m : sd.media()) {
        SdpField.Media media = m.media();
        int mLine = m.mLine().number();
        boolean rejected = media.rejected() && !m.has("bundle-only");
        credentials(m.lines());
        fingerprints(m.lines());
        setups(m.lines());
        candidates(m.lines());
        MediaSection transport = m.mid().map(tagged::get).orElse(m);
        if (!rejected) {
          if ((!sessionUfrag && lacks(m, transport, SdpAttribute.IceUfrag.class))
              || (!sessionPwd && lacks(m, transport, SdpAttribute.IcePwd.class))) {
            must(
                mLine,
                "ice-credentials-missing",
                "RFC 8839",
                "5.4",
                "no a=ice-ufrag and a=ice-pwd at session or media level");
          }
          if (!sessionFp && lacks(m, transport, SdpAttribute.Fingerprint.class)) {
            must(
                mLine,
                "fingerprint-missing",
                "RFC 8122",
                "5",
                "no a=fingerprint at session or media level");
          }
          if (!sessionSetup && lacks(m, transport, SdpAttribute.Setup.class)) {
            must(mLine, "setup-missing", "RFC 8842", "5.2", "no a=setup at session or media level");
          }
        }
        if (media.isRtp() && !rejected) {
          boolean inBundle = m.mid().filter(bundled::contains).isPresent();
          if (!m.has("rtcp-mux") && !transport.has("rtcp-mux")) {
            if (inBundle) {
              must(
                  mLine,
                  "rtcp-mux-bundle",
                  "RFC 8843",
                  "9.1",
                  "an RTP m-section in a BUNDLE group needs a=rtcp-mux");
            } else {
              must(mLine, "rtcp-mux-missing", "RFC 9429", "5.2.1", "a=rtcp-mux is required");
            }
          }
          rtpmaps(m);
        }
        if (media.kind().equals("application")) {
          datachannel(m);
        }
        for (SdpLine l : m.linesOf(SdpAttribute.Msid.class)) {
          SdpAttribute.Msid msid = (SdpAttribute.Msid) l.field();
          if (!msidPart(msid.id()) || (msid.appData() != null && !msidPart(msid.appData()))) {
            must(
                l.number(),
                "msid-syntax",
                "RFC 8830",
                "2",
                "msid-id and msid-appdata are 1 to 64 token characters");
          }
        }
        simulcast(m);
        if (m.linesOf(SdpAttribute.Direction.class).size() > 1) {
          must(
              m.linesOf(SdpAttribute.Direction.class).get(1).number(),
              "direction-duplicate",
              "RFC 8866",
              "6.7",
              "more than one direction attribute");
        }
      }
      return out;
    }

    /** Neither the m-section nor the BUNDLE-tagged one it takes its transport from has it. */
    private static boolean lacks(
        MediaSection m, MediaSection transport, Class<? extends SdpAttribute> type) {
      return m.linesOf(type).isEmpty() && transport.linesOf(type).isEmpty();
    }

    private static boolean msidPart(String s) {
      return s.length() <= 64 && SdpParser.isToken(s);
    }

    /** RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/". */
    private static boolean iceChars(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (!((c >= 'a' && c <= 'z')
            || (c >= 'A' && c <= 'Z')
            || (c >= '0' && c <= '9')
            || c == '+'
            || c == '/')) {
          return false;
        }
      }
      return true;
    }

    private void credentials(List<SdpLine> lines) {
      for (SdpLine l : lines) {
        if (l.field() instanceof SdpAttribute.IceUfrag u) {
          if (u.ufrag().length() < 4 || u.ufrag().length() > 256) {
            must(l.number(), "ice-ufrag-length", "RFC 8839", "5.4", "ice-ufrag is 4..256 chars");
          }
          if (!iceChars(u.ufrag())) {
            must(l.number(), "ice-ufrag-char", "RFC 8839", "5.4", "ice-ufrag has non-ice-chars");
          }
        } else if (l.field() instanceof SdpAttribute.IcePwd p) {
          if (p.pwd().length() < 22 || p.pwd().length() > 256) {
            must(l.number(), "ice-pwd-length", "RFC 8839", "5.4", "ice-pwd is 22..256 chars");
          }
          if (!iceChars(p.pwd())) {
            must(l.number(), "ice-pwd-char", "RFC 8839", "5.4", "ice-pwd has non-ice-chars");
          }
        }
      }
    }

    private void fingerprints(List<SdpLine> lines) {
      for (SdpLine l : lines) {
        if (l.field() instanceof SdpAttribute.Fingerprint f) {
          String hash = f.hashFunction().toLowerCase(java.util.Locale.ROOT);
          Integer len = HASHES.get(hash);
          if (len == null) {
            must(
                l.number(),
                "fingerprint-hash",
                "RFC 8122",
                "5",
                f.hashFunction() + " is not in the IANA hash function registry");
          } else {
            byte[] d = f.digest();
            if (d != null && d.length != len) {
              must(
                  l.number(),
                  "fingerprint-length",
                  "RFC 8122",
                  "5",
                  hash + " digests are " + len + " bytes, found " + d.length);
            }
            if (hash.equals("md5") || hash.equals("md2") || hash.equals("sha-1")) {
              // RFC 8122 §5: SHA-256 SHOULD be used; MD2 and MD5 are not to be used.
              should(
                  l.number(),
                  "fingerprint-weak-hash",
                  "RFC 8122",
                  "5",
                  hash + " is weak; use sha-256");
            }
          }
        }
      }
    }

    private void setups(List<SdpLine> lines) {
      for (SdpLine l : lines) {
        if (l.field() instanceof SdpAttribute.Setup s) {
          if (type == SdpType.OFFER && !s.role().equals("actpass")) {
            // RFC 8842 §5.2 (initial offers) and §5.5 (subsequent offers, also those that keep
            // the DTLS association) both require actpass, so a single description needs no
            // history to be judged. §5.3 still has answerers accept other values.
            must(
                l.number(),
                "setup-offer",
                "RFC 8842",
                "5.2",
                "an offer uses a=setup:actpass, not "
                    + s.role()
                    + " (initial offers §5.2 and later ones §5.5, also when they keep the DTLS"
                    + " association; answerers accept other values, §5.3)");
          } else if (type != SdpType.OFFER
              && !s.role().equals("active")
              && !s.role().equals("passive")) {
            must(
                l.number(),
                "setup-answer",
                "RFC 8842",
                "5.3",
                "an answer uses a=setup:active or passive, not " + s.role());
          }
        }
      }
    }

    private void candidates(List<SdpLine> lines) {
      for (SdpLine l : lines) {
        if (!(l.field() instanceof SdpAttribute.Candidate c)) {
          continue;
        }
        if (c.priority() < 1 || c.priority() > 0xFFFFFFFFL) {
          must(
              l.number(),
              "candidate-priority",
              "RFC 8839",
              "5.1",
              "priority " + c.priority() + " does not fit 32 bits (1..2^32-1)");
        } else if (c.priority() > 0x7FFFFFFFL) {
          should(
              l.number(),
              "candidate-priority",
              "RFC 8445",
              "5.1.2.1",
              "priority " + c.priority() + " is above 2^31-1");
        }
        if (c.foundation().isEmpty() || c.foundation().length() > 32 || !iceChars(c.foundation())) {
          must(
              l.number(),
              "candidate-foundation",
              "RFC 8839",
              "5.1",
              "foundation is 1 to 32 ice-chars");
        }
        if (c.component() < 1 || c.component() > 256) {
          must(
              l.number(),
              "candidate-component",
              "RFC 8839",
              "5.1",
              "component-id is 1..256, found " + c.component());
        }
        if (!c.candidateType().equals("host") && (c.relAddr() == null || c.relPort() < 0)) {
          tolerated(
              l.number(),
              "candidate-related-address",
              "RFC 8839",
              "5.1",
              c.candidateType() + " candidates carry raddr and rport");
        }
      }
    }

    private void rtpmaps(MediaSection m) {
      List<String> formats = m.media().formats();
      for (SdpLine l : m.linesOf(SdpAttribute.Rtpmap.class)) {
        SdpAttribute.Rtpmap r = (SdpAttribute.Rtpmap) l.field();
        int pt = r.payloadType();
        if (!formats.contains(Integer.toString(pt))) {
          must(
              l.number(),
              "rtpmap-payload-unlisted",
              "RFC 8866",
              "6.6",
              "payload type " + pt + " is not on the m= line");
        }
        if (pt >= 72 && pt <= 76) {
          // RFC 5761 §4: these collide with RTCP packet types when RTP and RTCP are muxed.
          must(
              l.number(),
              "rtpmap-payload-range",
              "RFC 5761",
              "4",
              "payload type " + pt + " collides with RTCP packet types");
        } else if ((pt < 96 || pt > 127) && !STATIC_PT.contains(pt)) {
          should(
              l.number(),
              "rtpmap-payload-range",
              "RFC 3551",
              "6",
              "dynamic payload type " + pt + " is outside 96..127");
        }
      }
    }

    private void datachannel(MediaSection m) {
      SdpField.Media media = m.media();
      int mLine = m.mLine().number();
      String proto = media.protocol();
      boolean modern = proto.equals("UDP/DTLS/SCTP") || proto.equals("TCP/DTLS/SCTP");
      if (modern) {
        if (!media.formats().equals(List.of("webrtc-datachannel"))) {
          must(
              mLine,
              "datachannel-format",
              "RFC 8841",
              "4.1",
              "the format of a data channel m-section is webrtc-datachannel");
        }
        if (!m.has("sctp-port")) {
          must(mLine, "sctp-port-missing", "RFC 9429", "5.2.1", "no a=sctp-port");
        }
        if (m.has("sctpmap")) {
          should(
              m.linesOf(SdpAttribute.Sctpmap.class).stream()
                  .findFirst()
                  .map(SdpLine::number)
                  .orElse(mLine),
              "datachannel-legacy",
              "RFC 8841",
              "5",
              "a=sctpmap is the legacy form; use a=sctp-port");
        }
      } else if (proto.equals("DTLS/SCTP")) {
        Optional<SdpLine> map = m.linesOf(SdpAttribute.Sctpmap.class).stream().findFirst();
        tolerated(
            mLine,
            "datachannel-legacy",
            "RFC 8841",
            "4.1",
            "DTLS/SCTP with a=sctpmap is draft-ietf-mmusic-sctp-sdp-05;"
                + " RFC 8841 uses UDP/DTLS/SCTP webrtc-datachannel with a=sctp-port"
                + (map.isPresent() ? "" : " (and no a=sctpmap is present either)"));
      } else if (proto.contains("SCTP")) {
        must(
            mLine,
            "datachannel-protocol",
            "RFC 8841",
            "4.1",
            "SCTP over DTLS is UDP/DTLS/SCTP or TCP/DTLS/SCTP, not " + proto);
      }
      for (SdpLine l : m.lines()) {
        if (l.field() instanceof SdpAttribute.Generic g && g.name().equals("max-message-size")) {
          must(
              l.number(),
              "max-message-size",
              "RFC 8841",
              "6.1",
              "max-message-size is a non-negative integer");
        }
      }
    }

    private void simulcast(MediaSection m) {
      Set<String> rids = new HashSet<>();
      for (SdpAttribute.Rid r : m.fields(SdpAttribute.Rid.class)) {
        rids.add(r.id());
      }
      for (SdpLine l : m.linesOf(SdpAttribute.Simulcast.class)) {
        for (String rid : ((SdpAttribute.Simulcast) l.field()).ridIds()) {
          if (!rids.contains(rid)) {
            must(
                l.number(),
                "simulcast-rid-unknown",
                "RFC 8853",
                "5.1",
                "simulcast names rid " + rid + " with no a=rid line");
          }
        }
      }
    }
  }
}

package org.rtcheck.stack.sdp.jsep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.rtcheck.stack.sdp.MediaSection;
import org.rtcheck.stack.sdp.SdpAttribute;
import org.rtcheck.stack.sdp.SdpAttribute.MediaDirection;
import org.rtcheck.stack.sdp.SdpField;
import org.rtcheck.stack.sdp.SdpParseResult;
import org.rtcheck.stack.sdp.SdpParser;
import org.rtcheck.stack.sdp.SessionDescription;

/** Reading JSEP facts out of descriptions; shared by {@link JsepSession}'s steps. */
final class JsepSdp {

  private JsepSdp() {}

  /** RFC 3551 §6 static payload types a section may use without a=rtpmap. */
  private static final Map<Integer, Codec> STATIC =
      Map.of(
          0, Codec.of(0, "PCMU", 8000, 0),
          3, Codec.of(3, "GSM", 8000, 0),
          8, Codec.of(8, "PCMA", 8000, 0),
          9, Codec.of(9, "G722", 8000, 0),
          13, Codec.of(13, "CN", 8000, 0),
          18, Codec.of(18, "G729", 8000, 0));

  /** Port 0 rejects an m-section unless it is bundle-only (RFC 8843 §6, RFC 3264 §6). */
  static boolean rejected(MediaSection m) {
    return m.media().port() == 0 && !m.has("bundle-only");
  }

  /** The formats of an RTP section with their fmtp and feedback, in m-line order. */
  static List<Codec> codecs(MediaSection m) {
    Map<String, SdpAttribute.Rtpmap> maps = new HashMap<>();
    for (SdpAttribute.Rtpmap r : m.fields(SdpAttribute.Rtpmap.class)) {
      maps.putIfAbsent(Integer.toString(r.payloadType()), r);
    }
    Map<String, String> fmtps = new HashMap<>();
    for (SdpAttribute.Fmtp f : m.fields(SdpAttribute.Fmtp.class)) {
      fmtps.putIfAbsent(f.payload(), f.parameters());
    }
    List<SdpAttribute.RtcpFb> fbs = m.fields(SdpAttribute.RtcpFb.class);
    List<Codec> out = new ArrayList<>();
    for (String fmt : m.media().formats()) {
      int pt;
      try {
        pt = Integer.parseInt(fmt);
      } catch (NumberFormatException e) {
        continue;
      }
      SdpAttribute.Rtpmap r = maps.get(fmt);
      Codec base =
          r != null ? Codec.of(pt, r.encoding(), r.clockRate(), r.channels()) : STATIC.get(pt);
      if (base == null) {
        continue; // a dynamic payload type with no rtpmap names nothing we can match
      }
      List<String> fb = new ArrayList<>();
      for (SdpAttribute.RtcpFb f : fbs) {
        if (f.payloadType().equals(fmt) || f.payloadType().equals("*")) {
          String v =
              f.parameter() == null ? f.feedbackType() : f.feedbackType() + " " + f.parameter();
          if (!fb.contains(v)) {
            fb.add(v);
          }
        }
      }
      out.add(new Codec(pt, base.name(), base.clockRate(), base.channels(), fmtps.get(fmt), fb));
    }
    return out;
  }

  /** The a=extmap lines of a section. */
  static List<HeaderExtension> extensions(MediaSection m) {
    List<HeaderExtension> out = new ArrayList<>();
    for (SdpAttribute.Extmap e : m.fields(SdpAttribute.Extmap.class)) {
      out.add(new HeaderExtension(e.id(), e.uri()));
    }
    return out;
  }

  /**
   * Whether two formats are the same codec: encoding name case-insensitively (RFC 4855 §3), clock
   * rate, channel count (absent means 1, RFC 8866 §6.6) and the fmtp parameters that select an
   * incompatible bitstream.
   */
  static boolean sameCodec(Codec a, Codec b) {
    if (!a.name().equalsIgnoreCase(b.name()) || a.clockRate() != b.clockRate()) {
      return false;
    }
    if (Math.max(a.channels(), 1) != Math.max(b.channels(), 1)) {
      return false;
    }
    String name = a.name().toUpperCase(Locale.ROOT);
    Map<String, String> pa = a.parameters();
    Map<String, String> pb = b.parameters();
    if (name.equals("H264")) {
      // RFC 6184 §8.1: packetization-mode defaults to 0 and must match; profile-level-id defaults
      // to 420010 and its profile (profile_idc and profile-iop, the first 4 hex digits) must match,
      // while the level may differ (RFC 6184 §8.2.2).
      String ma = pa.getOrDefault("packetization-mode", "0");
      String mb = pb.getOrDefault("packetization-mode", "0");
      return ma.equals(mb) && profile(pa).equals(profile(pb));
    }
    if (name.equals("VP9")) {
      // draft-ietf-payload-vp9 §6: profile-id defaults to 0; profiles are not interchangeable.
      return pa.getOrDefault("profile-id", "0").equals(pb.getOrDefault("profile-id", "0"));
    }
    return true;
  }

  private static String profile(Map<String, String> p) {
    String plid = p.getOrDefault("profile-level-id", "420010").toLowerCase(Locale.ROOT);
    return plid.length() >= 4 ? plid.substring(0, 4) : plid;
  }

  /** The direction a section states, else the session's, else sendrecv (RFC 8866 §6.7). */
  static MediaDirection direction(SessionDescription sd, MediaSection m) {
    return m.direction()
        .or(() -> sd.field(SdpAttribute.Direction.class).map(SdpAttribute.Direction::direction))
        .orElse(MediaDirection.SENDRECV);
  }

  /** The direction seen from the other side (RFC 3264 §6.1). */
  static MediaDirection reverse(MediaDirection d) {
    switch (d) {
      case SENDONLY:
        return MediaDirection.RECVONLY;
      case RECVONLY:
        return MediaDirection.SENDONLY;
      default:
        return d;
    }
  }

  static boolean sends(MediaDirection d) {
    return d == MediaDirection.SENDRECV || d == MediaDirection.SENDONLY;
  }

  static boolean receives(MediaDirection d) {
    return d == MediaDirection.SENDRECV || d == MediaDirection.RECVONLY;
  }

  /** Send only if both send, receive only if both receive. */
  static MediaDirection intersect(MediaDirection a, MediaDirection b) {
    return of(sends(a) && sends(b), receives(a) && receives(b));
  }

  static MediaDirection of(boolean send, boolean recv) {
    if (send && recv) {
      return MediaDirection.SENDRECV;
    }
    if (send) {
      return MediaDirection.SENDONLY;
    }
    return recv ? MediaDirection.RECVONLY : MediaDirection.INACTIVE;
  }

  /** The BUNDLE group holding this mid, if any. */
  static Optional<SdpAttribute.Group> bundleOf(SessionDescription sd, String mid) {
    if (mid == null) {
      return Optional.empty();
    }
    return sd.bundleGroups().stream().filter(g -> g.tags().contains(mid)).findFirst();
  }

  /**
   * The section carrying the transport of {@code m}: the tagged (first) m-section of its BUNDLE
   * group, whose transport attributes serve the whole group (RFC 8843 §7.1.2, §7.2), else itself.
   */
  static MediaSection transportSection(SessionDescription sd, MediaSection m) {
    Optional<SdpAttribute.Group> g = bundleOf(sd, m.mid().orElse(null));
    if (g.isPresent() && !g.get().tags().isEmpty()) {
      Optional<MediaSection> tagged = sd.mediaByMid(g.get().tags().get(0));
      if (tagged.isPresent() && !rejected(tagged.get())) {
        return tagged.get();
      }
    }
    return m;
  }

  /**
   * A transport attribute of {@code m}: its own, else the BUNDLE-tagged section's, else the
   * session-level one (RFC 8866 §5.13 levels, RFC 8843 §7.2).
   */
  static <T extends SdpField> Optional<T> transport(
      SessionDescription sd, MediaSection m, Class<T> type) {
    return m.field(type).or(() -> transportSection(sd, m).field(type)).or(() -> sd.field(type));
  }

  /** The a=tls-id (RFC 8842 §5.2) that applies to {@code m}, looked up like {@link #transport}. */
  static Optional<String> tlsId(SessionDescription sd, MediaSection m) {
    for (List<SdpAttribute.Generic> g :
        List.of(
            m.fields(SdpAttribute.Generic.class),
            transportSection(sd, m).fields(SdpAttribute.Generic.class),
            sd.fields(SdpAttribute.Generic.class))) {
      Optional<String> id =
          g.stream().filter(x -> x.name().equals("tls-id")).map(x -> x.value()).findFirst();
      if (id.isPresent()) {
        return id;
      }
    }
    return Optional.empty();
  }

  /** The fingerprints that apply to {@code m}, looked up like {@link #transport}. */
  static List<SdpAttribute.Fingerprint> fingerprints(SessionDescription sd, MediaSection m) {
    List<SdpAttribute.Fingerprint> f = m.fields(SdpAttribute.Fingerprint.class);
    if (f.isEmpty()) {
      f = transportSection(sd, m).fields(SdpAttribute.Fingerprint.class);
    }
    return f.isEmpty() ? sd.fields(SdpAttribute.Fingerprint.class) : f;
  }

  /** Whether a transport flag such as rtcp-mux applies to {@code m}. */
  static boolean transportFlag(SessionDescription sd, MediaSection m, String name) {
    return m.has(name) || transportSection(sd, m).has(name);
  }

  /** The candidates for {@code m}: its own, else those of its BUNDLE-tagged section. */
  static List<SdpAttribute.Candidate> candidates(SessionDescription sd, MediaSection m) {
    List<SdpAttribute.Candidate> c = m.fields(SdpAttribute.Candidate.class);
    return c.isEmpty() ? transportSection(sd, m).fields(SdpAttribute.Candidate.class) : c;
  }

  /**
   * Reads one candidate-attribute value (RFC 8839 §5.1), with or without the {@code candidate:}
   * prefix, through {@link SdpParser} so that the grammar lives in one place.
   *
   * @throws IllegalArgumentException when it does not parse
   */
  static SdpAttribute.Candidate parseCandidate(String value) {
    String v = value.strip();
    if (v.startsWith("a=")) {
      v = v.substring(2);
    }
    if (v.startsWith("candidate:")) {
      v = v.substring("candidate:".length());
    }
    String text =
        "v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\n"
            + "a=candidate:"
            + v
            + "\r\n";
    SdpParseResult r = SdpParser.parse(text);
    if (!r.ok() || r.description().isEmpty()) {
      throw new IllegalArgumentException("not a candidate: " + value + " " + r.errors());
    }
    return r.description()
        .get()
        .media()
        .get(0)
        .field(SdpAttribute.Candidate.class)
        .orElseThrow(() -> new IllegalArgumentException("not a candidate: " + value));
  }
}

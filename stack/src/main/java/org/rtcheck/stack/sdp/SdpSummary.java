package org.rtcheck.stack.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The facts the CLI and the harness print about a description. Session-level ICE credentials,
 * fingerprints, setup and direction apply to m-sections that have none of their own (RFC 8866 §5.13
 * attribute levels).
 */
public record SdpSummary(List<List<String>> bundleGroups, List<Media> media) {

  public SdpSummary {
    bundleGroups = bundleGroups.stream().map(List::copyOf).toList();
    media = List.copyOf(media);
  }

  /** One codec: rtpmap and its fmtp; {@code channels} 0 when not given, {@code fmtp} "" if none. */
  public record Codec(int payloadType, String name, int clockRate, int channels, String fmtp) {}

  /**
   * One m-section. {@code mid}, {@code iceUfrag}, {@code icePwd}, {@code setup} are null when
   * absent; {@code sctpPort} and {@code maxMessageSize} are -1 when absent.
   */
  public record Media(
      String kind,
      int port,
      String protocol,
      String mid,
      SdpAttribute.MediaDirection direction,
      List<Codec> codecs,
      String iceUfrag,
      String icePwd,
      List<SdpAttribute.Fingerprint> fingerprints,
      String setup,
      List<SdpAttribute.Candidate> candidates,
      int sctpPort,
      long maxMessageSize) {
    public Media {
      codecs = List.copyOf(codecs);
      fingerprints = List.copyOf(fingerprints);
      candidates = List.copyOf(candidates);
    }
  }

  /** Summarises {@code sd}. */
  public static SdpSummary of(SessionDescription sd) {
    List<List<String>> groups = new ArrayList<>();
    for (SdpAttribute.Group g : sd.bundleGroups()) {
      groups.add(g.tags());
    }
    List<Media> media = new ArrayList<>();
    for (MediaSection m : sd.media()) {
      SdpField.Media ml = m.media();
      List<Codec> codecs = new ArrayList<>();
      List<SdpAttribute.Fmtp> fmtps = m.fields(SdpAttribute.Fmtp.class);
      for (SdpAttribute.Rtpmap r : m.fields(SdpAttribute.Rtpmap.class)) {
        String pt = Integer.toString(r.payloadType());
        String fmtp =
            fmtps.stream()
                .filter(f -> f.payload().equals(pt))
                .map(SdpAttribute.Fmtp::parameters)
                .findFirst()
                .orElse("");
        codecs.add(new Codec(r.payloadType(), r.encoding(), r.clockRate(), r.channels(), fmtp));
      }
      List<SdpAttribute.Fingerprint> fps = m.fields(SdpAttribute.Fingerprint.class);
      if (fps.isEmpty()) {
        fps = sd.fields(SdpAttribute.Fingerprint.class);
      }
      SdpAttribute.MediaDirection dir =
          m.direction()
              .or(
                  () ->
                      sd.field(SdpAttribute.Direction.class).map(SdpAttribute.Direction::direction))
              .orElse(SdpAttribute.MediaDirection.SENDRECV); // RFC 8866 §6.7: default sendrecv
      media.add(
          new Media(
              ml.kind(),
              ml.port(),
              ml.protocol(),
              m.mid().orElse(null),
              dir,
              codecs,
              pick(m, sd, SdpAttribute.IceUfrag.class)
                  .map(SdpAttribute.IceUfrag::ufrag)
                  .orElse(null),
              pick(m, sd, SdpAttribute.IcePwd.class).map(SdpAttribute.IcePwd::pwd).orElse(null),
              fps,
              pick(m, sd, SdpAttribute.Setup.class).map(SdpAttribute.Setup::role).orElse(null),
              m.fields(SdpAttribute.Candidate.class),
              m.field(SdpAttribute.SctpPort.class).map(SdpAttribute.SctpPort::port).orElse(-1),
              m.field(SdpAttribute.MaxMessageSize.class)
                  .map(SdpAttribute.MaxMessageSize::size)
                  .orElse(-1L)));
    }
    return new SdpSummary(groups, media);
  }

  private static <T extends SdpField> Optional<T> pick(
      MediaSection m, SessionDescription sd, Class<T> type) {
    return m.field(type).or(() -> sd.field(type));
  }
}

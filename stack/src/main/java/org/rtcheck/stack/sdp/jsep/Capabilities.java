package org.rtcheck.stack.sdp.jsep;

import java.util.List;

/**
 * What the own peer can send and receive. Payload types and extension ids are the ones used in own
 * offers; answers keep the offerer's (RFC 3264 §6.1).
 *
 * @param audioCodecs audio formats in order of preference
 * @param videoCodecs video formats in order of preference; rtx entries carry {@code apt=}
 * @param audioExtensions header extensions offered in audio m-sections
 * @param videoExtensions header extensions offered in video m-sections
 * @param sctpPort {@code a=sctp-port} (RFC 8841 §5.1)
 * @param maxMessageSize {@code a=max-message-size} (RFC 8841 §6.1)
 */
public record Capabilities(
    List<Codec> audioCodecs,
    List<Codec> videoCodecs,
    List<HeaderExtension> audioExtensions,
    List<HeaderExtension> videoExtensions,
    int sctpPort,
    long maxMessageSize) {

  public Capabilities {
    audioCodecs = List.copyOf(audioCodecs);
    videoCodecs = List.copyOf(videoCodecs);
    audioExtensions = List.copyOf(audioExtensions);
    videoExtensions = List.copyOf(videoExtensions);
  }

  /** The formats for a kind. */
  public List<Codec> codecs(MediaKind kind) {
    return kind == MediaKind.AUDIO ? audioCodecs : videoCodecs;
  }

  /** The header extensions for a kind. */
  public List<HeaderExtension> extensions(MediaKind kind) {
    return kind == MediaKind.AUDIO ? audioExtensions : videoExtensions;
  }

  /**
   * What browsers offer by default: opus, PCMU, PCMA and telephone-event; VP8, H.264
   * constrained-baseline packetization-mode 1 and VP9 profile 0, each with rtx; the usual feedback
   * and header extensions; a data channel with a 256 KiB message limit.
   */
  public static Capabilities webrtcDefaults() {
    List<String> videoFb = List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli");
    List<Codec> audio =
        List.of(
            new Codec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of("transport-cc")),
            Codec.of(0, "PCMU", 8000, 0),
            Codec.of(8, "PCMA", 8000, 0),
            Codec.of(110, "telephone-event", 48000, 0));
    List<Codec> video =
        List.of(
            new Codec(96, "VP8", 90000, 0, "", videoFb),
            Codec.of(97, "rtx", 90000, 0).withFmtp("apt=96"),
            new Codec(
                102,
                "H264",
                90000,
                0,
                "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
                videoFb),
            Codec.of(103, "rtx", 90000, 0).withFmtp("apt=102"),
            new Codec(98, "VP9", 90000, 0, "profile-id=0", videoFb),
            Codec.of(99, "rtx", 90000, 0).withFmtp("apt=98"));
    HeaderExtension level = new HeaderExtension(1, HeaderExtension.SSRC_AUDIO_LEVEL);
    HeaderExtension abs = new HeaderExtension(2, HeaderExtension.ABS_SEND_TIME);
    HeaderExtension twcc = new HeaderExtension(3, HeaderExtension.TRANSPORT_WIDE_CC);
    HeaderExtension mid = new HeaderExtension(4, HeaderExtension.SDES_MID);
    return new Capabilities(
        audio, video, List.of(level, abs, twcc, mid), List.of(abs, twcc, mid), 5000, 262144);
  }
}

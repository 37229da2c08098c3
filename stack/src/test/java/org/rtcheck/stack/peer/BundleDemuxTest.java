package org.rtcheck.stack.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.rtp.OpusSilenceSource;
import org.rtcheck.stack.sdp.SdpAttribute.MediaDirection;
import org.rtcheck.stack.sdp.jsep.Codec;
import org.rtcheck.stack.sdp.jsep.HeaderExtension;
import org.rtcheck.stack.sdp.jsep.MediaKind;
import org.rtcheck.stack.sdp.jsep.NegotiatedSection;

class BundleDemuxTest {

  private static NegotiatedSection section(String mid, String media, int... pts) {
    List<Codec> codecs =
        java.util.Arrays.stream(pts).mapToObj(pt -> Codec.of(pt, "X", 90000, 0)).toList();
    return new NegotiatedSection(
        mid,
        media,
        "UDP/TLS/RTP/SAVPF",
        false,
        MediaDirection.SENDRECV,
        codecs,
        List.of(new HeaderExtension(4, HeaderExtension.SDES_MID)),
        null,
        "u",
        "p",
        List.of(),
        false,
        List.of(),
        -1,
        -1);
  }

  private final BundleDemux demux =
      new BundleDemux(
          List.of(
              section("0", "audio", 111, 0),
              section("1", "video", 96, 0),
              section("2", "application")));

  @Test
  void routesByMidThenByTheSsrcItNamedThenByAUniquePayloadType() throws Exception {
    byte[] withMid = new OpusSilenceSource(0, 7, 0, 0, 4, "1").next();
    assertThat(demux.route(withMid).route()).isEqualTo(new BundleDemux.Route("1", MediaKind.VIDEO));
    // PT 0 is in both sections: the SSRC learned from the MID decides (RFC 8843 §9.2).
    byte[] sameSsrc = new OpusSilenceSource(0, 7, 5, 0, 0, "0").next();
    assertThat(demux.route(sameSsrc).route().mid()).isEqualTo("1");
    byte[] uniquePt = new OpusSilenceSource(111, 8, 0, 0, 0, "0").next();
    assertThat(demux.route(uniquePt).route())
        .isEqualTo(new BundleDemux.Route("0", MediaKind.AUDIO));
    assertThat(demux.midExtensionId()).isEqualTo(4);
  }

  @Test
  void refusesInvalidRtpUnknownPayloadTypesAndAmbiguousPackets() {
    byte[] v1 = new OpusSilenceSource(111, 9, 0, 0, 0, "0").next();
    v1[0] = 0x40;
    assertThatThrownBy(() -> demux.route(v1)).hasMessageContaining("RFC 3550 A.1");
    byte[] unknown = new OpusSilenceSource(100, 9, 0, 0, 0, "0").next();
    assertThatThrownBy(() -> demux.route(unknown))
        .hasMessageContaining("payload type 100 is not in the negotiated SDP");
    byte[] shared = new OpusSilenceSource(0, 10, 0, 0, 0, "0").next();
    assertThatThrownBy(() -> demux.route(shared)).hasMessageContaining("has no MID");
    byte[] badMid = new OpusSilenceSource(111, 11, 0, 0, 4, "9").next();
    assertThatThrownBy(() -> demux.route(badMid)).hasMessageContaining("MID \"9\"");
    assertThatThrownBy(
            () -> BundleDemux.none().route(new OpusSilenceSource(111, 1, 0, 0, 0, "0").next()))
        .isInstanceOf(BundleDemux.Refused.class);
  }
}

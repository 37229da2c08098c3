package org.rtcheck.stack.sdp.jsep;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.rtcheck.stack.sdp.SdpAttribute;

/**
 * One RTP payload format: {@code a=rtpmap} (RFC 8866 §6.6), its {@code a=fmtp} (§6.15) and its
 * {@code a=rtcp-fb} values (RFC 4585 §4.2).
 *
 * @param payloadType 0..127
 * @param name the encoding name as written; compare it case-insensitively (RFC 4855 §3)
 * @param clockRate the RTP clock rate
 * @param channels audio channels, 0 when the rtpmap has none (which means 1, RFC 8866 §6.6)
 * @param fmtp the format parameters, "" when none
 * @param feedback the rtcp-fb values, e.g. {@code nack}, {@code nack pli}, {@code transport-cc}
 */
public record Codec(
    int payloadType, String name, int clockRate, int channels, String fmtp, List<String> feedback) {

  public Codec {
    Objects.requireNonNull(name);
    fmtp = fmtp == null ? "" : fmtp;
    feedback = List.copyOf(feedback);
  }

  /** A codec without fmtp or feedback. */
  public static Codec of(int payloadType, String name, int clockRate, int channels) {
    return new Codec(payloadType, name, clockRate, channels, "", List.of());
  }

  public Codec withPayloadType(int pt) {
    return new Codec(pt, name, clockRate, channels, fmtp, feedback);
  }

  public Codec withFmtp(String parameters) {
    return new Codec(payloadType, name, clockRate, channels, parameters, feedback);
  }

  public Codec withFeedback(List<String> fb) {
    return new Codec(payloadType, name, clockRate, channels, fmtp, fb);
  }

  /** The fmtp {@code key=value} pairs (RFC 4855 §3 style). */
  public Map<String, String> parameters() {
    return new SdpAttribute.Fmtp(Integer.toString(payloadType), fmtp).parameterMap();
  }

  /** Whether this is RTP retransmission (RFC 4588 §8.1). */
  public boolean isRtx() {
    return name.equalsIgnoreCase("rtx");
  }

  /** The associated payload type of an rtx codec (RFC 4588 §8.1), or -1. */
  public int apt() {
    String apt = parameters().get("apt");
    try {
      return apt == null ? -1 : Integer.parseInt(apt);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Whether this format carries no media of its own: retransmission, redundancy, FEC, DTMF or
   * comfort noise. An m-section whose only common formats are these is rejected.
   */
  public boolean isAuxiliary() {
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals("rtx")
        || n.equals("red")
        || n.equals("ulpfec")
        || n.startsWith("flexfec")
        || n.equals("telephone-event")
        || n.equals("cn");
  }
}

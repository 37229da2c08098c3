package org.rtcheck.stack.peer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rtcheck.stack.rtp.RtpFormatException;
import org.rtcheck.stack.rtp.RtpHeaderExtension;
import org.rtcheck.stack.rtp.RtpPacket;
import org.rtcheck.stack.sdp.jsep.Codec;
import org.rtcheck.stack.sdp.jsep.HeaderExtension;
import org.rtcheck.stack.sdp.jsep.MediaKind;
import org.rtcheck.stack.sdp.jsep.NegotiatedSection;

/**
 * Routes received RTP on a BUNDLEd transport to its m-section (RFC 8843 §9.2): by the SDES MID
 * header extension when the packet has it, else by an SSRC a MID already named, else by a payload
 * type that only one m-section negotiated. A packet must first be valid RTP (RFC 3550 A.1: version
 * 2, lengths and padding consistent, no RTCP payload type) with a negotiated payload type.
 *
 * <p>Immutable routing tables per negotiation; the SSRC table learns as packets arrive.
 */
final class BundleDemux {

  /** Where a packet goes: the mid and kind of its m-section. */
  record Route(String mid, MediaKind kind) {}

  /** A packet that is not valid RTP for this session, and why. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  private final Map<String, Route> byMid = new HashMap<>();
  private final Map<Integer, Route> byPayloadType = new HashMap<>();
  private final Map<Integer, Integer> payloadTypeUses = new HashMap<>();
  private final Map<Long, Route> bySsrc = new ConcurrentHashMap<>();
  private final Map<Integer, Integer> clockRates = new HashMap<>();
  private final int midExtensionId;

  /** Routes for the live audio and video sections of one negotiation. */
  BundleDemux(List<NegotiatedSection> negotiated) {
    int midId = 0;
    for (NegotiatedSection n : negotiated) {
      if (n.rejected() || MediaKind.fromSdp(n.media()).isEmpty()) {
        continue;
      }
      Route r = new Route(n.mid(), MediaKind.fromSdp(n.media()).get());
      byMid.put(n.mid(), r);
      for (Codec c : n.codecs()) {
        byPayloadType.put(c.payloadType(), r);
        payloadTypeUses.merge(c.payloadType(), 1, Integer::sum);
        clockRates.put(c.payloadType(), c.clockRate());
      }
      for (HeaderExtension e : n.extensions()) {
        if (e.uri().equals(HeaderExtension.SDES_MID)) {
          midId = e.id(); // RFC 8843 §9.1.2: one id across the BUNDLE group
        }
      }
    }
    this.midExtensionId = midId;
  }

  /** An empty table: nothing negotiated yet, every packet is refused. */
  static BundleDemux none() {
    return new BundleDemux(List.of());
  }

  /** The RTP clock rate of a negotiated payload type, 0 if none has it. */
  int clockRate(int payloadType) {
    return clockRates.getOrDefault(payloadType, 0);
  }

  /** The negotiated id of the SDES MID extension, 0 if none. */
  int midExtensionId() {
    return midExtensionId;
  }

  /**
   * The parsed header and route of a decrypted RTP packet.
   *
   * @throws Refused naming the RFC 3550 A.1 check, or the payload type or mid that no m-section has
   */
  Routed route(byte[] packet) throws Refused {
    RtpPacket h;
    try {
      h = RtpPacket.parse(packet);
    } catch (RtpFormatException e) {
      throw new Refused("not valid RTP (RFC 3550 A.1): " + e.getMessage());
    }
    Route byPt = byPayloadType.get(h.payloadType());
    if (byPt == null) {
      throw new Refused("payload type " + h.payloadType() + " is not in the negotiated SDP");
    }
    if (midExtensionId != 0) {
      for (RtpHeaderExtension e : h.extensions()) {
        if (e.id() == midExtensionId) {
          String mid = new String(e.data(), StandardCharsets.US_ASCII);
          Route r = byMid.get(mid);
          if (r == null) {
            throw new Refused("MID \"" + mid + "\" names no live m-section (RFC 8843 §9.2)");
          }
          bySsrc.put(h.ssrc(), r);
          return new Routed(r, h);
        }
      }
    }
    Route known = bySsrc.get(h.ssrc());
    if (known != null) {
      return new Routed(known, h);
    }
    if (payloadTypeUses.get(h.payloadType()) == 1) {
      return new Routed(byPt, h);
    }
    throw new Refused(
        "payload type " + h.payloadType() + " is shared by m-sections and the packet has no MID");
  }

  /** A routed packet. */
  record Routed(Route route, RtpPacket header) {}
}

package org.rtcheck.stack.rtp;

/**
 * One local source as this side sent it and as the remote reported it back (W3C webrtc-stats {@code
 * outbound-rtp} with its {@code remote-inbound-rtp}).
 *
 * @param ssrc the local source
 * @param packetsSent RTP packets sent
 * @param payloadBytesSent payload octets sent (RFC 3550 §6.4.1 sender's octet count)
 * @param reportsReceived reception report blocks about this source that arrived
 * @param fractionLost the last block's fraction lost, 0..1
 * @param packetsLost the last block's cumulative loss
 * @param jitterSeconds the last block's jitter, in seconds
 * @param roundTripTimeSeconds the last round-trip time computed from LSR/DLSR (RFC 3550 §6.4.1),
 *     NaN until a block echoed one of this side's SRs
 * @param roundTripTimeMeasurements how many round-trip times were computed
 */
public record OutboundRtpStats(
    long ssrc,
    long packetsSent,
    long payloadBytesSent,
    long reportsReceived,
    double fractionLost,
    int packetsLost,
    double jitterSeconds,
    double roundTripTimeSeconds,
    long roundTripTimeMeasurements) {}

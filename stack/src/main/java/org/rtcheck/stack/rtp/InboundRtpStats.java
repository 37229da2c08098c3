package org.rtcheck.stack.rtp;

/**
 * One remote source as this side received it, and what its SRs said (W3C webrtc-stats {@code
 * inbound-rtp} with its {@code remote-outbound-rtp}).
 *
 * @param ssrc the remote source
 * @param packetsReceived RTP packets received, including those before RFC 3550 A.1 validated the
 *     source
 * @param packetsLost cumulative loss as this side reports it (RFC 3550 A.3)
 * @param jitterSeconds interarrival jitter (RFC 3550 A.8), in seconds
 * @param senderReportsReceived SRs that arrived from the source
 * @param remotePacketsSent the last SR's packet count, -1 before any SR
 * @param remotePayloadBytesSent the last SR's octet count, -1 before any SR
 */
public record InboundRtpStats(
    long ssrc,
    long packetsReceived,
    int packetsLost,
    double jitterSeconds,
    long senderReportsReceived,
    long remotePacketsSent,
    long remotePayloadBytesSent) {}

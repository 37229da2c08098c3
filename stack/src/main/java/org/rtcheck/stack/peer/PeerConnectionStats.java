package org.rtcheck.stack.peer;

import java.util.List;
import org.rtcheck.stack.ice.IceConnectionState;
import org.rtcheck.stack.rtp.InboundRtpStats;
import org.rtcheck.stack.rtp.OutboundRtpStats;
import org.rtcheck.stack.srtp.SrtpProfile;

/**
 * A getStats() snapshot: the transport, the selected candidate pair and the counters.
 *
 * @param state the connection state
 * @param iceState the ICE connection state
 * @param selectedLocalCandidate the selected pair's local candidate ({@code a=candidate} value), or
 *     null
 * @param selectedRemoteCandidate its remote candidate, or null
 * @param srtpProfile the DTLS-SRTP profile, or null before the handshake
 * @param dtlsCipherSuite the IANA number of the DTLS cipher suite, or -1
 * @param iceConnectedNanos from the start of gathering to ICE connected, or -1
 * @param connectedNanos from the creation of the PeerConnection to DTLS connected, or -1
 * @param rtpPacketsSent RTP and RTCP packets protected and sent
 * @param rtpPacketsReceived RTP and RTCP packets that passed SRTP authentication
 * @param srtpRejected received packets SRTP refused (authentication, replay)
 * @param applicationBytesSent DTLS application data sent (SCTP)
 * @param applicationBytesReceived DTLS application data received
 * @param sctpPacketsRefused SCTP packets DTLS refused to send (closing, or over its record limit)
 * @param sctpPathMtu the size SCTP builds its packets to (its PLPMTU, RFC 8899), or -1 before SCTP
 * @param setupPhases nanoseconds from the creation of the connection to each setup phase reached so
 *     far ({@link SetupTimeline})
 * @param outboundRtp each local RTP source, with what the peer's RTCP reports said of it
 * @param inboundRtp each remote RTP source, with what its SRs said
 * @param rtcpReportsSent compound RTCP reports this side made (RFC 3550 §6.4)
 * @param rtcpRefused decrypted RTCP that was not well-formed (RFC 3550 A.2, §6.4)
 */
public record PeerConnectionStats(
    PeerConnectionState state,
    IceConnectionState iceState,
    String selectedLocalCandidate,
    String selectedRemoteCandidate,
    SrtpProfile srtpProfile,
    int dtlsCipherSuite,
    long iceConnectedNanos,
    long connectedNanos,
    long rtpPacketsSent,
    long rtpPacketsReceived,
    long srtpRejected,
    long applicationBytesSent,
    long applicationBytesReceived,
    long sctpPacketsRefused,
    int sctpPathMtu,
    java.util.Map<SetupTimeline.Phase, Long> setupPhases,
    List<OutboundRtpStats> outboundRtp,
    List<InboundRtpStats> inboundRtp,
    long rtcpReportsSent,
    long rtcpRefused) {

  public PeerConnectionStats {
    outboundRtp = List.copyOf(outboundRtp);
    inboundRtp = List.copyOf(inboundRtp);
  }
}

package org.rtcheck.stack.peer;

import org.rtcheck.stack.dtls.DtlsHandshakeResult;
import org.rtcheck.stack.ice.IceConnectionState;
import org.rtcheck.stack.ice.IceGatheringState;
import org.rtcheck.stack.sdp.jsep.MediaKind;
import org.rtcheck.stack.sdp.jsep.SignalingState;

/** What a PeerConnection reports, as the W3C events do. */
public sealed interface PeerConnectionEvent {

  /**
   * onicecandidate: a trickled local candidate as an {@code a=candidate} value, or {@code null} for
   * end-of-candidates (RFC 8838 §4.2).
   */
  record IceCandidate(String mid, String candidate) implements PeerConnectionEvent {}

  record IceGatheringStateChange(IceGatheringState state) implements PeerConnectionEvent {}

  /**
   * RTCIceTransport onselectedcandidatepairchange: ICE selected a pair, at connect or after a
   * restart's new checks (RFC 8445 §9); the candidates as {@code a=candidate} values.
   */
  record SelectedCandidatePairChange(String local, String remote) implements PeerConnectionEvent {}

  record IceConnectionStateChange(IceConnectionState state) implements PeerConnectionEvent {}

  record ConnectionStateChange(PeerConnectionState state) implements PeerConnectionEvent {}

  record SignalingStateChange(SignalingState state) implements PeerConnectionEvent {}

  /** The DTLS handshake completed and the peer's certificate matched its fingerprint. */
  record DtlsConnected(DtlsHandshakeResult result) implements PeerConnectionEvent {}

  /** ondatachannel: the peer opened a channel in-band (RFC 8832 §6). */
  record DataChannelAnnounced(PeerDataChannel channel) implements PeerConnectionEvent {}

  /**
   * onnegotiationneeded (W3C §4.7.3): something changed after connecting (a transceiver, a data
   * channel section, an ICE restart) that needs another offer/answer exchange.
   */
  record NegotiationNeeded() implements PeerConnectionEvent {}

  /**
   * A received RTP packet that passed SRTP, the RFC 3550 A.1 checks and BUNDLE routing (RFC 8843
   * §9.2), with the m-section it belongs to.
   *
   * @param mid the m-section's mid
   * @param kind audio or video
   * @param ssrc the sender's SSRC
   * @param payloadType a payload type negotiated for that m-section
   * @param sequenceNumber the RTP sequence number
   * @param size the packet's length after SRTP
   */
  record RtpReceived(
      String mid, MediaKind kind, long ssrc, int payloadType, int sequenceNumber, int size)
      implements PeerConnectionEvent {}

  /** A decrypted packet that is not valid RTP for this session; {@code reason} says which rule. */
  record RtpRefused(String reason) implements PeerConnectionEvent {}

  /**
   * A decrypted RTCP packet that is not well-formed (RFC 3550 A.2, §6.4); {@code reason} names the
   * rule and the byte offset.
   */
  record RtcpRefused(String reason) implements PeerConnectionEvent {}

  /** The synthetic audio of the transceiver with this mid stopped because of {@code reason}. */
  record MediaSourceStopped(String mid, String reason) implements PeerConnectionEvent {}

  /** The connection failed; {@code cause} says which layer and why. */
  record Failed(PeerConnectionException cause) implements PeerConnectionEvent {}
}

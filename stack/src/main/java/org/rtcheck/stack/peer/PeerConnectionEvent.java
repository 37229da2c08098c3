package org.rtcheck.stack.peer;

import org.rtcheck.stack.dtls.DtlsHandshakeResult;
import org.rtcheck.stack.ice.IceConnectionState;
import org.rtcheck.stack.ice.IceGatheringState;
import org.rtcheck.stack.sdp.jsep.SignalingState;

/** What a PeerConnection reports, as the W3C events do. */
public sealed interface PeerConnectionEvent {

  /**
   * onicecandidate: a trickled local candidate as an {@code a=candidate} value, or {@code null} for
   * end-of-candidates (RFC 8838 §4.2).
   */
  record IceCandidate(String mid, String candidate) implements PeerConnectionEvent {}

  record IceGatheringStateChange(IceGatheringState state) implements PeerConnectionEvent {}

  record IceConnectionStateChange(IceConnectionState state) implements PeerConnectionEvent {}

  record ConnectionStateChange(PeerConnectionState state) implements PeerConnectionEvent {}

  record SignalingStateChange(SignalingState state) implements PeerConnectionEvent {}

  /** The DTLS handshake completed and the peer's certificate matched its fingerprint. */
  record DtlsConnected(DtlsHandshakeResult result) implements PeerConnectionEvent {}

  /** ondatachannel: the peer opened a channel in-band (RFC 8832 §6). */
  record DataChannelAnnounced(PeerDataChannel channel) implements PeerConnectionEvent {}

  /** The connection failed; {@code cause} says which layer and why. */
  record Failed(PeerConnectionException cause) implements PeerConnectionEvent {}
}

package org.rtcheck.stack.peer;

/** RTCPeerConnectionState (W3C webrtc-pc §4.4.3): ICE and DTLS combined. */
public enum PeerConnectionState {
  NEW,
  CONNECTING,
  CONNECTED,
  DISCONNECTED,
  FAILED,
  CLOSED
}

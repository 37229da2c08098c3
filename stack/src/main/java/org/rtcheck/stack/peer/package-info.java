/**
 * The PeerConnection: the own stack's layers tied together the way the W3C RTCPeerConnection ties
 * them, on Netty. JSEP ({@code sdp.jsep}) negotiates; ICE ({@code ice} over {@code
 * net.IceUdpTransport}) finds the path; DTLS ({@code dtls}) secures it and keys SRTP ({@code
 * srtp}); DTLS application data carries SCTP for data channels.
 *
 * <p>Datagrams on the selected pair are demultiplexed per RFC 7983 §7: first byte 20..63 is DTLS,
 * 128..191 is RTP or RTCP (RFC 5761 §4 tells them apart by payload type), STUN is the ICE agent's.
 * Decrypted RTP then goes to its m-section through {@code BundleDemux} (RFC 8843 §9.2).
 */
package org.rtcheck.stack.peer;

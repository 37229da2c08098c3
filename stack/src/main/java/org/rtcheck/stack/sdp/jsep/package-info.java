/**
 * JSEP (RFC 9429, which obsoletes RFC 8829) offer/answer for the own peer, sans-IO: {@link
 * org.rtcheck.stack.sdp.jsep.JsepSession} is the signaling half of an RTCPeerConnection. It makes
 * and applies descriptions and says what was negotiated; ICE, DTLS and media live elsewhere.
 */
package org.rtcheck.stack.sdp.jsep;

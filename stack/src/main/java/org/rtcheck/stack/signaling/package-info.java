/**
 * Signaling channels over HTTP: the WebRTC Echo Test contract (POST {@code /offer} with an
 * RTCSessionDescriptionInit, answered non-trickle) and WHIP (RFC 9725: POST {@code
 * application/sdp}, 201 with a session resource, DELETE to end). Descriptions are opaque SDP text
 * here; the PeerConnection behind the endpoint decides what they mean.
 */
package org.rtcheck.stack.signaling;

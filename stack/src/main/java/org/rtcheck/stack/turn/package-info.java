/**
 * A sans-IO TURN client (RFC 8656): Allocate with long-term credentials, Refresh, permissions,
 * channels, Send/Data indications and ChannelData (with the stream framing of RFC 8656 §12.5).
 * Bytes and the current time go in; bytes to send, {@link org.rtcheck.stack.turn.TurnEvent}s and
 * the next deadline come out. {@code net.TurnConnection} drives it over UDP, TCP or TLS.
 */
package org.rtcheck.stack.turn;

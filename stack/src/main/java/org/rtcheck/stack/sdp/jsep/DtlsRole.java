package org.rtcheck.stack.sdp.jsep;

/**
 * Which DTLS handshake role the own peer takes, from {@code a=setup} (RFC 8842 §5.1): {@code
 * active} sends the ClientHello.
 */
public enum DtlsRole {
  CLIENT,
  SERVER
}

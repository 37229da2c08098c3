package org.rtcheck.stack.dtls;

/** Which side of the DTLS handshake an endpoint plays (RFC 5763 §5: {@code a=setup} decides). */
public enum DtlsRole {
  /** Sends the ClientHello ({@code a=setup:active}). */
  CLIENT,
  /** Waits for the ClientHello ({@code a=setup:passive}). */
  SERVER
}

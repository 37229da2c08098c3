package org.rtcheck.stack.turn;

import java.util.Locale;

/** How the client reaches the TURN server (RFC 8656 §3.1). */
public enum TurnTransport {
  UDP,
  TCP,
  TLS;

  /**
   * Over TCP and TLS requests are not retransmitted (RFC 8489 §6.2.2) and ChannelData is padded to
   * 4 bytes (RFC 8656 §12.5).
   */
  public boolean isReliable() {
    return this != UDP;
  }

  /** {@code udp}, {@code tcp} or {@code tls}, any case. */
  public static TurnTransport parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("transport must be udp, tcp or tls, got \"" + s + "\"");
    }
  }

  public String lowerCase() {
    return name().toLowerCase(Locale.ROOT);
  }
}

package org.rtcheck.stack.ice;

import java.util.Locale;

/** The candidate transport (RFC 8839 §5.1: UDP; RFC 6544 §4.5: TCP). */
public enum TransportProtocol {
  UDP,
  TCP;

  /** The SDP token, upper case as browsers write it (the grammar is case-insensitive). */
  public String sdpName() {
    return name();
  }

  public static TransportProtocol fromSdp(String name) {
    return switch (name.toUpperCase(Locale.ROOT)) {
      case "UDP" -> UDP;
      case "TCP" -> TCP;
      default ->
          throw new IllegalArgumentException(
              "transport '" + name + "' is neither UDP (RFC 8839 §5.1) nor TCP (RFC 6544 §4.5)");
    };
  }
}

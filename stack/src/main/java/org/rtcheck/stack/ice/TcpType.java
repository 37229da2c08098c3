package org.rtcheck.stack.ice;

import java.util.Locale;

/**
 * The role of a TCP candidate (RFC 6544 §4.5): active opens connections, passive accepts them,
 * simultaneous-open tries both.
 */
public enum TcpType {
  ACTIVE("active", 6),
  PASSIVE("passive", 4),
  SIMULTANEOUS_OPEN("so", 2);

  private final String sdpName;
  private final int directionPreference;

  TcpType(String sdpName, int directionPreference) {
    this.sdpName = sdpName;
    this.directionPreference = directionPreference;
  }

  public String sdpName() {
    return sdpName;
  }

  /**
   * RFC 6544 §4.2 direction-pref for host and UDP-tunneled candidates: active 6, passive 4, S-O 2
   * (for NATed/srflx ones the RFC prefers S-O: {@link #natedDirectionPreference()}).
   */
  public int directionPreference() {
    return directionPreference;
  }

  /** RFC 6544 §4.2 direction-pref behind a NAT: S-O 6, active 4, passive 2. */
  public int natedDirectionPreference() {
    return switch (this) {
      case SIMULTANEOUS_OPEN -> 6;
      case ACTIVE -> 4;
      case PASSIVE -> 2;
    };
  }

  public static TcpType fromSdp(String name) {
    for (TcpType t : values()) {
      if (t.sdpName.equals(name.toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "tcptype '" + name + "' is not active, passive or so (RFC 6544 §4.5)");
  }
}

package org.rtcheck.stack.ice;

import java.util.Locale;

/**
 * The four candidate types (RFC 8445 §5.1.1) with their SDP names (RFC 8839 §5.1) and the type
 * preferences RFC 8445 §5.1.2.2 recommends.
 */
public enum CandidateType {
  HOST("host", 126),
  PEER_REFLEXIVE("prflx", 110),
  SERVER_REFLEXIVE("srflx", 100),
  RELAYED("relay", 0);

  private final String sdpName;
  private final int recommendedPreference;

  CandidateType(String sdpName, int recommendedPreference) {
    this.sdpName = sdpName;
    this.recommendedPreference = recommendedPreference;
  }

  /** The {@code cand-type} token: host, prflx, srflx or relay. */
  public String sdpName() {
    return sdpName;
  }

  /**
   * RFC 8445 §5.1.2.2: 126 host, 110 peer-reflexive, 100 server-reflexive, 0 relayed. The RFC only
   * requires that peer-reflexive is above server-reflexive and that all are 0..126.
   */
  public int recommendedPreference() {
    return recommendedPreference;
  }

  /** Reads an SDP {@code cand-type}. */
  public static CandidateType fromSdp(String name) {
    for (CandidateType t : values()) {
      if (t.sdpName.equals(name.toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "candidate type '" + name + "' is not host, srflx, prflx or relay (RFC 8839 §5.1)");
  }
}

package org.rtcheck.interop.netem;

import java.util.Locale;

/** What a NAT router lets out of its LAN, on top of the NAT's own filtering. */
public enum FirewallProfile {
  /** Everything may go out. */
  OPEN("open"),
  /** No UDP leaves the LAN: ICE must fall back to TCP (RFC 6544) or TURN over TCP/TLS. */
  UDP_BLOCKED("udp-blocked"),
  /** Only new TCP connections to port 443 leave the LAN (a strict corporate proxy-less egress). */
  TCP_443_ONLY("tcp-443-only");

  private final String label;

  FirewallProfile(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static FirewallProfile parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (FirewallProfile p : values()) {
      if (p.label.equals(t)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "firewall profile must be open, udp-blocked or tcp-443-only, got \"" + text + "\"");
  }
}

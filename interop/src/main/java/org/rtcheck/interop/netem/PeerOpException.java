package org.rtcheck.interop.netem;

/** A {@link LanPeer} answered an op with an error: its kind and message, as the shim said them. */
public final class PeerOpException extends NetemException {
  private static final long serialVersionUID = 1L;

  private final String kind;

  PeerOpException(LanPeer peer, String op, String kind, String message) {
    super(peer + ": " + op + " failed (" + kind + "): " + message + peer.log());
    this.kind = kind;
  }

  /** The shim's error kind, e.g. {@code timeout}, {@code rejected}, {@code unimplemented}. */
  public String kind() {
    return kind;
  }
}

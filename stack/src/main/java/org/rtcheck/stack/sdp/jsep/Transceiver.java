package org.rtcheck.stack.sdp.jsep;

import java.util.Objects;
import org.rtcheck.stack.sdp.SdpAttribute.MediaDirection;

/**
 * The signaling view of an RTCRtpTransceiver (RFC 9429 §3.4.1): its kind, the direction the
 * application wants, the mid once it has an m-section, the direction last negotiated.
 */
public final class Transceiver {
  private final MediaKind kind;
  private final boolean createdByRemote;
  private final long senderSsrc;
  private final String trackId;
  private final Runnable directionChanged;
  private volatile MediaDirection direction;
  private String mid;
  private boolean stopped;
  private MediaDirection currentDirection;

  Transceiver(
      MediaKind kind,
      MediaDirection direction,
      boolean createdByRemote,
      long senderSsrc,
      String trackId,
      Runnable directionChanged) {
    this.kind = Objects.requireNonNull(kind);
    this.directionChanged = Objects.requireNonNull(directionChanged);
    this.senderSsrc = senderSsrc & 0xffffffffL;
    this.trackId = Objects.requireNonNull(trackId);
    this.direction = Objects.requireNonNull(direction);
    this.createdByRemote = createdByRemote;
  }

  public MediaKind kind() {
    return kind;
  }

  /** The direction the application wants (RTCRtpTransceiver.direction). */
  public MediaDirection direction() {
    return direction;
  }

  /**
   * Changes the wanted direction; takes effect with the next offer or answer (RFC 9429 §4.2.4). A
   * new value makes the session check whether negotiation is needed (W3C webrtc-pc §5.4, the
   * direction setter); the same value changes nothing.
   */
  public void setDirection(MediaDirection direction) {
    Objects.requireNonNull(direction);
    if (stopped) {
      throw new IllegalStateException("transceiver is stopped");
    }
    if (direction == this.direction) {
      return; // W3C §5.4 setter: "If newDirection is equal to [[Direction]], abort these steps"
    }
    this.direction = direction;
    directionChanged.run();
  }

  /** The mid, null until the transceiver is associated with an m-section (RFC 9429 §3.4.1). */
  public String mid() {
    return mid;
  }

  public boolean stopped() {
    return stopped;
  }

  /** The direction negotiated for the own side, null before any answer (W3C currentDirection). */
  public MediaDirection currentDirection() {
    return currentDirection;
  }

  /**
   * The SSRC this transceiver's sender uses, chosen at random when it is made (RFC 3550 §8) and
   * signalled with {@code a=ssrc} so receivers that demultiplex by SSRC alone find the stream.
   */
  public long senderSsrc() {
    return senderSsrc;
  }

  /** The sender's track id, the second part of its {@code a=msid} (RFC 8830 §2). */
  public String trackId() {
    return trackId;
  }

  /** Whether a remote offer made it (W3C §4.4.1.6 step "create an RTCRtpTransceiver"). */
  public boolean createdByRemote() {
    return createdByRemote;
  }

  void mid(String mid) {
    this.mid = mid;
  }

  void stop() {
    this.stopped = true;
  }

  void currentDirection(MediaDirection d) {
    this.currentDirection = d;
  }

  @Override
  public String toString() {
    return "Transceiver["
        + kind.sdpName()
        + " mid="
        + mid
        + " "
        + direction.sdpName()
        + (stopped ? " stopped" : "")
        + "]";
  }
}

package org.rtcheck.stack.ice;

/** {@code RTCIceConnectionState} / {@code RTCIceTransportState} of the W3C WebRTC API (§5.6). */
public enum IceConnectionState {
  NEW("new"),
  CHECKING("checking"),
  CONNECTED("connected"),
  COMPLETED("completed"),
  DISCONNECTED("disconnected"),
  FAILED("failed"),
  CLOSED("closed");

  private final String w3cName;

  IceConnectionState(String w3cName) {
    this.w3cName = w3cName;
  }

  /** The string the W3C API reports. */
  public String w3cName() {
    return w3cName;
  }
}

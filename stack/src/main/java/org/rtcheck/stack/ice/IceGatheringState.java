package org.rtcheck.stack.ice;

/** {@code RTCIceGatheringState} of the W3C WebRTC API: new, gathering, complete. */
public enum IceGatheringState {
  NEW("new"),
  GATHERING("gathering"),
  COMPLETE("complete");

  private final String w3cName;

  IceGatheringState(String w3cName) {
    this.w3cName = w3cName;
  }

  public String w3cName() {
    return w3cName;
  }
}

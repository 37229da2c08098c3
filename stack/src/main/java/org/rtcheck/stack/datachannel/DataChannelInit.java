package org.rtcheck.stack.datachannel;

/**
 * Options of a new data channel, after the W3C {@code RTCDataChannelInit}: -1 means unset for
 * {@code maxRetransmits}, {@code maxPacketLifeTime} (ms) and {@code id}.
 */
public record DataChannelInit(
    boolean ordered,
    int maxRetransmits,
    long maxPacketLifeTime,
    String protocol,
    boolean negotiated,
    int id,
    int priority) {

  public static final DataChannelInit DEFAULT =
      new DataChannelInit(true, -1, -1, "", false, -1, DcepMessage.PRIORITY_NORMAL);

  public DataChannelInit {
    if (maxRetransmits >= 0 && maxPacketLifeTime >= 0) {
      throw new IllegalArgumentException("maxRetransmits and maxPacketLifeTime are exclusive");
    }
    if (negotiated && (id < 0 || id > 65534)) {
      throw new IllegalArgumentException("a negotiated channel needs an id in 0..65534");
    }
  }

  public DataChannelInit withOrdered(boolean o) {
    return new DataChannelInit(
        o, maxRetransmits, maxPacketLifeTime, protocol, negotiated, id, priority);
  }

  public DataChannelInit withMaxRetransmits(int n) {
    return new DataChannelInit(ordered, n, -1, protocol, negotiated, id, priority);
  }

  public DataChannelInit withMaxPacketLifeTime(long ms) {
    return new DataChannelInit(ordered, -1, ms, protocol, negotiated, id, priority);
  }

  public DataChannelInit withProtocol(String p) {
    return new DataChannelInit(
        ordered, maxRetransmits, maxPacketLifeTime, p, negotiated, id, priority);
  }

  public DataChannelInit negotiatedId(int streamId) {
    return new DataChannelInit(
        ordered, maxRetransmits, maxPacketLifeTime, protocol, true, streamId, priority);
  }
}

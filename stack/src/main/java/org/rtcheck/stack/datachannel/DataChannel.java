package org.rtcheck.stack.datachannel;

/** One data channel (RFC 8831) on a {@link DataChannelTransport}: an SCTP stream pair. */
public final class DataChannel {

  /** W3C {@code RTCDataChannelState}. */
  public enum State {
    CONNECTING,
    OPEN,
    CLOSING,
    CLOSED
  }

  private final DataChannelTransport transport;
  private final int id;
  private final String label;
  private final String protocol;
  private final ChannelType type;
  private final long reliabilityParameter;
  private final int priority;
  private final boolean negotiated;
  State state = State.CONNECTING;
  boolean ackReceived;
  boolean outgoingReset;
  boolean incomingReset;
  long bufferedAmountLowThreshold;
  long lastBufferedAmount;

  DataChannel(
      DataChannelTransport transport,
      int id,
      String label,
      String protocol,
      ChannelType type,
      long reliabilityParameter,
      int priority,
      boolean negotiated) {
    this.transport = transport;
    this.id = id;
    this.label = label;
    this.protocol = protocol;
    this.type = type;
    this.reliabilityParameter = reliabilityParameter;
    this.priority = priority;
    this.negotiated = negotiated;
  }

  public int id() {
    return id;
  }

  public String label() {
    return label;
  }

  public String protocol() {
    return protocol;
  }

  public ChannelType type() {
    return type;
  }

  public boolean ordered() {
    return !type.unordered();
  }

  /** Retransmission limit, or -1. */
  public int maxRetransmits() {
    return type == ChannelType.PARTIAL_RELIABLE_REXMIT
            || type == ChannelType.PARTIAL_RELIABLE_REXMIT_UNORDERED
        ? (int) reliabilityParameter
        : -1;
  }

  /** Lifetime limit in ms, or -1. */
  public long maxPacketLifeTime() {
    return type == ChannelType.PARTIAL_RELIABLE_TIMED
            || type == ChannelType.PARTIAL_RELIABLE_TIMED_UNORDERED
        ? reliabilityParameter
        : -1;
  }

  public int priority() {
    return priority;
  }

  public boolean negotiated() {
    return negotiated;
  }

  public State state() {
    return state;
  }

  /** Bytes queued by send and not yet transmitted. */
  public long bufferedAmount() {
    return transport.bufferedAmount(this);
  }

  public long bufferedAmountLowThreshold() {
    return bufferedAmountLowThreshold;
  }

  public void setBufferedAmountLowThreshold(long bytes) {
    this.bufferedAmountLowThreshold = bytes;
  }

  public void send(String text, long now) throws DataChannelException {
    transport.send(this, text, now);
  }

  public void send(byte[] data, long now) throws DataChannelException {
    transport.send(this, data, now);
  }

  /** Closes by resetting the stream (RFC 8831 §6.7). */
  public void close(long now) {
    transport.close(this, now);
  }

  @Override
  public String toString() {
    return "DataChannel[" + id + " \"" + label + "\" " + state + "]";
  }
}

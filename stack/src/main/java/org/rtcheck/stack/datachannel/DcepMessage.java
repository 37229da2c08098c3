package org.rtcheck.stack.datachannel;

/** A Data Channel Establishment Protocol message (RFC 8832 §5), carried with PPID 50. */
public sealed interface DcepMessage {

  int TYPE_ACK = 0x02;
  int TYPE_OPEN = 0x03;

  /** Priorities named by RFC 8832 §5.1 (from RFC 8831 §6.4). */
  int PRIORITY_BELOW_NORMAL = 128;

  int PRIORITY_NORMAL = 256;
  int PRIORITY_HIGH = 512;
  int PRIORITY_EXTRA_HIGH = 1024;

  /**
   * DATA_CHANNEL_OPEN (RFC 8832 §5.1). The reliability parameter is the retransmission count or the
   * lifetime in ms, depending on the type, and is ignored for reliable channels.
   */
  record Open(
      ChannelType channelType,
      int priority,
      long reliabilityParameter,
      String label,
      String protocol)
      implements DcepMessage {}

  /** DATA_CHANNEL_ACK (RFC 8832 §5.2). */
  record Ack() implements DcepMessage {}
}

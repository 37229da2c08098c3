package org.rtcheck.stack.datachannel;

/** What a {@link DataChannelTransport} reports. */
public sealed interface DataChannelEvent {

  /** The peer opened a channel in band (RFC 8832 §6); an {@link Open} follows. */
  record IncomingChannel(DataChannel channel) implements DataChannelEvent {}

  /** The channel can carry messages. */
  record Open(DataChannel channel) implements DataChannelEvent {}

  record TextMessage(DataChannel channel, String text) implements DataChannelEvent {}

  record BinaryMessage(DataChannel channel, byte[] data) implements DataChannelEvent {}

  /** bufferedAmount fell to or below the channel's low threshold. */
  record BufferedAmountLow(DataChannel channel) implements DataChannelEvent {}

  /** Both directions of the channel's stream were reset (RFC 8831 §6.7). */
  record Closed(DataChannel channel) implements DataChannelEvent {}

  /** The SCTP association is gone (shutdown or abort); every channel is closed. */
  record TransportClosed(String reason) implements DataChannelEvent {}

  /** Something the peer sent was refused; the channel and association stay up. */
  record ProtocolError(DataChannelException error) implements DataChannelEvent {}
}

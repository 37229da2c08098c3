package org.rtcheck.stack.sctp;

import java.util.List;

/** What an association reports to its user. */
public sealed interface SctpEvent {

  /** The association reached ESTABLISHED (RFC 9260 §5.1). */
  record Connected() implements SctpEvent {}

  /** A complete user message. */
  record Message(int streamId, long ppid, byte[] data, boolean unordered) implements SctpEvent {}

  /** The peer reset these incoming streams (RFC 6525 §5.2.2): their SSNs start again at 0. */
  record IncomingStreamsReset(List<Integer> streams) implements SctpEvent {}

  /** Our reset of these outgoing streams was performed (RFC 6525 §5.2.7). */
  record OutgoingStreamsReset(List<Integer> streams) implements SctpEvent {}

  /** Graceful shutdown finished (RFC 9260 §9.2). */
  record Closed() implements SctpEvent {}

  /** The association was aborted, by {@code byPeer} or locally, with a reason. */
  record Aborted(boolean byPeer, String reason) implements SctpEvent {}

  /** An incoming datagram that was not a valid SCTP packet and was dropped. */
  record PacketRejected(SctpDecodeException error) implements SctpEvent {}
}

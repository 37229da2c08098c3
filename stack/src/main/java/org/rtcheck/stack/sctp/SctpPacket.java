package org.rtcheck.stack.sctp;

import java.util.List;

/** An SCTP packet: the common header (RFC 9260 §3.1) and its chunks. */
public record SctpPacket(
    int sourcePort, int destinationPort, long verificationTag, List<SctpChunk> chunks) {
  public SctpPacket {
    chunks = List.copyOf(chunks);
  }
}

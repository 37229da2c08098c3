package org.rtcheck.stack.ice;

import java.net.InetSocketAddress;

/**
 * The seam between ICE and TURN: the agent knows nothing of TURN. A driver sends every {@link
 * IceTransmit} whose local candidate is {@link CandidateType#RELAYED} through this interface (Send
 * indication or ChannelData, RFC 8656 §11-§12), and hands what arrives from a peer through the
 * allocation to {@link IceAgent#handleDatagram} with the relayed address as the local one.
 */
public interface RelayTransport {

  /** Sends {@code data} from the allocation {@code relayed} to {@code peer}. */
  void send(Candidate relayed, InetSocketAddress peer, byte[] data);
}

package org.rtcheck.stack.sctp;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Settings of one association. Timers are in milliseconds of the caller's clock. Defaults follow
 * RFC 9260 §16 (RTO.Initial 1 s, RTO.Min 1 s, RTO.Max 60 s, Association.Max.Retrans 10,
 * Max.Init.Retransmits 8, HB.interval 30 s) and RFC 8841 (256 KiB max message size); the 1200-byte
 * MTU keeps a DTLS record of an SCTP packet inside common path MTUs (RFC 8261 §5) and is the
 * BASE_PLPMTU from which path MTU discovery searches up to {@code maxPlpmtu} (RFC 8899 §6.2, off by
 * default).
 */
public record SctpConfig(
    int localPort,
    int remotePort,
    int mtu,
    int maxPlpmtu,
    long receiveWindow,
    int maxMessageSize,
    int outboundStreams,
    int inboundStreams,
    long rtoInitial,
    long rtoMin,
    long rtoMax,
    int maxRetransmissions,
    int maxInitRetransmissions,
    long heartbeatInterval,
    long delayedAck,
    long cookieLifetime,
    RandomGenerator random) {

  public static final int DEFAULT_PORT = 5000;
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 256 * 1024;

  /** The largest SCTP packet a PAD chunk's 16-bit length can grow a probe to (RFC 4820 §3). */
  public static final int MAX_PACKET = 65_532;

  public SctpConfig {
    if (mtu < 256) {
      throw new IllegalArgumentException("mtu " + mtu + " is below 256");
    }
    if (maxPlpmtu < 0 || maxPlpmtu > MAX_PACKET) {
      throw new IllegalArgumentException("max PLPMTU " + maxPlpmtu + " is not 0.." + MAX_PACKET);
    }
    if (outboundStreams < 1
        || outboundStreams > 65535
        || inboundStreams < 1
        || inboundStreams > 65535) {
      throw new IllegalArgumentException("stream counts must be 1..65535");
    }
    if (rtoMin <= 0 || rtoMin > rtoInitial || rtoInitial > rtoMax) {
      throw new IllegalArgumentException("RTO bounds must satisfy 0 < min <= initial <= max");
    }
  }

  /** RFC defaults with the given random source (tags, initial TSNs, cookie key). */
  public static SctpConfig defaults(RandomGenerator random) {
    return new SctpConfig(
        DEFAULT_PORT,
        DEFAULT_PORT,
        1200,
        0,
        1024 * 1024,
        DEFAULT_MAX_MESSAGE_SIZE,
        1024,
        1024,
        1000,
        1000,
        60_000,
        10,
        8,
        30_000,
        200,
        60_000,
        random);
  }

  /** RFC defaults with a fresh random source. */
  public static SctpConfig defaults() {
    return defaults(new SplittableRandom());
  }

  public SctpConfig withReceiveWindow(long bytes) {
    return new SctpConfig(
        localPort,
        remotePort,
        mtu,
        maxPlpmtu,
        bytes,
        maxMessageSize,
        outboundStreams,
        inboundStreams,
        rtoInitial,
        rtoMin,
        rtoMax,
        maxRetransmissions,
        maxInitRetransmissions,
        heartbeatInterval,
        delayedAck,
        cookieLifetime,
        random);
  }

  public SctpConfig withRto(long initial, long min, long max) {
    return new SctpConfig(
        localPort,
        remotePort,
        mtu,
        maxPlpmtu,
        receiveWindow,
        maxMessageSize,
        outboundStreams,
        inboundStreams,
        initial,
        min,
        max,
        maxRetransmissions,
        maxInitRetransmissions,
        heartbeatInterval,
        delayedAck,
        cookieLifetime,
        random);
  }

  public SctpConfig withMaxMessageSize(int bytes) {
    return new SctpConfig(
        localPort,
        remotePort,
        mtu,
        maxPlpmtu,
        receiveWindow,
        bytes,
        outboundStreams,
        inboundStreams,
        rtoInitial,
        rtoMin,
        rtoMax,
        maxRetransmissions,
        maxInitRetransmissions,
        heartbeatInterval,
        delayedAck,
        cookieLifetime,
        random);
  }

  /**
   * Path MTU discovery (RFC 8899 §6.2) up to {@code bytes} per SCTP packet, from {@link #mtu()} as
   * BASE_PLPMTU; 0 or anything not above {@link #mtu()} turns it off. Over DTLS the ceiling is what
   * one DTLS record carries (RFC 8261 §5).
   */
  public SctpConfig withMaxPlpmtu(int bytes) {
    return new SctpConfig(
        localPort,
        remotePort,
        mtu,
        bytes,
        receiveWindow,
        maxMessageSize,
        outboundStreams,
        inboundStreams,
        rtoInitial,
        rtoMin,
        rtoMax,
        maxRetransmissions,
        maxInitRetransmissions,
        heartbeatInterval,
        delayedAck,
        cookieLifetime,
        random);
  }

  /** Largest DATA payload that fits one packet: MTU minus common and DATA headers. */
  public int maxFragment() {
    return mtu - SctpPacketCodec.COMMON_HEADER - SctpPacketCodec.DATA_HEADER;
  }
}

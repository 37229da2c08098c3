package org.rtcheck.stack.sctp;

import java.util.List;

/** One chunk of an SCTP packet (RFC 9260 §3.2), with the types WebRTC uses. */
public sealed interface SctpChunk {

  int DATA = 0;
  int INIT = 1;
  int INIT_ACK = 2;
  int SACK = 3;
  int HEARTBEAT = 4;
  int HEARTBEAT_ACK = 5;
  int ABORT = 6;
  int SHUTDOWN = 7;
  int SHUTDOWN_ACK = 8;
  int ERROR = 9;
  int COOKIE_ECHO = 10;
  int COOKIE_ACK = 11;
  int SHUTDOWN_COMPLETE = 14;
  int I_DATA = 64;
  int RE_CONFIG = 130;
  int PAD = 132;
  int FORWARD_TSN = 192;

  int type();

  /** The chunk name used in errors and vectors, e.g. {@code "INIT-ACK"}. */
  static String name(int type) {
    return switch (type) {
      case DATA -> "DATA";
      case INIT -> "INIT";
      case INIT_ACK -> "INIT-ACK";
      case SACK -> "SACK";
      case HEARTBEAT -> "HEARTBEAT";
      case HEARTBEAT_ACK -> "HEARTBEAT-ACK";
      case ABORT -> "ABORT";
      case SHUTDOWN -> "SHUTDOWN";
      case SHUTDOWN_ACK -> "SHUTDOWN-ACK";
      case ERROR -> "ERROR";
      case COOKIE_ECHO -> "COOKIE-ECHO";
      case COOKIE_ACK -> "COOKIE-ACK";
      case SHUTDOWN_COMPLETE -> "SHUTDOWN-COMPLETE";
      case I_DATA -> "I-DATA";
      case RE_CONFIG -> "RE-CONFIG";
      case PAD -> "PAD";
      case FORWARD_TSN -> "FORWARD-TSN";
      default -> "chunk-" + type;
    };
  }

  /** DATA (RFC 9260 §3.3.1); TSN, SSN and PPID are unsigned, held in wider types. */
  record Data(
      boolean immediate,
      boolean unordered,
      boolean beginning,
      boolean ending,
      long tsn,
      int streamId,
      int ssn,
      long ppid,
      byte[] payload)
      implements SctpChunk {
    @Override
    public int type() {
      return DATA;
    }
  }

  /**
   * I-DATA (RFC 8260 §2.1): the first fragment carries the PPID, the others the fragment sequence
   * number, so {@code ppidOrFsn} is one or the other depending on {@code beginning}.
   */
  record IData(
      boolean immediate,
      boolean unordered,
      boolean beginning,
      boolean ending,
      long tsn,
      int streamId,
      long messageId,
      long ppidOrFsn,
      byte[] payload)
      implements SctpChunk {
    @Override
    public int type() {
      return I_DATA;
    }
  }

  /** INIT (§3.3.2) and INIT ACK (§3.3.3): same fixed fields, different parameters. */
  record Init(
      boolean ack,
      long initiateTag,
      long advertisedReceiverWindow,
      int outboundStreams,
      int inboundStreams,
      long initialTsn,
      List<SctpParameter> parameters)
      implements SctpChunk {
    public Init {
      parameters = List.copyOf(parameters);
    }

    @Override
    public int type() {
      return ack ? INIT_ACK : INIT;
    }
  }

  /** A gap ack block, offsets from the cumulative TSN ack (RFC 9260 §3.3.4). */
  record GapBlock(int start, int end) {}

  /** SACK (RFC 9260 §3.3.4). */
  record Sack(
      long cumulativeTsnAck,
      long advertisedReceiverWindow,
      List<GapBlock> gapBlocks,
      List<Long> duplicateTsns)
      implements SctpChunk {
    public Sack {
      gapBlocks = List.copyOf(gapBlocks);
      duplicateTsns = List.copyOf(duplicateTsns);
    }

    @Override
    public int type() {
      return SACK;
    }
  }

  /** HEARTBEAT (§3.3.5) and HEARTBEAT ACK (§3.3.6), carrying the Heartbeat Info parameter. */
  record Heartbeat(boolean ack, List<SctpParameter> parameters) implements SctpChunk {
    public Heartbeat {
      parameters = List.copyOf(parameters);
    }

    @Override
    public int type() {
      return ack ? HEARTBEAT_ACK : HEARTBEAT;
    }
  }

  /** ABORT (§3.3.7); T set means the verification tag is reflected. */
  record Abort(boolean tagReflected, List<ErrorCause> causes) implements SctpChunk {
    public Abort {
      causes = List.copyOf(causes);
    }

    @Override
    public int type() {
      return ABORT;
    }
  }

  /** ERROR (§3.3.10). */
  record OperationError(List<ErrorCause> causes) implements SctpChunk {
    public OperationError {
      causes = List.copyOf(causes);
    }

    @Override
    public int type() {
      return ERROR;
    }
  }

  /** SHUTDOWN (§3.3.8). */
  record Shutdown(long cumulativeTsnAck) implements SctpChunk {
    @Override
    public int type() {
      return SHUTDOWN;
    }
  }

  /** SHUTDOWN ACK (§3.3.9). */
  record ShutdownAck() implements SctpChunk {
    @Override
    public int type() {
      return SHUTDOWN_ACK;
    }
  }

  /** SHUTDOWN COMPLETE (§3.3.13). */
  record ShutdownComplete(boolean tagReflected) implements SctpChunk {
    @Override
    public int type() {
      return SHUTDOWN_COMPLETE;
    }
  }

  /** COOKIE ECHO (§3.3.11). */
  record CookieEcho(byte[] cookie) implements SctpChunk {
    @Override
    public int type() {
      return COOKIE_ECHO;
    }
  }

  /** COOKIE ACK (§3.3.12). */
  record CookieAck() implements SctpChunk {
    @Override
    public int type() {
      return COOKIE_ACK;
    }
  }

  /** One (stream, SSN) entry of FORWARD TSN. */
  record SkippedStream(int streamId, int ssn) {}

  /** FORWARD TSN (RFC 3758 §3.2). */
  record ForwardTsn(long newCumulativeTsn, List<SkippedStream> streams) implements SctpChunk {
    public ForwardTsn {
      streams = List.copyOf(streams);
    }

    @Override
    public int type() {
      return FORWARD_TSN;
    }
  }

  /** RE-CONFIG (RFC 6525 §3.1) with one or two request/response parameters. */
  record ReConfig(List<SctpParameter> parameters) implements SctpChunk {
    public ReConfig {
      parameters = List.copyOf(parameters);
    }

    @Override
    public int type() {
      return RE_CONFIG;
    }
  }

  /**
   * PAD (RFC 4820 §3): {@code paddingLength} bytes that only make the packet bigger; the receiver
   * discards them (encoded as zeros). RFC 8899 §6.2 bundles it with a HEARTBEAT to build a path MTU
   * probe.
   */
  record Pad(int paddingLength) implements SctpChunk {
    public Pad {
      if (paddingLength < 0 || paddingLength > 0xffff - 4) {
        throw new IllegalArgumentException("PAD padding length " + paddingLength);
      }
    }

    @Override
    public int type() {
      return PAD;
    }
  }

  /** Any chunk type this codec does not model, kept as it came (§3.2 upper-bit rules). */
  record Unknown(int type, int flags, byte[] value) implements SctpChunk {}
}

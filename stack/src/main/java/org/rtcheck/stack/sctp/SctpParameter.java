package org.rtcheck.stack.sctp;

import java.util.List;

/** A TLV parameter inside INIT, INIT-ACK, HEARTBEAT or RE-CONFIG (RFC 9260 §3.2.1). */
public sealed interface SctpParameter {

  int HEARTBEAT_INFO = 1;
  int STATE_COOKIE = 7;
  int OUTGOING_SSN_RESET_REQUEST = 13;
  int INCOMING_SSN_RESET_REQUEST = 14;
  int RECONFIGURATION_RESPONSE = 16;
  int SUPPORTED_EXTENSIONS = 0x8008;
  int FORWARD_TSN_SUPPORTED = 0xC000;

  int type();

  /** Heartbeat Info (RFC 9260 §3.3.5): opaque to the receiver, echoed in HEARTBEAT ACK. */
  record HeartbeatInfo(byte[] info) implements SctpParameter {
    @Override
    public int type() {
      return HEARTBEAT_INFO;
    }
  }

  /** State Cookie (RFC 9260 §3.3.3.1). */
  record StateCookie(byte[] cookie) implements SctpParameter {
    @Override
    public int type() {
      return STATE_COOKIE;
    }
  }

  /** Forward-TSN-Supported (RFC 3758 §3.1): the sender understands FORWARD TSN. */
  record ForwardTsnSupported() implements SctpParameter {
    @Override
    public int type() {
      return FORWARD_TSN_SUPPORTED;
    }
  }

  /** Supported Extensions (RFC 5061 §4.2.7): chunk types the sender understands. */
  record SupportedExtensions(List<Integer> chunkTypes) implements SctpParameter {
    public SupportedExtensions {
      chunkTypes = List.copyOf(chunkTypes);
    }

    @Override
    public int type() {
      return SUPPORTED_EXTENSIONS;
    }
  }

  /** Outgoing SSN Reset Request (RFC 6525 §4.1); empty {@code streams} means all streams. */
  record OutgoingSsnResetRequest(
      long requestSequence, long responseSequence, long senderLastTsn, List<Integer> streams)
      implements SctpParameter {
    public OutgoingSsnResetRequest {
      streams = List.copyOf(streams);
    }

    @Override
    public int type() {
      return OUTGOING_SSN_RESET_REQUEST;
    }
  }

  /** Incoming SSN Reset Request (RFC 6525 §4.2). */
  record IncomingSsnResetRequest(long requestSequence, List<Integer> streams)
      implements SctpParameter {
    public IncomingSsnResetRequest {
      streams = List.copyOf(streams);
    }

    @Override
    public int type() {
      return INCOMING_SSN_RESET_REQUEST;
    }
  }

  /**
   * Re-configuration Response (RFC 6525 §4.4); the two next-TSN fields are optional (-1 absent).
   */
  record ReconfigurationResponse(
      long responseSequence, long result, long senderNextTsn, long receiverNextTsn)
      implements SctpParameter {
    public static final int SUCCESS_NOTHING_TO_DO = 0;
    public static final int SUCCESS_PERFORMED = 1;
    public static final int DENIED = 2;
    public static final int ERROR_WRONG_SSN = 3;
    public static final int ERROR_REQUEST_ALREADY_IN_PROGRESS = 4;
    public static final int ERROR_BAD_SEQUENCE_NUMBER = 5;
    public static final int IN_PROGRESS = 6;

    public ReconfigurationResponse(long responseSequence, long result) {
      this(responseSequence, result, -1, -1);
    }

    @Override
    public int type() {
      return RECONFIGURATION_RESPONSE;
    }
  }

  /** Any other parameter, kept as it came (RFC 9260 §3.2.1 upper-bit rules apply to the user). */
  record Unknown(int type, byte[] value) implements SctpParameter {}
}

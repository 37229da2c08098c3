package org.rtcheck.stack.turn;

import java.util.Locale;
import java.util.Objects;

/**
 * Why a TURN request failed: a typed reason, the server's ERROR-CODE (0 when the failure is local,
 * such as a timeout) and a human-readable detail naming the request.
 */
public record TurnError(Reason reason, int code, String detail) {

  public TurnError {
    Objects.requireNonNull(reason);
    Objects.requireNonNull(detail);
  }

  /** The failure kinds; error codes from RFC 8489 §14.8 and RFC 8656 §19. */
  public enum Reason {
    BAD_REQUEST(400),
    /** 401 although the request carried credentials: wrong user name or password. */
    UNAUTHENTICATED(401),
    FORBIDDEN(403),
    UNKNOWN_ATTRIBUTE(420),
    /** 437: no allocation for this 5-tuple (deleted, expired, or never made). */
    ALLOCATION_MISMATCH(437),
    /** 438 again and again: the server keeps rejecting fresh nonces. */
    STALE_NONCE(438),
    ADDRESS_FAMILY_NOT_SUPPORTED(440),
    WRONG_CREDENTIALS(441),
    UNSUPPORTED_TRANSPORT_PROTOCOL(442),
    PEER_ADDRESS_FAMILY_MISMATCH(443),
    ALLOCATION_QUOTA_REACHED(486),
    SERVER_ERROR(500),
    INSUFFICIENT_CAPACITY(508),
    /** Any other error code. */
    ERROR_RESPONSE(0),
    /** No response within the transaction timeout (RFC 8489 §6.2.1, §6.2.2). */
    TIMEOUT(0),
    /** A success response without an attribute the RFC requires. */
    MALFORMED_RESPONSE(0),
    /** The server's REALM differs from the one the client was told to expect. */
    REALM_MISMATCH(0),
    /** The request makes no sense in the client's state (e.g. CreatePermission before Allocate). */
    INVALID_STATE(0),
    /** The connection to the server failed or closed. */
    CONNECTION(0);

    private final int code;

    Reason(int code) {
      this.code = code;
    }

    /** The reason for an error response with this code. */
    public static Reason fromCode(int code) {
      for (Reason r : values()) {
        if (r.code == code && code != 0) {
          return r;
        }
      }
      return ERROR_RESPONSE;
    }

    /** kebab-case, as the engine and the CLI print it: {@code allocation-mismatch}. */
    public String kebab() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  @Override
  public String toString() {
    return reason.kebab() + (code != 0 ? " (" + code + ")" : "") + ": " + detail;
  }
}

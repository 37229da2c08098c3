package org.rtcheck.stack.nat;

import java.util.Objects;

/**
 * Why part of the discovery could not decide: mostly a server that does not (fully) implement RFC
 * 5780. Problems are results, not exceptions: the tests that could run still report.
 *
 * @param kind what went wrong
 * @param test the test that showed it
 * @param detail a sentence for people, naming addresses and codes
 */
public record Rfc5780Problem(Kind kind, NatTest test, String detail) {

  /** The kinds of problem. */
  public enum Kind {
    /** RFC 5780 §7.4: no OTHER-ADDRESS in the response, and no alternate given. */
    NO_OTHER_ADDRESS,
    /** RFC 5780 §7.4: the alternate address shares the primary's IP address or port. */
    OTHER_ADDRESS_INVALID,
    /** Nothing came back from the alternate address (§4.3 tests II or III). */
    ALTERNATE_UNREACHABLE,
    /** An error response to CHANGE-REQUEST, e.g. 420 (RFC 5780 §6.1). */
    CHANGE_REQUEST_REJECTED,
    /** The answer to a CHANGE-REQUEST came from an address that does not honour it. */
    CHANGE_REQUEST_IGNORED,
    /** An error response to RESPONSE-PORT, e.g. 420 (RFC 5780 §6.1). */
    RESPONSE_PORT_REJECTED,
    /** The answer to RESPONSE-PORT came back to the requesting socket, not the named port. */
    RESPONSE_PORT_IGNORED,
    /** An error response to a plain Binding request. */
    ERROR_RESPONSE,
    /** A request of a kind the server had answered before went unanswered. */
    NO_ANSWER,
    /** A success response without XOR-MAPPED-ADDRESS or MAPPED-ADDRESS. */
    NO_MAPPED_ADDRESS,
    /** The caller's overall time limit ended discovery before every test had run. */
    TIME_LIMIT
  }

  public Rfc5780Problem {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(test);
    Objects.requireNonNull(detail);
  }

  @Override
  public String toString() {
    return kind + " (" + test.reference() + "): " + detail;
  }
}

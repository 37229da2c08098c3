package org.rtcheck.stack.net;

import java.util.Optional;
import org.rtcheck.stack.stun.StunAttribute.ErrorCode;
import org.rtcheck.stack.stun.StunMessage;

/** A Binding transaction ended in an error response or an unusable success response. */
public final class StunBindingException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient StunMessage response;

  public StunBindingException(String message, StunMessage response) {
    super(message);
    this.response = response;
  }

  public StunMessage response() {
    return response;
  }

  /** The ERROR-CODE of an error response. */
  public Optional<ErrorCode> errorCode() {
    return response.first(ErrorCode.class);
  }
}

package org.rtcheck.stack.turn;

/** A TURN operation failed; {@link #error()} says why, typed. */
public final class TurnException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient TurnError error;

  public TurnException(TurnError error) {
    super(error.toString());
    this.error = error;
  }

  public TurnException(TurnError error, Throwable cause) {
    super(error.toString(), cause);
    this.error = error;
  }

  public TurnError error() {
    return error;
  }
}

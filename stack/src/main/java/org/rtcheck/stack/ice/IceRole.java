package org.rtcheck.stack.ice;

/** RFC 8445 §6.1.1: exactly one agent is controlling; it nominates the pairs. */
public enum IceRole {
  CONTROLLING,
  CONTROLLED;

  public IceRole opposite() {
    return this == CONTROLLING ? CONTROLLED : CONTROLLING;
  }
}

package org.rtcheck.engine.vector;

/** Requirement level of the rule a vector checks (RFC 2119). */
public enum Level {
  MUST,
  SHOULD,
  MAY
}

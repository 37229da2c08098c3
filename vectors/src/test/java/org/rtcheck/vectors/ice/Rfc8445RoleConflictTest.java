package org.rtcheck.vectors.ice;

import org.rtcheck.engine.VectorSuite;

/** Anchor for Surefire: RFC 8445 §7.3.1.1 and §7.2.5.1 role conflicts and tie-breakers. */
@VectorSuite("ice/rfc8445-role-conflict.json")
class Rfc8445RoleConflictTest {}

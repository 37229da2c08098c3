package org.rtcheck.stack.net;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Whom a TLS connection to a TURN server trusts: the certificate(s) in one PEM file, or anyone (for
 * a test fixture with a throw-away self-signed certificate; never for a real server).
 */
public sealed interface TurnTlsTrust {

  /** Trusts exactly the certificates in this PEM file (no host name check: loopback fixtures). */
  record Certificates(Path pem) implements TurnTlsTrust {
    public Certificates {
      Objects.requireNonNull(pem);
      if (!Files.isReadable(pem)) {
        throw new IllegalArgumentException("certificate file is not readable: " + pem);
      }
    }
  }

  /** Trusts any certificate. */
  record Insecure() implements TurnTlsTrust {}

  static TurnTlsTrust insecure() {
    return new Insecure();
  }

  static TurnTlsTrust certificates(Path pem) {
    return new Certificates(pem);
  }
}

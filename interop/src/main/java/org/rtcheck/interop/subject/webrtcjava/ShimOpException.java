package org.rtcheck.interop.subject.webrtcjava;

/** A typed error reply of the shim protocol: {@code {kind, message}}. */
final class ShimOpException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String kind;

  ShimOpException(String kind, String message) {
    super(message);
    this.kind = kind;
  }

  String kind() {
    return kind;
  }
}

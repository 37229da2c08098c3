package org.rtcheck.stack.nat;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A datagram the discovery wants sent.
 *
 * @param from the local socket to send it from
 * @param to the destination
 * @param data the encoded STUN message
 * @param test the test it belongs to, for logs
 */
public record Transmit(NatSocket from, InetSocketAddress to, byte[] data, NatTest test) {
  public Transmit {
    Objects.requireNonNull(test);
    Objects.requireNonNull(from);
    Objects.requireNonNull(to);
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Transmit t
        && from == t.from
        && test == t.test
        && to.equals(t.to)
        && java.util.Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(from, to, test, java.util.Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "Transmit[" + test + ": " + from + " -> " + to + ", " + data.length + " bytes]";
  }
}

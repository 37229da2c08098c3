package org.rtcheck.stack.sctp;

/**
 * How one message is sent: ordered or not, and its partial reliability (RFC 3758, RFC 8831 §6.1):
 * at most {@code maxRetransmits} retransmissions, or at most {@code maxLifetime} ms from send; -1
 * means no limit. At most one of the two limits may be set.
 */
public record SendOptions(boolean unordered, int maxRetransmits, long maxLifetime) {

  public static final SendOptions RELIABLE = new SendOptions(false, -1, -1);

  public SendOptions {
    if (maxRetransmits >= 0 && maxLifetime >= 0) {
      throw new IllegalArgumentException("maxRetransmits and maxLifetime are exclusive");
    }
  }

  public boolean partiallyReliable() {
    return maxRetransmits >= 0 || maxLifetime >= 0;
  }
}

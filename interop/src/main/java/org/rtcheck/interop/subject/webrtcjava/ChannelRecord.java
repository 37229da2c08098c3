package org.rtcheck.interop.subject.webrtcjava;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * One data channel and what arrived on it, by message index (the first 4 bytes, big-endian), as the
 * other shims count it (interop/shims/common/pc-session.js): bytes, messages, duplicates and
 * whether the indexes came in order.
 */
final class ChannelRecord implements RTCDataChannelObserver {

  final RTCDataChannel channel;
  final String label;
  private final TreeMap<Long, byte[]> parts = new TreeMap<>();
  private long bytes;
  private long messages;
  private long duplicates;
  private boolean inOrder = true;
  private long last = -1;

  ChannelRecord(RTCDataChannel channel) {
    this.channel = channel;
    this.label = channel.getLabel();
    channel.registerObserver(this);
  }

  @Override
  public void onBufferedAmountChange(long previous) {}

  @Override
  public void onStateChange() {}

  @Override
  public synchronized void onMessage(RTCDataChannelBuffer buffer) {
    byte[] b = new byte[buffer.data.remaining()];
    buffer.data.get(b);
    long i =
        b.length >= 4
            ? ((b[0] & 0xffL) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff)
            : messages;
    if (parts.containsKey(i)) {
      duplicates++;
    } else {
      parts.put(i, b);
      bytes += b.length;
    }
    messages++;
    if (i != last + 1) {
      inOrder = false;
    }
    last = i;
  }

  synchronized long bytes() {
    return bytes;
  }

  synchronized long messages() {
    return messages;
  }

  synchronized long duplicates() {
    return duplicates;
  }

  synchronized boolean inOrder() {
    return inOrder;
  }

  /** SHA-256 over the messages in index order (an unordered channel reorders them). */
  synchronized String sha256() {
    MessageDigest d = sha256Digest();
    parts.values().forEach(d::update);
    return HexFormat.of().formatHex(d.digest());
  }

  static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}

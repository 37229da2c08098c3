package org.rtcheck.interop.subject;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * The messages of the interop matrix's data channel transfers (interop/shims/README.md, {@code
 * dc.send} / {@code dc.receive-check}), for the in-JVM subjects; the Node and Python shims do the
 * same in their own language. Message i is its index as 4 big-endian bytes, then byte j = (seed +
 * 131·i + 7·j) mod 256; a receiver keeps them by index, so the digest is the sender's even when an
 * unordered channel reorders them.
 */
public final class IndexedMessages {

  private final TreeMap<Long, byte[]> parts = new TreeMap<>();
  private long bytes;
  private long messages;
  private long duplicates;
  private boolean inOrder = true;
  private long last = -1;

  /** Message {@code i} of a transfer of {@code size}-byte messages with {@code seed}. */
  public static byte[] message(int i, int size, int seed) {
    byte[] b = new byte[size];
    b[0] = (byte) (i >>> 24);
    b[1] = (byte) (i >>> 16);
    b[2] = (byte) (i >>> 8);
    b[3] = (byte) i;
    for (int j = 4; j < size; j++) {
      b[j] = (byte) (seed + i * 131 + j * 7);
    }
    return b;
  }

  /** A SHA-256 digest (the JDK always has one). */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Counts one received message; a repeated index is a duplicate. */
  public synchronized void add(byte[] b) {
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

  public synchronized long bytes() {
    return bytes;
  }

  public synchronized long messages() {
    return messages;
  }

  public synchronized long duplicates() {
    return duplicates;
  }

  /** Whether every message came with the index after the one before. */
  public synchronized boolean inOrder() {
    return inOrder;
  }

  /** SHA-256 over the distinct messages in index order, hex. */
  public synchronized String sha256Hex() {
    MessageDigest d = sha256();
    parts.values().forEach(d::update);
    return HexFormat.of().formatHex(d.digest());
  }
}

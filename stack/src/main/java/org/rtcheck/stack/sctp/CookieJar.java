package org.rtcheck.stack.sctp;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes and checks State Cookies (RFC 9260 §5.1.3): the TCB fields the server needs, a creation
 * time, and an HMAC-SHA256 under a per-association secret, so no state is kept before COOKIE ECHO.
 */
final class CookieJar {

  /** What a valid cookie carries. */
  record Contents(
      long localTag,
      long peerTag,
      long localInitialTsn,
      long peerInitialTsn,
      long peerReceiveWindow,
      int peerOutboundStreams,
      int peerInboundStreams,
      boolean peerForwardTsn,
      boolean peerReconfig,
      long created) {}

  private static final int VERSION = 1;
  private static final int BODY = 1 + 4 * 5 + 2 * 2 + 1 + 8;
  private static final int MAC = 32;

  private final SecretKeySpec key;

  CookieJar(byte[] secret) {
    this.key = new SecretKeySpec(secret, "HmacSHA256");
  }

  byte[] make(Contents c) {
    ByteBuffer b = ByteBuffer.allocate(BODY + MAC);
    b.put((byte) VERSION);
    b.putInt((int) c.localTag());
    b.putInt((int) c.peerTag());
    b.putInt((int) c.localInitialTsn());
    b.putInt((int) c.peerInitialTsn());
    b.putInt((int) c.peerReceiveWindow());
    b.putShort((short) c.peerOutboundStreams());
    b.putShort((short) c.peerInboundStreams());
    b.put((byte) ((c.peerForwardTsn() ? 1 : 0) | (c.peerReconfig() ? 2 : 0)));
    b.putLong(c.created());
    b.put(mac(b.array(), BODY));
    return b.array();
  }

  /** The contents, or null when the cookie is not one of ours (wrong size, version or MAC). */
  Contents open(byte[] cookie) {
    if (cookie.length != BODY + MAC || cookie[0] != VERSION) {
      return null;
    }
    byte[] want = mac(cookie, BODY);
    if (!MessageDigest.isEqual(want, Arrays.copyOfRange(cookie, BODY, BODY + MAC))) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(cookie, 1, BODY - 1);
    long localTag = b.getInt() & 0xffffffffL;
    long peerTag = b.getInt() & 0xffffffffL;
    long localItsn = b.getInt() & 0xffffffffL;
    long peerItsn = b.getInt() & 0xffffffffL;
    long rwnd = b.getInt() & 0xffffffffL;
    int os = b.getShort() & 0xffff;
    int mis = b.getShort() & 0xffff;
    int flags = b.get();
    long created = b.getLong();
    return new Contents(
        localTag,
        peerTag,
        localItsn,
        peerItsn,
        rwnd,
        os,
        mis,
        (flags & 1) != 0,
        (flags & 2) != 0,
        created);
  }

  private byte[] mac(byte[] data, int len) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(data, 0, len);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
    }
  }
}

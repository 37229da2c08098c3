package org.rtcheck.bench.srtp;

import org.rtcheck.stack.srtp.SrtpContext;
import org.rtcheck.stack.srtp.SrtpProfile;

/**
 * What the SRTP benchmarks share: a 1200-byte RTP packet (12-byte header, 1188-byte payload) and
 * fixed keys. Each benchmark class measures the own stack ({@code own}) against the same bytes
 * through plain JCE with reused Cipher/Mac objects ({@code raw}), so BenchRunner prints their
 * ratio.
 */
final class SrtpBench {

  static final int HEADER = 12;
  static final int LENGTH = 1200;
  static final int PAYLOAD = LENGTH - HEADER;
  static final int SSRC = 0x1234_5678;

  private SrtpBench() {}

  static byte[] rtp() {
    byte[] b = new byte[LENGTH];
    b[0] = (byte) 0x80;
    b[1] = 96;
    b[8] = 0x12;
    b[9] = 0x34;
    b[10] = 0x56;
    b[11] = 0x78;
    for (int i = HEADER; i < LENGTH; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  static SrtpContext context(SrtpProfile profile, boolean replayProtection) {
    byte[] key = new byte[profile.masterKeyLength()];
    byte[] salt = new byte[profile.masterSaltLength()];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i + 1);
    }
    for (int i = 0; i < salt.length; i++) {
      salt[i] = (byte) (0x40 + i);
    }
    return SrtpContext.builder(profile)
        .masterKey(key, salt)
        .replayProtection(replayProtection)
        .build();
  }

  /** A 16-byte AES key for the raw baselines. */
  static byte[] rawKey() {
    byte[] k = new byte[16];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) (0x11 * i);
    }
    return k;
  }

  static void setSeq(byte[] b, int seq) {
    b[2] = (byte) (seq >>> 8);
    b[3] = (byte) seq;
  }
}

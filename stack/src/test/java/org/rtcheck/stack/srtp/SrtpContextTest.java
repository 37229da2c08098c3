package org.rtcheck.stack.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rtcheck.stack.srtp.SrtpException.Reason;

class SrtpContextTest {

  static final int SSRC = 0xCAFEBABE;

  static byte[] masterKey(SrtpProfile p) {
    byte[] k = new byte[p.masterKeyLength()];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) (i * 7 + 1);
    }
    return k;
  }

  static byte[] masterSalt(SrtpProfile p) {
    byte[] s = new byte[p.masterSaltLength()];
    for (int i = 0; i < s.length; i++) {
      s[i] = (byte) (0xA0 + i);
    }
    return s;
  }

  static SrtpContext.Builder builder(SrtpProfile p) {
    return SrtpContext.builder(p).masterKey(masterKey(p), masterSalt(p));
  }

  /** RTP: V=2, PT 96, the sequence number, SSRC, then a recognisable payload. */
  static byte[] rtp(int seq, int payloadLen) {
    byte[] b = new byte[12 + payloadLen];
    b[0] = (byte) 0x80;
    b[1] = 96;
    b[2] = (byte) (seq >>> 8);
    b[3] = (byte) seq;
    SrtpContext.put32(b, 8, SSRC);
    for (int i = 0; i < payloadLen; i++) {
      b[12 + i] = (byte) (seq + i);
    }
    return b;
  }

  /** Protects {@code rtp(seq)} and returns exactly the SRTP bytes. */
  static byte[] protect(SrtpContext tx, int seq) throws SrtpException {
    byte[] plain = rtp(seq, 40);
    byte[] out = new byte[plain.length + tx.rtpOverhead()];
    int n = tx.protect(plain, 0, plain.length, out, 0);
    return Arrays.copyOf(out, n);
  }

  static int unprotect(SrtpContext rx, byte[] srtp) throws SrtpException {
    byte[] copy = srtp.clone();
    return rx.unprotect(copy, 0, copy.length);
  }

  static Reason reasonOf(SrtpContext rx, byte[] srtp) {
    try {
      unprotect(rx, srtp);
      return null;
    } catch (SrtpException e) {
      return e.reason();
    }
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void rtpRoundTripEveryProfile(SrtpProfile p) throws SrtpException {
    for (byte[] mki : new byte[][] {{}, {1, 2, 3, 4}}) {
      SrtpContext tx = builder(p).mki(mki).build();
      SrtpContext rx = builder(p).mki(mki).build();
      for (int seq = 1000; seq < 1010; seq++) {
        byte[] plain = rtp(seq, 100 + seq % 7);
        byte[] buf = Arrays.copyOf(plain, plain.length + tx.rtpOverhead());
        int n = tx.protect(buf, 0, plain.length);
        assertThat(n).isEqualTo(plain.length + mki.length + p.srtpTagLength());
        if (p.cipher() != SrtpProfile.Cipher.NULL) {
          assertThat(Arrays.copyOfRange(buf, 12, plain.length))
              .isNotEqualTo(Arrays.copyOfRange(plain, 12, plain.length));
        }
        assertThat(rx.unprotect(buf, 0, n)).isEqualTo(plain.length);
        assertThat(Arrays.copyOf(buf, plain.length)).isEqualTo(plain);
      }
      // A different MKI is a key the receiver does not have.
      SrtpContext other = builder(p).mki(new byte[] {9, 9, 9, 9}).build();
      if (mki.length == 4) {
        assertThat(reasonOf(other, protect(tx, 2000))).isEqualTo(Reason.AUTH_FAILED);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void rtcpRoundTripWithEBitAndIndex(SrtpProfile p) throws SrtpException {
    SrtpContext tx = builder(p).build();
    SrtpContext rx = builder(p).build();
    byte[] rtcp = new byte[28]; // a receiver report with one block
    rtcp[0] = (byte) 0x81;
    rtcp[1] = (byte) 201;
    rtcp[3] = 6;
    SrtpContext.put32(rtcp, 4, SSRC);
    for (int i = 8; i < rtcp.length; i++) {
      rtcp[i] = (byte) i;
    }
    byte[][] sent = new byte[3][];
    for (int i = 0; i < 3; i++) {
      byte[] buf = Arrays.copyOf(rtcp, rtcp.length + tx.rtcpOverhead());
      int n = tx.protectRtcp(buf, 0, rtcp.length);
      int trailer = p.isAead() ? rtcp.length + 16 : rtcp.length;
      int word = SrtpContext.i32(buf, trailer);
      boolean e = p.cipher() != SrtpProfile.Cipher.NULL;
      assertThat(word).isEqualTo(i | (e ? 0x8000_0000 : 0));
      sent[i] = Arrays.copyOf(buf, n);
      if (e) {
        assertThat(Arrays.copyOfRange(buf, 8, rtcp.length))
            .isNotEqualTo(Arrays.copyOfRange(rtcp, 8, rtcp.length));
      }
    }
    for (byte[] s : new byte[][] {sent[0], sent[2], sent[1]}) {
      byte[] copy = s.clone();
      assertThat(rx.unprotectRtcp(copy, 0, copy.length)).isEqualTo(rtcp.length);
      assertThat(Arrays.copyOf(copy, rtcp.length)).isEqualTo(rtcp);
    }
    byte[] again = sent[1].clone();
    assertThatThrownBy(() -> rx.unprotectRtcp(again, 0, again.length))
        .extracting(t -> ((SrtpException) t).reason())
        .isEqualTo(Reason.REPLAY);
    byte[] forged = sent[2].clone();
    forged[10] ^= 1;
    SrtpContext rx2 = builder(p).build();
    assertThatThrownBy(() -> rx2.unprotectRtcp(forged, 0, forged.length))
        .extracting(t -> ((SrtpException) t).reason())
        .isEqualTo(Reason.AUTH_FAILED);
    byte[] shortOne = Arrays.copyOf(sent[0], 8 + 4 + p.srtcpTagLength() - 1);
    assertThatThrownBy(() -> rx2.unprotectRtcp(shortOne, 0, shortOne.length))
        .extracting(t -> ((SrtpException) t).reason())
        .isEqualTo(Reason.MALFORMED);
  }

  @ParameterizedTest
  @EnumSource(
      value = SrtpProfile.class,
      names = {"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
  void rocWrapsAndReorderingAcrossTheWrap(SrtpProfile p) throws SrtpException {
    SrtpContext tx = builder(p).build();
    SrtpContext rx = builder(p).build();
    byte[] a = protect(tx, 65534);
    byte[] b = protect(tx, 65535);
    byte[] c = protect(tx, 0);
    byte[] d = protect(tx, 1);
    assertThat(tx.roc(SSRC)).isEqualTo(1);
    unprotect(rx, a);
    assertThat(rx.roc(SSRC)).isZero();
    unprotect(rx, c); // 0 after the wrap, before 65535
    assertThat(rx.roc(SSRC)).isEqualTo(1);
    byte[] late = b.clone();
    assertThat(rx.unprotect(late, 0, late.length)).isEqualTo(52);
    assertThat(Arrays.copyOf(late, 52)).isEqualTo(rtp(65535, 40)); // decrypted with ROC 0
    assertThat(rx.roc(SSRC)).isEqualTo(1);
    unprotect(rx, d);
    assertThat(reasonOf(rx, b)).isEqualTo(Reason.REPLAY);
  }

  @Test
  void sequentialWrapIncrementsRoc() throws SrtpException {
    SrtpProfile p = SrtpProfile.AES_CM_128_HMAC_SHA1_32;
    SrtpContext tx = builder(p).build();
    SrtpContext rx = builder(p).build();
    for (int i = 0; i < 70_000; i += 1000) {
      unprotect(rx, protect(tx, i & 0xffff));
    }
    assertThat(tx.roc(SSRC)).isEqualTo(1);
    assertThat(rx.roc(SSRC)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(
      value = SrtpProfile.class,
      names = {"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
  void replayWindowEdges(SrtpProfile p) throws SrtpException {
    SrtpContext tx = builder(p).build();
    byte[][] pkts = new byte[101][];
    for (int s = 0; s <= 100; s++) {
      pkts[s] = protect(tx, s);
    }
    SrtpContext rx = builder(p).build();
    unprotect(rx, pkts[100]);
    assertThat(reasonOf(rx, pkts[100])).isEqualTo(Reason.REPLAY);
    assertThat(reasonOf(rx, pkts[37])).isNull(); // 63 back: the oldest slot of 64, once
    assertThat(reasonOf(rx, pkts[37])).isEqualTo(Reason.REPLAY);
    assertThat(reasonOf(rx, pkts[36])).isEqualTo(Reason.REPLAY); // 64 back: left of it
    assertThat(reasonOf(rx, pkts[99])).isNull();
    assertThat(reasonOf(rx, pkts[99])).isEqualTo(Reason.REPLAY);
    // Without replay protection the harness can decrypt a replay.
    SrtpContext open = builder(p).replayProtection(false).build();
    assertThat(reasonOf(open, pkts[5])).isNull();
    assertThat(reasonOf(open, pkts[5])).isNull();
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void forgeriesAreRejectedAndChangeNoState(SrtpProfile p) throws SrtpException {
    SrtpContext tx = builder(p).build();
    SrtpContext rx = builder(p).build();
    unprotect(rx, protect(tx, 65000));
    byte[] genuine = protect(tx, 65001);
    byte[] tag = genuine.clone();
    tag[tag.length - 1] ^= 1;
    byte[] payload = genuine.clone();
    payload[20] ^= 0x40;
    assertThat(reasonOf(rx, tag)).isEqualTo(Reason.AUTH_FAILED);
    assertThat(reasonOf(rx, payload)).isEqualTo(Reason.AUTH_FAILED);
    // A forged sequence number far ahead would move the ROC if it were believed.
    byte[] ahead = genuine.clone();
    ahead[2] = 0;
    ahead[3] = 5;
    assertThat(reasonOf(rx, ahead)).isEqualTo(Reason.AUTH_FAILED);
    assertThat(rx.roc(SSRC)).isZero();
    assertThat(reasonOf(rx, genuine)).isNull();
    // A forgery from an unknown SSRC leaves no state behind either.
    byte[] stranger = genuine.clone();
    stranger[8] ^= 1;
    assertThat(reasonOf(rx, stranger)).isEqualTo(Reason.AUTH_FAILED);
    assertThat(rx.roc(SSRC ^ 0x0100_0000)).isEqualTo(-1);
  }

  @Test
  void truncatedAndBrokenPacketsAreMalformed() throws SrtpException {
    SrtpProfile p = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
    SrtpContext tx = builder(p).build();
    SrtpContext rx = builder(p).build();
    byte[] good = protect(tx, 7);
    assertThat(reasonOf(rx, Arrays.copyOf(good, 11))).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(rx, Arrays.copyOf(good, 12 + 9))).isEqualTo(Reason.MALFORMED);
    byte[] v1 = good.clone();
    v1[0] = 0x40;
    assertThat(reasonOf(rx, v1)).isEqualTo(Reason.MALFORMED);
    byte[] csrcs = good.clone();
    csrcs[0] = (byte) 0x8f; // 15 CSRCs = 72-byte header > packet
    assertThat(reasonOf(rx, csrcs)).isEqualTo(Reason.MALFORMED);
    byte[] ext = good.clone();
    ext[0] = (byte) 0x90;
    ext[14] = (byte) 0xff; // extension length 0xff.. words
    assertThat(reasonOf(rx, ext)).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(rx, good)).isNull();
    byte[] tooShort = new byte[5];
    assertThatThrownBy(() -> tx.protect(tooShort, 0, 5))
        .extracting(t -> ((SrtpException) t).reason())
        .isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(builder(SrtpProfile.AEAD_AES_128_GCM).build(), Arrays.copyOf(good, 27)))
        .isEqualTo(Reason.MALFORMED);
  }

  @Test
  void initialRocIsPartOfTheIndex() throws SrtpException {
    SrtpProfile p = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
    SrtpContext tx = builder(p).initialRoc(5).build();
    byte[] pkt = protect(tx, 10);
    assertThat(reasonOf(builder(p).build(), pkt)).isEqualTo(Reason.AUTH_FAILED);
    SrtpContext rx = builder(p).build();
    rx.setInitialRoc(SSRC, 5);
    assertThat(reasonOf(rx, pkt)).isNull();
    assertThat(rx.roc(SSRC)).isEqualTo(5);
  }

  @Test
  void profileIds() {
    assertThat(SrtpProfile.forDtlsSrtpId(1)).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    assertThat(SrtpProfile.forDtlsSrtpId(2)).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_32);
    assertThat(SrtpProfile.forDtlsSrtpId(5)).isEqualTo(SrtpProfile.NULL_HMAC_SHA1_80);
    assertThat(SrtpProfile.forDtlsSrtpId(7)).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
    assertThat(SrtpProfile.forDtlsSrtpId(8)).isEqualTo(SrtpProfile.AEAD_AES_256_GCM);
    assertThat(SrtpProfile.forDtlsSrtpId(-1)).isNull();
  }
}

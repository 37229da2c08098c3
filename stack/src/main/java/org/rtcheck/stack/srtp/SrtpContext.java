package org.rtcheck.stack.srtp;

import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.rtcheck.stack.srtp.SrtpException.Reason;

/**
 * The SRTP/SRTCP cryptographic context of one direction of one session (RFC 3711 §3.2): one master
 * key, and per-SSRC state (ROC, highest sequence number, replay windows, SRTCP index) kept inside.
 * Use one context to send and another to receive; a context used both ways would mix the sender's
 * and the receiver's view of the same SSRC.
 *
 * <p>Sans-IO: bytes in, bytes out. Packets are processed in caller buffers: {@code protect} needs
 * {@link #rtpOverhead()} (or {@link #rtcpOverhead()}) spare bytes after the packet. A packet that
 * is refused (authentication, replay, malformed) changes no state: the ROC, the highest index and
 * the replay window only move after the packet authenticated (RFC 3711 §3.3 step 5 before step 6).
 *
 * <p>Allocation: the AES-CM and NULL profiles allocate nothing per packet (AES-ECB keystream into
 * scratch arrays, HMAC-SHA1 over a reused {@link MessageDigest}). The GCM profiles allocate a
 * {@link GCMParameterSpec} per packet, because JCE's GCM takes a fresh IV only through {@code
 * Cipher.init}; JCE also copies internally when decrypting in place.
 *
 * <p>Not thread-safe: one context belongs to one thread (or one event loop) at a time.
 *
 * <p>Key derivation rate: contexts derive their session keys once with kdr = 0, the only rate
 * DTLS-SRTP uses (RFC 5764 §4.1.2); {@link SrtpKeyDerivation#keys} handles other rates.
 */
public final class SrtpContext {

  /**
   * RFC 3711 §3.3.2: a window of 64 packets ending at the highest index received, so the oldest
   * index accepted is 63 behind it; libsrtp (every browser) uses the same 64-bit window.
   */
  static final int REPLAY_WINDOW = 64;

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
          long[].class, java.nio.ByteOrder.BIG_ENDIAN);

  private static final long MAX_ROC = 0xFFFF_FFFFL;
  private static final long MAX_SRTCP_INDEX = 0x7FFF_FFFFL;
  private static final int GCM_TAG = 16;

  private final SrtpProfile profile;
  private final byte[] mki;
  private final long initialRoc;
  private final boolean replayProtection;
  private final Engine rtpEngine;
  private final Engine rtcpEngine;
  private SsrcState[] states = new SsrcState[4];
  private int stateCount;

  private SrtpContext(Builder b) {
    this.profile = b.profile;
    this.mki = b.mki;
    this.initialRoc = b.initialRoc;
    this.replayProtection = b.replayProtection;
    this.rtpEngine = new Engine(profile, b.rtpKeys, profile.srtpTagLength());
    this.rtcpEngine = new Engine(profile, b.rtcpKeys, profile.srtcpTagLength());
  }

  /** A builder for a context of {@code profile}. */
  public static Builder builder(SrtpProfile profile) {
    return new Builder(profile);
  }

  public SrtpProfile profile() {
    return profile;
  }

  /** Bytes {@link #protect} adds to an RTP packet: MKI and tag (RFC 3711 §3.1). */
  public int rtpOverhead() {
    return mki.length + profile.srtpTagLength();
  }

  /** Bytes {@link #protectRtcp} adds to an RTCP packet: E||index, MKI and tag (§3.4). */
  public int rtcpOverhead() {
    return 4 + mki.length + profile.srtcpTagLength();
  }

  /** The rollover counter of an SSRC (the highest index's, RFC 3711 §3.3.1), or -1 if unknown. */
  public long roc(int ssrc) {
    SsrcState st = find(ssrc);
    return st == null ? -1 : st.roc;
  }

  /**
   * Sets the ROC an SSRC starts with, before its first packet: for a receiver joining a stream late
   * (RFC 3711 §3.3.1 leaves signalling it to key management, e.g. RFC 4568 or MIKEY).
   *
   * @throws IllegalStateException if packets of the SSRC were already processed
   */
  public void setInitialRoc(int ssrc, long roc) {
    if (roc < 0 || roc > MAX_ROC) {
      throw new IllegalArgumentException("ROC is 32 bits unsigned");
    }
    SsrcState st = findOrCreate(ssrc);
    if (st.rtpSeen) {
      throw new IllegalStateException("SSRC " + Integer.toUnsignedString(ssrc) + " already seen");
    }
    st.roc = roc;
  }

  // ---------------------------------------------------------------- SRTP

  /** Protects an RTP packet in place; returns the SRTP length. */
  public int protect(byte[] buf, int off, int len) throws SrtpException {
    return protect(buf, off, len, buf, off);
  }

  /**
   * Protects the RTP packet {@code src[srcOff, srcOff+len)} into {@code dst} at {@code dstOff} (RFC
   * 3711 §3.3); {@code dst} may be {@code src}. Returns the SRTP length.
   *
   * @throws SrtpException MALFORMED for a packet that is not RTP, INDEX_EXHAUSTED after 2^48
   *     packets
   */
  public int protect(byte[] src, int srcOff, int len, byte[] dst, int dstOff) throws SrtpException {
    int hdr = rtpHeaderLength(src, srcOff, len);
    int tagLen = profile.srtpTagLength();
    int outLen = len + mki.length + tagLen;
    checkRoom(dst, dstOff, outLen);
    int seq = u16(src, srcOff + 2);
    int ssrc = i32(src, srcOff + 8);
    SsrcState st = findOrCreate(ssrc);
    // RFC 3711 §3.3.1: the sender's index follows the same estimate as the receiver's, so
    // packets protected out of order (retransmissions) keep their own ROC.
    long v = st.rtpSeen ? estimateRoc(st.roc, st.highestSeq, seq) : st.roc;
    if (v > MAX_ROC) {
      throw new SrtpException(Reason.INDEX_EXHAUSTED, "2^48 SRTP packets sent (RFC 3711 §9.2)");
    }
    if (v < 0) {
      throw new SrtpException(Reason.REPLAY, "sequence number before the first packet at ROC 0");
    }
    if (src != dst || srcOff != dstOff) {
      System.arraycopy(src, srcOff, dst, dstOff, len);
    }
    long index = (v << 16) | seq;
    int payloadOff = dstOff + hdr;
    int payloadLen = len - hdr;
    if (profile.isAead()) {
      // RFC 7714 §8: MKI follows the ciphertext and its tag.
      rtpEngine.gcmRtpIv(ssrc, v, seq);
      rtpEngine.gcm(true, dst, dstOff, hdr, null, 0, payloadOff, payloadLen);
      System.arraycopy(mki, 0, dst, dstOff + len + GCM_TAG, mki.length);
    } else {
      if (profile.cipher() == SrtpProfile.Cipher.AES_CM) {
        rtpEngine.aesCm(dst, payloadOff, payloadLen, ssrc, index);
      }
      // RFC 3711 §3.1: the MKI is not authenticated; the tag covers header, payload and ROC.
      System.arraycopy(mki, 0, dst, dstOff + len, mki.length);
      rtpEngine.hmac(dst, dstOff, len, true, v);
      System.arraycopy(rtpEngine.digest, 0, dst, dstOff + len + mki.length, tagLen);
    }
    if (!st.rtpSeen || index > st.highestIndex()) {
      st.roc = v;
      st.highestSeq = seq;
      st.rtpSeen = true;
    }
    return outLen;
  }

  /** Unprotects an SRTP packet in place; returns the RTP length. */
  public int unprotect(byte[] buf, int off, int len) throws SrtpException {
    return unprotect(buf, off, len, buf, off);
  }

  /**
   * Unprotects the SRTP packet {@code src[srcOff, srcOff+len)} into {@code dst} (RFC 3711 §3.3);
   * {@code dst} may be {@code src}. Returns the RTP length. A refused packet changes no state.
   *
   * @throws SrtpException AUTH_FAILED, REPLAY, MALFORMED or INDEX_EXHAUSTED
   */
  public int unprotect(byte[] src, int srcOff, int len, byte[] dst, int dstOff)
      throws SrtpException {
    int hdr = rtpHeaderLength(src, srcOff, len);
    int tagLen = profile.srtpTagLength();
    int rtpLen = len - mki.length - tagLen;
    if (rtpLen < hdr) {
      throw new SrtpException(Reason.MALFORMED, "shorter than header, MKI and tag");
    }
    checkRoom(dst, dstOff, len);
    int seq = u16(src, srcOff + 2);
    int ssrc = i32(src, srcOff + 8);
    // Only look up: an SSRC gets state once one of its packets authenticated.
    SsrcState st = find(ssrc);
    boolean seen = st != null && st.rtpSeen;
    long roc = st == null ? initialRoc : st.roc;
    // RFC 3711 Appendix A: guess the ROC from the highest sequence number received.
    long v = seen ? estimateRoc(roc, st.highestSeq, seq) : roc;
    if (v < 0) {
      throw new SrtpException(Reason.REPLAY, "index before the first packet at ROC 0");
    }
    if (v > MAX_ROC) {
      throw new SrtpException(Reason.INDEX_EXHAUSTED, "index beyond 2^48");
    }
    long index = (v << 16) | seq;
    if (seen && replayProtection) {
      checkReplay(index, st.highestIndex(), st.rtpWindow);
    }
    int mkiOff = srcOff + (profile.isAead() ? len - mki.length : rtpLen);
    checkMki(src, mkiOff);
    if (src != dst || srcOff != dstOff) {
      System.arraycopy(src, srcOff, dst, dstOff, len);
    }
    int payloadOff = dstOff + hdr;
    if (profile.isAead()) {
      rtpEngine.gcmRtpIv(ssrc, v, seq);
      // RFC 7714 §8: the ciphertext carries the 16-byte tag; the MKI sits after it.
      int ctLen = len - mki.length - hdr;
      rtpLen = hdr + rtpEngine.gcm(false, dst, dstOff, hdr, null, 0, payloadOff, ctLen);
    } else {
      // RFC 3711 §3.3 step 5: authenticate before anything is decrypted or updated.
      rtpEngine.hmac(dst, dstOff, rtpLen, true, v);
      if (!rtpEngine.tagMatches(dst, dstOff + rtpLen + mki.length, tagLen)) {
        throw new SrtpException(Reason.AUTH_FAILED, "SRTP tag mismatch");
      }
      if (profile.cipher() == SrtpProfile.Cipher.AES_CM) {
        rtpEngine.aesCm(dst, payloadOff, rtpLen - hdr, ssrc, index);
      }
    }
    // RFC 3711 §3.3.1/§3.3.2: only now update ROC, s_l and the replay window.
    if (st == null) {
      st = findOrCreate(ssrc);
    }
    if (!seen) {
      st.roc = v;
      st.highestSeq = seq;
      st.rtpWindow = 0;
      st.rtpSeen = true;
    } else {
      long highest = st.highestIndex();
      if (index > highest) {
        st.rtpWindow = advance(st.rtpWindow, index - highest);
        st.roc = v;
        st.highestSeq = seq;
      } else if (index < highest) {
        st.rtpWindow |= 1L << (highest - index - 1);
      }
    }
    return rtpLen;
  }

  // ---------------------------------------------------------------- SRTCP

  /** Protects an RTCP (compound) packet in place; returns the SRTCP length. */
  public int protectRtcp(byte[] buf, int off, int len) throws SrtpException {
    return protectRtcp(buf, off, len, buf, off);
  }

  /**
   * Protects an RTCP compound packet into {@code dst} (RFC 3711 §3.4): everything after the first 8
   * bytes is encrypted, then E=1 and the 31-bit SRTCP index of the sender SSRC are appended.
   */
  public int protectRtcp(byte[] src, int srcOff, int len, byte[] dst, int dstOff)
      throws SrtpException {
    checkRtcpHeader(src, srcOff, len, 8);
    int tagLen = profile.srtcpTagLength();
    int outLen = len + 4 + mki.length + tagLen;
    checkRoom(dst, dstOff, outLen);
    int ssrc = i32(src, srcOff + 4);
    SsrcState st = findOrCreate(ssrc);
    long index = st.rtcpSendIndex;
    if (index > MAX_SRTCP_INDEX) {
      throw new SrtpException(Reason.INDEX_EXHAUSTED, "2^31 SRTCP packets sent (§9.2)");
    }
    if (src != dst || srcOff != dstOff) {
      System.arraycopy(src, srcOff, dst, dstOff, len);
    }
    boolean encrypt = profile.cipher() != SrtpProfile.Cipher.NULL;
    int word = (int) index | (encrypt ? 0x8000_0000 : 0);
    if (profile.isAead()) {
      // RFC 7714 §9.1: header || ciphertext || tag || E+index || MKI; AAD = header, E+index.
      int trailer = dstOff + len + GCM_TAG;
      put32(dst, trailer, word);
      rtcpEngine.gcmRtcpIv(ssrc, index);
      rtcpEngine.gcm(true, dst, dstOff, 8, dst, trailer, dstOff + 8, len - 8);
      System.arraycopy(mki, 0, dst, trailer + 4, mki.length);
    } else {
      if (encrypt) {
        rtcpEngine.aesCm(dst, dstOff + 8, len - 8, ssrc, index);
      }
      put32(dst, dstOff + len, word);
      System.arraycopy(mki, 0, dst, dstOff + len + 4, mki.length);
      // RFC 3711 §3.4: the tag covers header, encrypted part and E||index, not the MKI.
      rtcpEngine.hmac(dst, dstOff, len + 4, false, 0);
      System.arraycopy(rtcpEngine.digest, 0, dst, dstOff + len + 4 + mki.length, tagLen);
    }
    st.rtcpSendIndex = index + 1;
    return outLen;
  }

  /** Unprotects an SRTCP packet in place; returns the RTCP length. */
  public int unprotectRtcp(byte[] buf, int off, int len) throws SrtpException {
    return unprotectRtcp(buf, off, len, buf, off);
  }

  /**
   * Unprotects an SRTCP packet into {@code dst} (RFC 3711 §3.4), accepting E=0 (unencrypted)
   * packets too. A refused packet changes no state.
   */
  public int unprotectRtcp(byte[] src, int srcOff, int len, byte[] dst, int dstOff)
      throws SrtpException {
    int tagLen = profile.srtcpTagLength();
    checkRtcpHeader(src, srcOff, len, 8 + 4 + mki.length + tagLen);
    checkRoom(dst, dstOff, len);
    int ssrc = i32(src, srcOff + 4);
    boolean aead = profile.isAead();
    int trailer = srcOff + len - mki.length - 4 - (aead ? 0 : tagLen);
    int word = i32(src, trailer);
    boolean encrypted = word < 0;
    long index = word & 0x7FFF_FFFFL;
    SsrcState st = find(ssrc);
    boolean seen = st != null && st.rtcpSeen;
    if (seen && replayProtection) {
      checkReplay(index, st.rtcpHighest, st.rtcpWindow);
    }
    checkMki(src, trailer + 4);
    if (src != dst || srcOff != dstOff) {
      System.arraycopy(src, srcOff, dst, dstOff, len);
    }
    int dTrailer = dstOff + (trailer - srcOff);
    int rtcpLen;
    if (aead) {
      rtcpEngine.gcmRtcpIv(ssrc, index);
      if (encrypted) {
        rtcpEngine.gcm(false, dst, dstOff, 8, dst, dTrailer, dstOff + 8, dTrailer - dstOff - 8);
        rtcpLen = dTrailer - dstOff - GCM_TAG;
      } else {
        // RFC 7714 §9.3: unencrypted SRTCP is all AAD; only the tag is "ciphertext".
        rtcpLen = dTrailer - dstOff - GCM_TAG;
        rtcpEngine.gcm(false, dst, dstOff, rtcpLen, dst, dTrailer, dstOff + rtcpLen, GCM_TAG);
      }
    } else {
      rtcpEngine.hmac(dst, dstOff, dTrailer + 4 - dstOff, false, 0);
      if (!rtcpEngine.tagMatches(dst, dTrailer + 4 + mki.length, tagLen)) {
        throw new SrtpException(Reason.AUTH_FAILED, "SRTCP tag mismatch");
      }
      rtcpLen = dTrailer - dstOff;
      if (encrypted && profile.cipher() == SrtpProfile.Cipher.AES_CM) {
        rtcpEngine.aesCm(dst, dstOff + 8, rtcpLen - 8, ssrc, index);
      }
    }
    if (st == null) {
      st = findOrCreate(ssrc);
    }
    if (!seen) {
      st.rtcpHighest = index;
      st.rtcpWindow = 0;
      st.rtcpSeen = true;
    } else if (index > st.rtcpHighest) {
      st.rtcpWindow = advance(st.rtcpWindow, index - st.rtcpHighest);
      st.rtcpHighest = index;
    } else if (index < st.rtcpHighest) {
      st.rtcpWindow |= 1L << (st.rtcpHighest - index - 1);
    }
    return rtcpLen;
  }

  // ---------------------------------------------------------------- helpers

  /** RFC 3711 Appendix A: the ROC v that puts SEQ closest to the highest index s_l. */
  static long estimateRoc(long roc, int highestSeq, int seq) {
    if (highestSeq < 0x8000) {
      return seq - highestSeq > 0x8000 ? roc - 1 : roc;
    }
    return highestSeq - 0x8000 > seq ? roc + 1 : roc;
  }

  /**
   * RFC 3711 §3.3.2: bit i of the window is index (highest - 1 - i); the highest itself is always
   * received.
   */
  private static void checkReplay(long index, long highest, long window) throws SrtpException {
    long behind = highest - index;
    if (behind < 0) {
      return;
    }
    if (behind == 0 || behind >= REPLAY_WINDOW || (window & (1L << (behind - 1))) != 0) {
      throw new SrtpException(Reason.REPLAY, "index " + index + ", highest " + highest);
    }
  }

  /** Moves the window for a new highest index {@code shift} above the old one. */
  private static long advance(long window, long shift) {
    if (shift > REPLAY_WINDOW) {
      return 0;
    }
    // The old highest becomes "shift behind": bit shift-1. Java masks shift counts, so 64 apart.
    long moved = shift == REPLAY_WINDOW ? 0 : window << shift;
    return moved | (1L << (shift - 1));
  }

  private void checkMki(byte[] buf, int at) throws SrtpException {
    int diff = 0;
    for (int i = 0; i < mki.length; i++) {
      diff |= buf[at + i] ^ mki[i];
    }
    if (diff != 0) {
      // RFC 3711 §3.3 step 1: no master key for this MKI, so the packet cannot be authenticated.
      throw new SrtpException(Reason.AUTH_FAILED, "unknown MKI");
    }
  }

  /** RFC 3550 §5.1 header length (fixed part, CSRCs, extension); RFC 3711 leaves it in clear. */
  private static int rtpHeaderLength(byte[] b, int off, int len) throws SrtpException {
    if (len < 12) {
      throw new SrtpException(Reason.MALFORMED, "RTP packet shorter than 12 bytes");
    }
    int first = b[off] & 0xff;
    if ((first >>> 6) != 2) {
      throw new SrtpException(Reason.MALFORMED, "RTP version is not 2");
    }
    int hdr = 12 + 4 * (first & 0x0f);
    if ((first & 0x10) != 0) {
      if (len < hdr + 4) {
        throw new SrtpException(Reason.MALFORMED, "header extension overruns the packet");
      }
      hdr += 4 + 4 * u16(b, off + hdr + 2);
    }
    if (hdr > len) {
      throw new SrtpException(Reason.MALFORMED, "RTP header overruns the packet");
    }
    return hdr;
  }

  private static void checkRtcpHeader(byte[] b, int off, int len, int min) throws SrtpException {
    if (len < min) {
      throw new SrtpException(Reason.MALFORMED, "SRTCP packet shorter than " + min + " bytes");
    }
    if (((b[off] & 0xff) >>> 6) != 2) {
      throw new SrtpException(Reason.MALFORMED, "RTCP version is not 2");
    }
  }

  private static void checkRoom(byte[] dst, int off, int len) {
    Objects.checkFromIndexSize(off, len, dst.length);
  }

  private SsrcState find(int ssrc) {
    for (int i = 0; i < stateCount; i++) {
      if (states[i].ssrc == ssrc) {
        return states[i];
      }
    }
    return null;
  }

  private SsrcState findOrCreate(int ssrc) {
    SsrcState st = find(ssrc);
    if (st == null) {
      if (stateCount == states.length) {
        states = Arrays.copyOf(states, stateCount * 2);
      }
      st = new SsrcState(ssrc, initialRoc);
      states[stateCount++] = st;
    }
    return st;
  }

  static int u16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }

  static int i32(byte[] b, int at) {
    return (b[at] << 24)
        | ((b[at + 1] & 0xff) << 16)
        | ((b[at + 2] & 0xff) << 8)
        | (b[at + 3] & 0xff);
  }

  static void put32(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  /** Per-SSRC state: RFC 3711 §3.2.1 (ROC, s_l, replay list) and §3.4 (SRTCP index). */
  private static final class SsrcState {
    final int ssrc;
    boolean rtpSeen;
    long roc;
    int highestSeq;
    long rtpWindow;
    boolean rtcpSeen;
    long rtcpHighest;
    long rtcpWindow;
    long rtcpSendIndex;

    SsrcState(int ssrc, long roc) {
      this.ssrc = ssrc;
      this.roc = roc;
    }

    long highestIndex() {
      return (roc << 16) | highestSeq;
    }
  }

  /** The transforms of one set of session keys (SRTP or SRTCP), with their scratch buffers. */
  private static final class Engine {
    private final Cipher ecb;
    private final Cipher gcm;
    private final SecretKeySpec key;
    private final byte[] salt;
    private final MessageDigest sha1;
    private final byte[] ipad = new byte[64];
    private final byte[] opad = new byte[64];
    final byte[] digest = new byte[20];
    private final byte[] rocBytes = new byte[4];
    private final byte[] iv = new byte[12];
    private byte[] counters = new byte[2048];
    private final byte[] ivBase = new byte[14];
    private byte[] keystream = new byte[2048];

    Engine(SrtpProfile profile, SrtpKeyDerivation.SessionKeys keys, int tagLen) {
      this.salt = keys.salt().clone();
      try {
        SrtpProfile.Cipher c = profile.cipher();
        key = c == SrtpProfile.Cipher.NULL ? null : new SecretKeySpec(keys.encryptionKey(), "AES");
        if (c == SrtpProfile.Cipher.AES_CM) {
          ecb = Cipher.getInstance("AES/ECB/NoPadding");
          ecb.init(Cipher.ENCRYPT_MODE, key);
        } else {
          ecb = null;
        }
        gcm = c == SrtpProfile.Cipher.AES_GCM ? Cipher.getInstance("AES/GCM/NoPadding") : null;
        if (c != SrtpProfile.Cipher.AES_GCM) {
          // RFC 2104 with a reused MessageDigest: Mac.doFinal allocates its result per call.
          sha1 = MessageDigest.getInstance("SHA-1");
          byte[] k = keys.authKey();
          for (int i = 0; i < 64; i++) {
            byte kb = i < k.length ? k[i] : 0;
            ipad[i] = (byte) (kb ^ 0x36);
            opad[i] = (byte) (kb ^ 0x5c);
          }
        } else {
          sha1 = null;
        }
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("JCE lacks AES or SHA-1", e);
      }
    }

    /**
     * RFC 3711 §4.1.1: XORs the AES-CM keystream for IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i *
     * 2^16) into {@code buf[off, off+len)}. The counter blocks go through ECB in one call.
     */
    void aesCm(byte[] buf, int off, int len, int ssrc, long index) {
      if (len == 0) {
        return;
      }
      int blocks = (len + 15) >>> 4;
      int n = blocks << 4;
      if (counters.length < n) {
        counters = new byte[n];
        keystream = new byte[n];
      }
      byte[] c = counters;
      // The 14 IV bytes are the same for every block of the packet: build them once, copy them.
      byte[] base = ivBase;
      System.arraycopy(salt, 0, base, 0, 14);
      base[4] ^= (byte) (ssrc >>> 24);
      base[5] ^= (byte) (ssrc >>> 16);
      base[6] ^= (byte) (ssrc >>> 8);
      base[7] ^= (byte) ssrc;
      for (int i = 0; i < 6; i++) {
        base[13 - i] ^= (byte) (index >>> (8 * i));
      }
      for (int b = 0; b < n; b += 16) {
        System.arraycopy(base, 0, c, b, 14);
        int counter = b >>> 4;
        c[b + 14] = (byte) (counter >>> 8);
        c[b + 15] = (byte) counter;
      }
      try {
        ecb.update(c, 0, n, keystream, 0);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
      byte[] ks = keystream;
      int i = 0;
      // Eight bytes at a time: the XOR is a visible share of a 1200-byte packet's cost.
      for (; i + 8 <= len; i += 8) {
        LONGS.set(buf, off + i, (long) LONGS.get(buf, off + i) ^ (long) LONGS.get(ks, i));
      }
      for (; i < len; i++) {
        buf[off + i] ^= ks[i];
      }
    }

    /**
     * HMAC-SHA1 (RFC 2104, RFC 3711 §4.2.1) of {@code buf[off, off+len)}, followed by the ROC for
     * SRTP (§4.2: M = authenticated portion || ROC), into {@link #digest}.
     */
    void hmac(byte[] buf, int off, int len, boolean withRoc, long roc) {
      try {
        sha1.update(ipad);
        sha1.update(buf, off, len);
        if (withRoc) {
          put32(rocBytes, 0, (int) roc);
          sha1.update(rocBytes);
        }
        sha1.digest(digest, 0, 20);
        sha1.update(opad);
        sha1.update(digest);
        sha1.digest(digest, 0, 20);
      } catch (DigestException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Constant-time comparison of the first {@code len} bytes of {@link #digest}. */
    boolean tagMatches(byte[] buf, int at, int len) {
      int diff = 0;
      for (int i = 0; i < len; i++) {
        diff |= buf[at + i] ^ digest[i];
      }
      return diff == 0;
    }

    /** RFC 7714 §8.1: IV = salt XOR (0x0000 || SSRC || ROC || SEQ). */
    void gcmRtpIv(int ssrc, long roc, int seq) {
      System.arraycopy(salt, 0, iv, 0, 12);
      xor32(iv, 2, ssrc);
      xor32(iv, 6, (int) roc);
      iv[10] ^= (byte) (seq >>> 8);
      iv[11] ^= (byte) seq;
    }

    /** RFC 7714 §9.1: IV = salt XOR (0x0000 || SSRC || 0x0000 || 0 || SRTCP index). */
    void gcmRtcpIv(int ssrc, long index) {
      System.arraycopy(salt, 0, iv, 0, 12);
      xor32(iv, 2, ssrc);
      xor32(iv, 8, (int) index);
    }

    private static void xor32(byte[] b, int at, int v) {
      b[at] ^= (byte) (v >>> 24);
      b[at + 1] ^= (byte) (v >>> 16);
      b[at + 2] ^= (byte) (v >>> 8);
      b[at + 3] ^= (byte) v;
    }

    /**
     * AES-GCM in place over {@code buf[dataOff, dataOff+dataLen)} with AAD {@code buf[aadOff,
     * aadOff+aadLen)} then {@code aad2[aad2Off, +4)} (the SRTCP E||index word) if given. Encrypting
     * appends the tag; decrypting verifies it. Returns the output length.
     */
    int gcm(
        boolean encrypt,
        byte[] buf,
        int aadOff,
        int aadLen,
        byte[] aad2,
        int aad2Off,
        int dataOff,
        int dataLen)
        throws SrtpException {
      try {
        gcm.init(
            encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE,
            key,
            new GCMParameterSpec(GCM_TAG * 8, iv));
        gcm.updateAAD(buf, aadOff, aadLen);
        if (aad2 != null) {
          gcm.updateAAD(aad2, aad2Off, 4);
        }
        return gcm.doFinal(buf, dataOff, dataLen, buf, dataOff);
      } catch (AEADBadTagException e) {
        throw new SrtpException(Reason.AUTH_FAILED, "GCM tag mismatch");
      } catch (InvalidAlgorithmParameterException e) {
        // JCE refuses a repeated key+IV for GCM encryption: the same index protected twice.
        throw new SrtpException(Reason.REPLAY, "index protected twice (GCM IV reuse)");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Configures a context. */
  public static final class Builder {
    private final SrtpProfile profile;
    private SrtpKeyDerivation.SessionKeys rtpKeys;
    private SrtpKeyDerivation.SessionKeys rtcpKeys;
    private byte[] mki = new byte[0];
    private long initialRoc;
    private boolean replayProtection = true;

    private Builder(SrtpProfile profile) {
      this.profile = Objects.requireNonNull(profile);
    }

    /** Master key and salt, from which the session keys are derived (RFC 3711 §4.3, kdr 0). */
    public Builder masterKey(byte[] masterKey, byte[] masterSalt) {
      if (masterKey.length != profile.masterKeyLength()
          || masterSalt.length != profile.masterSaltLength()) {
        throw new IllegalArgumentException(
            profile
                + " needs a "
                + profile.masterKeyLength()
                + "-byte master key and a "
                + profile.masterSaltLength()
                + "-byte master salt");
      }
      rtpKeys = SrtpKeyDerivation.rtpKeys(profile, masterKey, masterSalt);
      rtcpKeys = SrtpKeyDerivation.rtcpKeys(profile, masterKey, masterSalt);
      return this;
    }

    /** Session keys given directly (test vectors such as RFC 7714 §16 start from them). */
    public Builder sessionKeys(
        SrtpKeyDerivation.SessionKeys rtp, SrtpKeyDerivation.SessionKeys rtcp) {
      rtpKeys = Objects.requireNonNull(rtp);
      rtcpKeys = Objects.requireNonNull(rtcp);
      return this;
    }

    /** The MKI sent with, and required on, every packet (RFC 3711 §3.1); empty for none. */
    public Builder mki(byte[] mki) {
      this.mki = mki.clone();
      return this;
    }

    /** The ROC every SSRC starts with (default 0). */
    public Builder initialRoc(long roc) {
      if (roc < 0 || roc > MAX_ROC) {
        throw new IllegalArgumentException("ROC is 32 bits unsigned");
      }
      this.initialRoc = roc;
      return this;
    }

    /**
     * Whether to refuse replayed packets (default on, RFC 3711 §3.3.2). The harness turns it off to
     * decrypt captured traffic it replays on purpose.
     */
    public Builder replayProtection(boolean on) {
      this.replayProtection = on;
      return this;
    }

    public SrtpContext build() {
      if (rtpKeys == null) {
        throw new IllegalStateException("set masterKey or sessionKeys");
      }
      return new SrtpContext(this);
    }
  }
}

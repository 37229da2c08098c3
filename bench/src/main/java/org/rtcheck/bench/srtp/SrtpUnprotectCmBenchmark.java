package org.rtcheck.bench.srtp;

import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.rtcheck.stack.srtp.SrtpContext;
import org.rtcheck.stack.srtp.SrtpProfile;

/** SRTP unprotect of a 1200-byte RTP packet, AES_CM_128_HMAC_SHA1_80, own stack vs plain JCE. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SrtpUnprotectCmBenchmark {

  private final byte[] srtp = new byte[SrtpBench.LENGTH + 64];
  private final byte[] buf = new byte[SrtpBench.LENGTH + 64];
  private final byte[] tag = new byte[20];
  private final byte[] iv = new byte[16];
  private final byte[] roc = new byte[4];
  private int srtpLength;
  private SrtpContext ctx;
  private Cipher ctr;
  private Mac mac;
  private SecretKeySpec key;

  @Setup
  public void setUp() throws Exception {
    SrtpContext tx = SrtpBench.context(SrtpProfile.AES_CM_128_HMAC_SHA1_80, true);
    System.arraycopy(SrtpBench.rtp(), 0, srtp, 0, SrtpBench.LENGTH);
    srtpLength = tx.protect(srtp, 0, SrtpBench.LENGTH);
    // The same packet again and again: replay protection off, all other checks on.
    ctx = SrtpBench.context(SrtpProfile.AES_CM_128_HMAC_SHA1_80, false);
    key = new SecretKeySpec(SrtpBench.rawKey(), "AES");
    ctr = Cipher.getInstance("AES/CTR/NoPadding");
    mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(new byte[20], "HmacSHA1"));
  }

  /** SRTP unprotect: copy the packet in, estimate the index, check the tag, decrypt. */
  @Benchmark
  public int own() throws Exception {
    System.arraycopy(srtp, 0, buf, 0, srtpLength);
    return ctx.unprotect(buf, 0, srtpLength);
  }

  /** The same bytes through JCE: HmacSHA1 over RTP + ROC, compare 10 bytes, AES/CTR decrypt. */
  @Benchmark
  public int raw() throws Exception {
    System.arraycopy(srtp, 0, buf, 0, srtpLength);
    mac.update(buf, 0, SrtpBench.LENGTH);
    mac.update(roc);
    mac.doFinal(tag, 0);
    int diff = 0;
    for (int i = 0; i < 10; i++) {
      diff |= tag[i] ^ buf[SrtpBench.LENGTH + i];
    }
    ctr.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
    ctr.doFinal(buf, SrtpBench.HEADER, SrtpBench.PAYLOAD, buf, SrtpBench.HEADER);
    return SrtpBench.LENGTH + diff;
  }
}

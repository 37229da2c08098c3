package org.rtcheck.bench.srtp;

import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
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

/** SRTP unprotect of a 1200-byte RTP packet, AEAD_AES_128_GCM, own stack vs plain JCE. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SrtpUnprotectGcmBenchmark {

  private final byte[] srtp = new byte[SrtpBench.LENGTH + 64];
  private final byte[] rawSrtp = new byte[SrtpBench.LENGTH + 64];
  private final byte[] buf = new byte[SrtpBench.LENGTH + 64];
  private final byte[] iv = new byte[12];
  private int srtpLength;
  private SrtpContext ctx;
  private Cipher gcm;
  private SecretKeySpec key;

  @Setup
  public void setUp() throws Exception {
    SrtpContext tx = SrtpBench.context(SrtpProfile.AEAD_AES_128_GCM, true);
    System.arraycopy(SrtpBench.rtp(), 0, srtp, 0, SrtpBench.LENGTH);
    srtpLength = tx.protect(srtp, 0, SrtpBench.LENGTH);
    // The same packet again and again: replay protection off, all other checks on.
    ctx = SrtpBench.context(SrtpProfile.AEAD_AES_128_GCM, false);
    key = new SecretKeySpec(SrtpBench.rawKey(), "AES");
    gcm = Cipher.getInstance("AES/GCM/NoPadding");
    System.arraycopy(SrtpBench.rtp(), 0, rawSrtp, 0, SrtpBench.LENGTH);
    gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
    gcm.updateAAD(rawSrtp, 0, SrtpBench.HEADER);
    gcm.doFinal(rawSrtp, SrtpBench.HEADER, SrtpBench.PAYLOAD, rawSrtp, SrtpBench.HEADER);
  }

  /** SRTP unprotect: copy the packet in, estimate the index, GCM decrypt and verify. */
  @Benchmark
  public int own() throws Exception {
    System.arraycopy(srtp, 0, buf, 0, srtpLength);
    return ctx.unprotect(buf, 0, srtpLength);
  }

  /** The same bytes through JCE: AES/GCM decrypt and verify in place, AAD = header. */
  @Benchmark
  public int raw() throws Exception {
    System.arraycopy(rawSrtp, 0, buf, 0, srtpLength);
    gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
    gcm.updateAAD(buf, 0, SrtpBench.HEADER);
    return SrtpBench.HEADER
        + gcm.doFinal(buf, SrtpBench.HEADER, SrtpBench.PAYLOAD + 16, buf, SrtpBench.HEADER);
  }
}

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

/** SRTP protect of a 1200-byte RTP packet, AEAD_AES_128_GCM, own stack vs plain JCE. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SrtpProtectGcmBenchmark {

  private final byte[] plain = SrtpBench.rtp();
  private final byte[] buf = new byte[SrtpBench.LENGTH + 64];
  private final byte[] iv = new byte[12];
  private SrtpContext ctx;
  private Cipher gcm;
  private SecretKeySpec key;
  private int seq;
  private int counter;

  @Setup
  public void setUp() throws Exception {
    ctx = SrtpBench.context(SrtpProfile.AEAD_AES_128_GCM, true);
    key = new SecretKeySpec(SrtpBench.rawKey(), "AES");
    gcm = Cipher.getInstance("AES/GCM/NoPadding");
  }

  /** SRTP protect: copy in the RTP packet under a new sequence number, GCM with header as AAD. */
  @Benchmark
  public int own() throws Exception {
    System.arraycopy(plain, 0, buf, 0, SrtpBench.LENGTH);
    SrtpBench.setSeq(buf, ++seq);
    return ctx.protect(buf, 0, SrtpBench.LENGTH);
  }

  /** The same bytes through JCE: AES/GCM with a new IV (JCE refuses IV reuse), AAD = header. */
  @Benchmark
  public int raw() throws Exception {
    System.arraycopy(plain, 0, buf, 0, SrtpBench.LENGTH);
    SrtpBench.setSeq(buf, ++seq);
    counter++;
    iv[8] = (byte) (counter >>> 24);
    iv[9] = (byte) (counter >>> 16);
    iv[10] = (byte) (counter >>> 8);
    iv[11] = (byte) counter;
    gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
    gcm.updateAAD(buf, 0, SrtpBench.HEADER);
    return SrtpBench.HEADER
        + gcm.doFinal(buf, SrtpBench.HEADER, SrtpBench.PAYLOAD, buf, SrtpBench.HEADER);
  }
}

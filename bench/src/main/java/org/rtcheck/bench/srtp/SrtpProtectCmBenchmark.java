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

/** SRTP protect of a 1200-byte RTP packet, AES_CM_128_HMAC_SHA1_80, own stack vs plain JCE. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SrtpProtectCmBenchmark {

  private final byte[] plain = SrtpBench.rtp();
  private final byte[] buf = new byte[SrtpBench.LENGTH + 64];
  private final byte[] iv = new byte[16];
  private final byte[] roc = new byte[4];
  private SrtpContext ctx;
  private Cipher ctr;
  private Mac mac;
  private SecretKeySpec key;
  private int seq;

  @Setup
  public void setUp() throws Exception {
    ctx = SrtpBench.context(SrtpProfile.AES_CM_128_HMAC_SHA1_80, true);
    key = new SecretKeySpec(SrtpBench.rawKey(), "AES");
    ctr = Cipher.getInstance("AES/CTR/NoPadding");
    mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(new byte[20], "HmacSHA1"));
  }

  /** SRTP protect: copy in the RTP packet under a new sequence number, encrypt, tag. */
  @Benchmark
  public int own() throws Exception {
    System.arraycopy(plain, 0, buf, 0, SrtpBench.LENGTH);
    SrtpBench.setSeq(buf, ++seq);
    return ctx.protect(buf, 0, SrtpBench.LENGTH);
  }

  /** The same bytes through JCE: AES/CTR re-initialised with a new IV, HmacSHA1 over RTP + ROC. */
  @Benchmark
  public int raw() throws Exception {
    System.arraycopy(plain, 0, buf, 0, SrtpBench.LENGTH);
    SrtpBench.setSeq(buf, ++seq);
    iv[12] = buf[2];
    iv[13] = buf[3];
    ctr.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
    ctr.doFinal(buf, SrtpBench.HEADER, SrtpBench.PAYLOAD, buf, SrtpBench.HEADER);
    mac.update(buf, 0, SrtpBench.LENGTH);
    mac.update(roc);
    mac.doFinal(buf, SrtpBench.LENGTH);
    return SrtpBench.LENGTH + 10;
  }
}

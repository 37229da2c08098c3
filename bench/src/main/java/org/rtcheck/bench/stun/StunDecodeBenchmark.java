package org.rtcheck.bench.stun;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.ice4j.StunException;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.MessageIntegrityAttribute;
import org.ice4j.attribute.UsernameAttribute;
import org.ice4j.message.Message;
import org.ice4j.security.CredentialsAuthority;
import org.ice4j.security.LongTermCredential;
import org.ice4j.stack.RawMessage;
import org.ice4j.stack.StunStack;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.rtcheck.stack.stun.StunCheckResult;
import org.rtcheck.stack.stun.StunCredentials;
import org.rtcheck.stack.stun.StunFingerprintCheck;
import org.rtcheck.stack.stun.StunIntegrityCheck;
import org.rtcheck.stack.stun.StunMessage;
import org.rtcheck.stack.stun.StunParseException;

/**
 * Receiving one STUN message: decode the RFC 5769 §2.1 sample request, verify its MESSAGE-INTEGRITY
 * (short-term key) and its FINGERPRINT — with the own stack ({@link #own}) and with ice4j ({@link
 * #ice4j}). The method names are the subject names {@code BenchRunner} prints. Both keys are
 * derived once in setup, so both sides measure decode + HMAC-SHA1 + CRC-32.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StunDecodeBenchmark {

  /** RFC 5769 §2.1, sample request. */
  static final byte[] SAMPLE_REQUEST =
      HexFormat.of()
          .parseHex(
              "000100582112a442b7e7a701bc34d686fa87dfae"
                  + "802200105354554e207465737420636c69656e74"
                  + "002400046e0001ff"
                  + "80290008932ff9b151263b36"
                  + "000600096576746a3a68367659202020"
                  + "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"
                  + "80280004e57a3bcf");

  static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";

  private byte[] packet;
  private byte[] ownKey;
  private StunStack ice4jStack;

  @Setup
  public void setUp() throws Exception {
    packet = SAMPLE_REQUEST.clone();
    ownKey = StunCredentials.shortTerm(PASSWORD).key();

    // ice4j looks keys up through a CredentialsAuthority registered with a StunStack, as its ICE
    // agent does; ICE's short-term key is the password's bytes.
    byte[] ice4jKey = PASSWORD.getBytes(StandardCharsets.UTF_8);
    ice4jStack = new StunStack();
    ice4jStack
        .getCredentialsManager()
        .registerAuthority(
            new CredentialsAuthority() {
              @Override
              public byte[] getLocalKey(String username) {
                return ice4jKey;
              }

              @Override
              public byte[] getRemoteKey(String username, String media) {
                return ice4jKey;
              }

              @Override
              public boolean checkLocalUserName(String username) {
                return true;
              }
            });

    // Measure real verifications: both sides must accept the sample, and reject a forgery.
    OwnResult own = verifyOwn(packet, ownKey);
    if (!own.integrity.passed() || !own.fingerprint.passed()) {
      throw new IllegalStateException("own stack does not verify the sample: " + own);
    }
    if (!verifyIce4j(packet, ice4jStack)) {
      throw new IllegalStateException("ice4j does not verify the sample's MESSAGE-INTEGRITY");
    }
    byte[] forged = packet.clone();
    forged[27] ^= 1; // inside SOFTWARE, covered by both checks
    if (verifyOwn(forged, ownKey).integrity.passed()) {
      throw new IllegalStateException("own stack accepts a forged sample");
    }
    try {
      verifyIce4j(forged, ice4jStack);
      throw new IllegalStateException("ice4j accepts a forged sample");
    } catch (StunException expected) {
      // ice4j's decoder rejects the wrong FINGERPRINT
    }
  }

  @TearDown
  public void tearDown() {
    ice4jStack.shutDown();
  }

  @Benchmark
  public void own(Blackhole bh) throws StunParseException {
    StunMessage message = StunMessage.decode(packet);
    bh.consume(StunIntegrityCheck.messageIntegrity(message, ownKey));
    bh.consume(StunFingerprintCheck.verify(message));
    bh.consume(message);
  }

  @Benchmark
  public void ice4j(Blackhole bh) throws StunException {
    // Message.decode verifies FINGERPRINT itself (it throws when it does not match).
    Message message = Message.decode(packet, 0, packet.length);
    MessageIntegrityAttribute integrity =
        (MessageIntegrityAttribute) message.getAttribute(Attribute.MESSAGE_INTEGRITY);
    UsernameAttribute username = (UsernameAttribute) message.getAttribute(Attribute.USERNAME);
    bh.consume(
        ice4jStack.validateMessageIntegrity(
            integrity,
            LongTermCredential.toString(username.getUsername()),
            true,
            RawMessage.build(packet, packet.length, null, null)));
    bh.consume(message);
  }

  private static OwnResult verifyOwn(byte[] bytes, byte[] key) throws StunParseException {
    StunMessage message = StunMessage.decode(bytes);
    return new OwnResult(
        StunIntegrityCheck.messageIntegrity(message, key), StunFingerprintCheck.verify(message));
  }

  private static boolean verifyIce4j(byte[] bytes, StunStack stack) throws StunException {
    Message message = Message.decode(bytes, 0, bytes.length);
    MessageIntegrityAttribute integrity =
        (MessageIntegrityAttribute) message.getAttribute(Attribute.MESSAGE_INTEGRITY);
    UsernameAttribute username = (UsernameAttribute) message.getAttribute(Attribute.USERNAME);
    return message.containsAttribute(Attribute.FINGERPRINT)
        && stack.validateMessageIntegrity(
            integrity,
            LongTermCredential.toString(username.getUsername()),
            true,
            RawMessage.build(bytes, bytes.length, null, null));
  }

  private record OwnResult(StunCheckResult integrity, StunCheckResult fingerprint) {}
}

package org.rtcheck.stack.nat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.rtcheck.stack.nat.ScriptedNetwork.Nat;
import org.rtcheck.stack.nat.ScriptedNetwork.Server;
import org.rtcheck.stack.stun.StunAttribute;
import org.rtcheck.stack.stun.StunAttribute.ErrorCode;
import org.rtcheck.stack.stun.StunAttribute.OtherAddress;
import org.rtcheck.stack.stun.StunAttribute.XorMappedAddress;
import org.rtcheck.stack.stun.StunClass;
import org.rtcheck.stack.stun.StunMessage;
import org.rtcheck.stack.stun.StunMessageBuilder;

/**
 * Whatever comes back, with the right transaction ID or not, from wherever, discovery never throws
 * and always finishes with a result. Seeded, so a failure repeats.
 */
class NatDiscoveryRobustnessTest {
  private static final long MS = 1_000_000L;

  @RepeatedTest(200)
  void arbitraryAnswersNeverThrowAndDiscoveryAlwaysFinishes(RepetitionInfo info) throws Exception {
    Random random = new Random(info.getCurrentRepetition());
    NatDiscovery d =
        new NatDiscovery(
            NatDiscoveryConfig.forServer(ScriptedNetwork.PRIMARY)
                .withMappingLifetime(Duration.ofMillis(300), Duration.ofSeconds(2)),
            new ScriptedNetwork(Nat.none(), Server.RFC5780).localAddresses());
    long now = random.nextLong();
    d.start(now);
    for (int step = 0; !d.isDone(); step++) {
      assertThat(step).as("steps").isLessThan(10_000);
      for (var t = d.pollTransmit(); t.isPresent(); t = d.pollTransmit()) {
        if (random.nextInt(3) == 0) {
          continue; // lost
        }
        StunMessage request = StunMessage.decode(t.get().data());
        d.handleDatagram(
            NatSocket.values()[random.nextInt(NatSocket.values().length)],
            randomAddress(random),
            answer(random, request),
            now);
      }
      if (random.nextBoolean()) {
        d.handleDatagram(NatSocket.MAPPING, randomAddress(random), garbage(random), now);
      }
      long next = d.pollTimeout().orElse(now);
      now = random.nextBoolean() ? next : now + random.nextInt(500) * MS;
      d.handleTimeout(now);
    }
    NatBehavior r = d.result();
    assertThat(r.natType()).isNotNull();
    assertThat(d.pollTimeout()).isEmpty();
    assertThat(d.pollTransmit()).isEmpty();
  }

  private static byte[] answer(Random random, StunMessage request) {
    StunClass cls = StunClass.values()[random.nextInt(StunClass.values().length)];
    StunMessageBuilder b = StunMessage.builder(cls, request.method(), request.transactionId());
    int attributes = random.nextInt(4);
    for (int i = 0; i < attributes; i++) {
      StunAttribute a =
          switch (random.nextInt(5)) {
            case 0 -> new XorMappedAddress(randomAddress(random));
            case 1 -> new OtherAddress(randomAddress(random));
            case 2 -> new OtherAddress(ScriptedNetwork.PRIMARY);
            case 3 -> new ErrorCode(300 + random.nextInt(400), "x");
            default -> new StunAttribute.Unknown(0x8000 + random.nextInt(0x7FFF), new byte[3]);
          };
      b.add(a);
    }
    byte[] bytes = b.encode();
    if (random.nextInt(10) == 0) {
      bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
    }
    return bytes;
  }

  private static byte[] garbage(Random random) {
    byte[] b = new byte[random.nextInt(64)];
    random.nextBytes(b);
    return b;
  }

  private static InetSocketAddress randomAddress(Random random) {
    byte[] ip = new byte[random.nextInt(4) == 0 ? 16 : 4];
    random.nextBytes(ip);
    try {
      return new InetSocketAddress(InetAddress.getByAddress(ip), 1 + random.nextInt(65535));
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}

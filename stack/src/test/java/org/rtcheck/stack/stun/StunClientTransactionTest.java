package org.rtcheck.stack.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.stun.StunClientTransaction.Outcome;

/** RFC 8489 §6.2.1 timing on a virtual clock. */
class StunClientTransactionTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  private static StunClientTransaction newTransaction(TransactionId tx) {
    byte[] request = StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING, tx).encode();
    return new StunClientTransaction(request, tx);
  }

  @Test
  void retransmitsAtRfcInstantsThenTimesOut() {
    StunClientTransaction t = newTransaction(TransactionId.random());
    long origin = 1_000_000_000_000L; // arbitrary: nanoTime values are not zero-based
    List<Long> sends = new ArrayList<>();
    t.start(origin);
    sends.add(0L);
    while (!t.isDone()) {
      long now = t.nextDeadline().orElseThrow();
      t.handleTimeout(now);
      if (t.pollTransmit().isPresent()) {
        sends.add((now - origin) / MS);
      } else {
        assertThat(t.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat((now - origin) / MS).isEqualTo(39_500);
      }
    }
    assertThat(sends).containsExactly(0L, 500L, 1_500L, 3_500L, 7_500L, 15_500L, 31_500L);
    assertThat(t.sendCount()).isEqualTo(7);
    assertThat(t.nextDeadline()).isEmpty();
  }

  @Test
  void earlyTimeoutCallsDoNothing() {
    StunClientTransaction t = newTransaction(TransactionId.random());
    t.start(0);
    t.handleTimeout(499 * MS);
    assertThat(t.pollTransmit()).isEmpty();
    t.handleTimeout(500 * MS);
    assertThat(t.pollTransmit()).isPresent();
    assertThat(t.pollTransmit()).isEmpty();
    assertThat(t.nextDeadline()).hasValue(1_500 * MS);
  }

  @Test
  void matchingResponseCompletesOthersAreIgnored() {
    TransactionId tx = TransactionId.random();
    StunClientTransaction t = newTransaction(tx);
    t.start(0);
    StunMessage otherTx =
        StunMessage.builder(StunClass.SUCCESS_RESPONSE, StunMessage.BINDING, TransactionId.random())
            .build();
    StunMessage request = StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING, tx).build();
    assertThat(t.handleResponse(otherTx)).isFalse();
    assertThat(t.handleResponse(request)).isFalse();
    StunMessage error =
        StunMessage.builder(StunClass.ERROR_RESPONSE, StunMessage.BINDING, tx)
            .add(new StunAttribute.ErrorCode(400, "Bad Request"))
            .build();
    assertThat(t.handleResponse(error)).isTrue();
    assertThat(t.outcome()).isEqualTo(Outcome.ERROR_RESPONSE);
    assertThat(t.response()).contains(error);
    assertThat(t.nextDeadline()).isEmpty();
    t.handleTimeout(100_000 * MS);
    assertThat(t.outcome()).isEqualTo(Outcome.ERROR_RESPONSE);
  }

  @Test
  void messageTypeBitsInterleave() {
    assertThat(StunMessageType.encode(StunClass.SUCCESS_RESPONSE, 0x001)).isEqualTo(0x0101);
    assertThat(StunMessageType.encode(StunClass.ERROR_RESPONSE, 0x001)).isEqualTo(0x0111);
    assertThat(StunMessageType.encode(StunClass.INDICATION, 0x001)).isEqualTo(0x0011);
    for (int m = 0; m <= 0xFFF; m += 0x111) {
      for (StunClass c : StunClass.values()) {
        int type = StunMessageType.encode(c, m);
        assertThat(StunMessageType.classOf(type)).isEqualTo(c);
        assertThat(StunMessageType.methodOf(type)).isEqualTo(m);
      }
    }
  }
}

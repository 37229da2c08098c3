package org.rtcheck.stack.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.stun.StunClass;
import org.rtcheck.stack.stun.StunMessage;
import org.rtcheck.stack.stun.TransactionId;

class TurnStreamFramerTest {

  @Test
  void splitsStunAndPaddedChannelDataAcrossChunks() throws Exception {
    byte[] stun =
        StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING, TransactionId.random())
            .addFingerprint()
            .encode();
    byte[] cd = new ChannelData(0x4001, new byte[] {1, 2, 3, 4, 5}).encode(true);
    byte[] stream = new byte[stun.length + cd.length];
    System.arraycopy(stun, 0, stream, 0, stun.length);
    System.arraycopy(cd, 0, stream, stun.length, cd.length);
    TurnStreamFramer f = new TurnStreamFramer();
    List<byte[]> first = f.feed(Arrays.copyOfRange(stream, 0, 23));
    assertThat(first).isEmpty();
    List<byte[]> second = f.feed(Arrays.copyOfRange(stream, 23, stream.length - 2));
    assertThat(second).hasSize(1);
    assertThat(second.get(0)).isEqualTo(stun);
    List<byte[]> third = f.feed(Arrays.copyOfRange(stream, stream.length - 2, stream.length));
    assertThat(third).hasSize(1);
    assertThat(ChannelData.decode(third.get(0)).data()).containsExactly(1, 2, 3, 4, 5);
    assertThat(f.pending()).isZero();
  }

  @Test
  void garbageIsATypedErrorWithItsOffset() throws Exception {
    TurnStreamFramer f = new TurnStreamFramer();
    f.feed(new ChannelData(0x4000, new byte[] {1, 2, 3, 4}).encode(true));
    assertThatThrownBy(() -> f.feed(new byte[] {(byte) 0x80, 0, 0, 0}))
        .isInstanceOf(TurnFramingException.class)
        .hasMessageContaining("0x80")
        .hasMessageContaining("at byte 8");
  }

  @Test
  void channelDataOutsideTheRangeIsRejected() {
    assertThatThrownBy(() -> ChannelData.decode(new byte[] {0x50, 0, 0, 0}))
        .isInstanceOf(TurnFramingException.class)
        .hasMessageContaining("0x5000");
  }
}

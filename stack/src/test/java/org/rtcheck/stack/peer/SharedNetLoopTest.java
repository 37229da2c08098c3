package org.rtcheck.stack.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.datachannel.DataChannelInit;
import org.rtcheck.stack.net.NetLoop;
import org.rtcheck.stack.sdp.SdpType;

/** Connections on a caller's {@link NetLoop}: they work, and closing them leaves the loop open. */
class SharedNetLoopTest {

  private static void openChannel(PeerConnectionConfig config) throws Exception {
    try (PeerConnection a = PeerConnection.create(config);
        PeerConnection b = PeerConnection.create(config)) {
      CompletableFuture<PeerDataChannel> remote = new CompletableFuture<>();
      b.onEvent(
          e -> {
            if (e instanceof PeerConnectionEvent.DataChannelAnnounced d) {
              remote.complete(d.channel());
            }
          });
      PeerDataChannel ca = a.createDataChannel("shared", DataChannelInit.DEFAULT);
      a.setRemoteDescription(SdpType.ANSWER, b.answer(a.offer()));
      ca.opened().get(15, TimeUnit.SECONDS);
      PeerDataChannel cb = remote.get(15, TimeUnit.SECONDS);
      CompletableFuture<String> got = new CompletableFuture<>();
      cb.onMessage(m -> got.complete(m.text()));
      ca.send("over one loop");
      assertThat(got.get(15, TimeUnit.SECONDS)).isEqualTo("over one loop");
    }
  }

  @Test
  void twoPairsInTurnRunOnOneLoopThatOutlivesThem() throws Exception {
    try (NetLoop loop = new NetLoop()) {
      PeerConnectionConfig config = PeerConnectionConfig.loopback().withNetLoop(loop);
      openChannel(config);
      openChannel(config); // the first pair's close left the loop running
      CompletableFuture<Boolean> alive = new CompletableFuture<>();
      loop.executor().execute(() -> alive.complete(loop.inLoop()));
      assertThat(alive.get(5, TimeUnit.SECONDS)).isTrue();
    }
  }
}

package org.rtcheck.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.datachannel.DataChannelInit;
import org.rtcheck.stack.peer.PeerConnection;
import org.rtcheck.stack.peer.PeerConnectionConfig;
import org.rtcheck.stack.peer.PeerConnectionEvent;
import org.rtcheck.stack.peer.PeerDataChannel;
import org.rtcheck.stack.peer.SetupTimeline;
import org.rtcheck.stack.sdp.SdpType;

class SetupPhaseTableTest {

  @Test
  void printsEveryPhaseForOffererAndAnswererOfARealSetup() throws Exception {
    SetupPhaseTable table = new SetupPhaseTable();
    long t0 = System.nanoTime();
    try (PeerConnection a = PeerConnection.create(PeerConnectionConfig.loopback());
        PeerConnection b = PeerConnection.create(PeerConnectionConfig.loopback())) {
      CompletableFuture<PeerDataChannel> remote = new CompletableFuture<>();
      b.onEvent(
          e -> {
            if (e instanceof PeerConnectionEvent.DataChannelAnnounced d) {
              remote.complete(d.channel());
            }
          });
      PeerDataChannel ca = a.createDataChannel("phases", DataChannelInit.DEFAULT);
      a.setRemoteDescription(SdpType.ANSWER, b.answer(a.offer()));
      ca.opened().get(15, TimeUnit.SECONDS);
      remote.get(15, TimeUnit.SECONDS).opened().get(15, TimeUnit.SECONDS);
      table.add(a.setupTimeline(), b.setupTimeline(), (System.nanoTime() - t0) / 1e6);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    table.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(out).contains("over 1 runs").contains("offerer").contains("answerer");
    for (SetupTimeline.Phase p : SetupTimeline.Phase.values()) {
      assertThat(out).contains(p.label());
    }
    // the answerer opened no channel of its own, so it never sent a DCEP OPEN
    assertThat(
            out.lines()
                .filter(l -> l.startsWith("DCEP OPEN sent"))
                .findFirst()
                .orElseThrow()
                .strip())
        .endsWith("-");
  }

  @Test
  void printsNothingWithoutRuns() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new SetupPhaseTable().print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(bytes.size()).isZero();
  }
}

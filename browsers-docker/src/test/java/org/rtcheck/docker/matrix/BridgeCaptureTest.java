package org.rtcheck.docker.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rtcheck.docker.DockerAssumptions;
import org.rtcheck.docker.NothingLeft;
import org.rtcheck.docker.browser.ChromiumContainer;
import org.rtcheck.engine.evidence.TrafficRecorder;
import org.rtcheck.interop.evidence.LoopbackCapture;

/**
 * The docker environment's cell recorder captures what crosses the matrix network's bridge (host to
 * a container), cuts it to the cell's ports, and the shared run is gone once the recording and the
 * container let go of it.
 */
class BridgeCaptureTest {

  @Test
  void recordsHostToContainerDatagramsOnTheBridgeAndLeavesNothing() throws Exception {
    DockerAssumptions.assumeDocker();
    assumeTrue(LoopbackCapture.dumpcap().isPresent(), "no dumpcap (apt-get install tshark)");
    BridgeCapture recorder = new BridgeCapture();
    assertThat(recorder.environment()).contains("docker");
    TrafficRecorder.Recording recording = recorder.start("bridge-capture-test");
    MatrixRun matrix = MatrixRun.acquire();
    String runId = matrix.run().id();
    int port = 40_000;
    try (ChromiumContainer chromium = ChromiumContainer.start(matrix.run(), matrix.network());
        DatagramSocket socket = new DatagramSocket()) {
      InetAddress to = InetAddress.getByName(chromium.address().orElseThrow());
      byte[] payload = "rtcheck bridge capture".getBytes(StandardCharsets.US_ASCII);
      // No one listens: the container answers ICMP port unreachable, quoting our UDP header.
      for (int i = 0; i < 5; i++) {
        socket.send(new DatagramPacket(payload, payload.length, to, port));
        Thread.sleep(20);
        socket.send(new DatagramPacket(payload, payload.length, to, port + 1));
      }
      Thread.sleep(300);
    } finally {
      MatrixRun.release(matrix);
    }
    List<Path> files = recording.stop(true, Set.of(port));
    try {
      assertThat(files).hasSize(1);
      assertThat(packets(files.get(0), "!icmp && udp.dstport == " + port)).isEqualTo(5);
      assertThat(packets(files.get(0), "udp.dstport == " + (port + 1)))
          .as("other ports are cut away")
          .isZero();
    } finally {
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
    }
    NothingLeft.assertRunRemoved(runId);
  }

  private static long packets(Path pcap, String filter) throws Exception {
    Process p =
        new ProcessBuilder("tshark", "-r", pcap.toString(), "-Y", filter)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    // one summary line per packet; tshark also warns about running as root
    return out.lines().filter(l -> l.contains(" UDP ")).count();
  }
}

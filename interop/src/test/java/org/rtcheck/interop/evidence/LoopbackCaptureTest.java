package org.rtcheck.interop.evidence;

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
import org.junit.jupiter.api.Test;
import org.rtcheck.engine.evidence.TrafficRecorder;

/** Real dumpcap on loopback: a failing cell keeps its traffic, a passing one leaves nothing. */
class LoopbackCaptureTest {

  private static final String MARKER = "rtcheck-capture-marker";

  private static String dumpcap() {
    var found = LoopbackCapture.findOnPath("dumpcap");
    assumeTrue(found.isPresent(), "dumpcap not installed (apt-get install tshark)");
    return found.get();
  }

  /** The traffic of a "cell": a few datagrams from one loopback socket to another. */
  private static void cellTraffic() throws Exception {
    try (DatagramSocket a = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket b = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      byte[] payload = MARKER.getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 20; i++) {
        a.send(new DatagramPacket(payload, payload.length, b.getLocalSocketAddress()));
      }
    }
    Thread.sleep(300); // dumpcap writes what it saw before it is stopped
  }

  @Test
  void aFailingCellKeepsAPcapOfItsLoopbackTraffic() throws Exception {
    TrafficRecorder.Recording recording =
        new LoopbackCapture(dumpcap(), "lo", "udp").start("interop/media/audio.answerer-x/y");
    cellTraffic();

    List<Path> files = recording.stop(true); // the cell failed: keep

    assertThat(files).hasSize(1);
    byte[] pcap = Files.readAllBytes(files.get(0));
    assertThat(new String(pcap, StandardCharsets.ISO_8859_1)).contains(MARKER);
    // pcapng section header block (0x0A0D0D0A), what Wireshark opens
    assertThat(pcap).startsWith(0x0A, 0x0D, 0x0D, 0x0A);
    assertThat(recording.stop(true)).as("stopped once").isEmpty();
    files.forEach(f -> f.toFile().delete());
  }

  @Test
  void aKeptCaptureIsCutDownToTheCellsPorts() throws Exception {
    TrafficRecorder.Recording recording =
        new LoopbackCapture(dumpcap(), "lo", "udp").start("interop/datachannel/x/y");
    String other = "rtcheck-other-test-marker";
    int cellPort;
    try (DatagramSocket a = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket b = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket c = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      cellPort = b.getLocalPort();
      byte[] mine = MARKER.getBytes(StandardCharsets.US_ASCII);
      byte[] theirs = other.getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 20; i++) {
        a.send(new DatagramPacket(mine, mine.length, b.getLocalSocketAddress()));
        a.send(new DatagramPacket(theirs, theirs.length, c.getLocalSocketAddress()));
      }
    }
    Thread.sleep(300);

    List<Path> files = recording.stop(true, Set.of(cellPort, 9)); // 9: a port nobody used

    assertThat(files).hasSize(1);
    String pcap = new String(Files.readAllBytes(files.get(0)), StandardCharsets.ISO_8859_1);
    assertThat(pcap).contains(MARKER).doesNotContain(other);
    files.forEach(f -> f.toFile().delete());
  }

  @Test
  void aPassingCellLeavesNoCaptureBehind() throws Exception {
    TrafficRecorder.Recording recording =
        new LoopbackCapture(dumpcap(), "lo", "udp").start("interop/media/audio.answerer-x/y");
    cellTraffic();

    assertThat(recording.stop(false)).isEmpty();
  }

  @Test
  void withoutDumpcapNothingIsRecordedAndNothingFails() {
    assertThat(new LoopbackCapture(null, "lo", "udp").start("cell"))
        .isSameAs(TrafficRecorder.Recording.NONE);
    assertThat(new LoopbackCapture("/nonexistent/dumpcap", "lo", "udp").start("cell"))
        .isSameAs(TrafficRecorder.Recording.NONE);
  }

  @Test
  void aDeviceDumpcapCannotOpenIsNoPcapNotAFailure() {
    dumpcap();
    TrafficRecorder.Recording recording =
        new LoopbackCapture(dumpcap(), "rtcheck-no-such-device", "udp").start("cell");
    assertThat(recording).isSameAs(TrafficRecorder.Recording.NONE);
  }
}

package org.rtcheck.interop.sctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtcheck.stack.sctp.SctpAssociation;
import org.rtcheck.stack.sctp.SctpConfig;
import org.rtcheck.stack.sctp.SctpEvent;
import org.rtcheck.stack.sctp.SendOptions;

/**
 * The own SCTP association against usrsctp (inside GStreamer's sctpenc/sctpdec) over UDP on
 * loopback: both sides connect at once (INIT collision), exchange messages in both directions,
 * fragmented ones included, then the own side shuts down gracefully.
 */
class UsrsctpInteropTest {

  private static final Path PEER = Path.of("shims/usrsctp/usrsctp_peer.py");
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final int FROM_PEER = 10;
  private static final int PEER_SIZE = 50_000;
  private static final HexFormat HEX = HexFormat.of();

  @Test
  @Timeout(60)
  void exchangesMessagesAndShutsDownWithUsrsctp() throws Exception {
    assumeTrue(Files.isExecutable(PYTHON), "no /usr/bin/python3");
    assumeTrue(Files.exists(PEER), "no " + PEER.toAbsolutePath());
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      int peerPort;
      try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
        peerPort = probe.getLocalPort();
      }
      Process peer =
          new ProcessBuilder(
                  PYTHON.toString(),
                  PEER.toString(),
                  Integer.toString(peerPort),
                  Integer.toString(socket.getLocalPort()),
                  Integer.toString(FROM_PEER),
                  Integer.toString(PEER_SIZE),
                  "20")
              .redirectErrorStream(true)
              .start();
      List<String> lines = new CopyOnWriteArrayList<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8))) {
                  String l;
                  while ((l = r.readLine()) != null) {
                    lines.add(l);
                  }
                } catch (Exception e) {
                  lines.add("READ-ERROR " + e);
                }
              },
              "usrsctp-peer-stdout");
      reader.setDaemon(true);
      reader.start();
      try {
        run(socket, peerPort, peer, lines);
      } finally {
        peer.destroy();
        if (!peer.waitFor(5, TimeUnit.SECONDS)) {
          peer.destroyForcibly();
        }
      }
    }
  }

  private void run(DatagramSocket socket, int peerPort, Process peer, List<String> lines)
      throws Exception {
    try {
      exchange(socket, peerPort, peer, lines);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\npeer said:\n" + String.join("\n", lines), e);
    }
  }

  private void exchange(DatagramSocket socket, int peerPort, Process peer, List<String> lines)
      throws Exception {
    long start = System.nanoTime();
    waitFor(
        () ->
            lines.contains("READY")
                || lines.stream().anyMatch(l -> l.startsWith("MISSING"))
                || !peer.isAlive(),
        10_000);
    assumeTrue(lines.contains("READY"), "usrsctp peer not available: " + lines);

    SctpAssociation a = new SctpAssociation(SctpConfig.defaults());
    Loop loop =
        new Loop(
            socket, new InetSocketAddress(InetAddress.getLoopbackAddress(), peerPort), a, start);
    a.connect(loop.now());
    loop.runUntil(() -> a.state() == SctpAssociation.State.ESTABLISHED, 10_000);

    // Our messages: small ones and ones that need fragmentation, on stream 1. sctpdec hands large
    // messages over in pieces (usrsctp partial delivery), so the peer reports the running length
    // and SHA-256 of everything it received, which must equal those of everything we sent.
    MessageDigest all = MessageDigest.getInstance("SHA-256");
    long total = 0;
    int[] sizes = {1, 100, 1172, 1173, 5000, 64 * 1024, 200_000};
    for (int i = 0; i < sizes.length; i++) {
      byte[] m = new byte[sizes[i]];
      for (int j = 0; j < m.length; j++) {
        m[j] = (byte) (i * 31 + j);
      }
      all.update(m);
      total += m.length;
      a.send(1, 53, m, SendOptions.RELIABLE, loop.now());
    }
    String expectedTotal = "TOTAL " + total + " " + HEX.formatHex(all.digest());
    loop.runUntil(() -> loop.received.size() >= FROM_PEER && lines.contains(expectedTotal), 20_000);
    assertThat(lines).as("peer output").contains(expectedTotal);
    List<String> peerSent = new ArrayList<>();
    for (String l : lines) {
      if (l.startsWith("SEND ")) {
        peerSent.add(l.substring("SEND ".length()));
      }
    }
    List<String> weGot = new ArrayList<>();
    for (SctpEvent.Message m : loop.received) {
      assertThat(m.streamId()).isEqualTo(2);
      assertThat(m.ppid()).isEqualTo(53);
      weGot.add(m.data().length + " " + sha256(m.data()));
    }
    assertThat(weGot).containsExactlyElementsOf(peerSent);

    a.shutdown(loop.now());
    loop.runUntil(() -> a.state() == SctpAssociation.State.CLOSED, 10_000);
    assertThat(loop.events).anyMatch(e -> e instanceof SctpEvent.Closed);
    assertThat(loop.events).noneMatch(e -> e instanceof SctpEvent.PacketRejected);
  }

  private static void waitFor(BooleanSupplier done, long ms) throws InterruptedException {
    long end = System.currentTimeMillis() + ms;
    while (!done.getAsBoolean() && System.currentTimeMillis() < end) {
      Thread.sleep(20);
    }
  }

  private static String sha256(byte[] b) throws Exception {
    return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  /** Drives the sans-IO association with a UDP socket on real time (test-only driver). */
  private static final class Loop {
    final DatagramSocket socket;
    final InetSocketAddress peer;
    final SctpAssociation a;
    final long start;
    final List<SctpEvent.Message> received = new ArrayList<>();
    final List<SctpEvent> events = new ArrayList<>();

    Loop(DatagramSocket socket, InetSocketAddress peer, SctpAssociation a, long start) {
      this.socket = socket;
      this.peer = peer;
      this.a = a;
      this.start = start;
    }

    long now() {
      return (System.nanoTime() - start) / 1_000_000;
    }

    void runUntil(BooleanSupplier done, long ms) throws Exception {
      long end = now() + ms;
      byte[] buf = new byte[65536];
      while (true) {
        byte[] out;
        while ((out = a.pollTransmit()) != null) {
          socket.send(new DatagramPacket(out, out.length, peer));
        }
        SctpEvent e;
        while ((e = a.pollEvent()) != null) {
          events.add(e);
          if (e instanceof SctpEvent.Message m) {
            received.add(m);
          }
        }
        if (done.getAsBoolean()) {
          return;
        }
        long now = now();
        if (now >= end) {
          throw new AssertionError(
              "not done in " + ms + " ms; state " + a.state() + ", events " + events.size());
        }
        OptionalLong t = a.pollTimeout();
        long wait = Math.max(1, Math.min(end, t.orElse(end)) - now);
        socket.setSoTimeout((int) Math.min(wait, 50));
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
          socket.receive(p);
          byte[] in = new byte[p.getLength()];
          System.arraycopy(p.getData(), p.getOffset(), in, 0, in.length);
          a.handlePacket(in, now());
        } catch (SocketTimeoutException timeout) {
          // fall through to the timers
        }
        t = a.pollTimeout();
        if (t.isPresent() && t.getAsLong() <= now()) {
          a.handleTimeout(now());
        }
      }
    }
  }
}

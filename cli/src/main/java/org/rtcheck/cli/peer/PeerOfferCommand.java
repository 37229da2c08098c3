package org.rtcheck.cli.peer;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.rtcheck.stack.datachannel.DataChannelInit;
import org.rtcheck.stack.dtls.DtlsHandshakeResult;
import org.rtcheck.stack.net.IceUdpTransport;
import org.rtcheck.stack.peer.PeerConnection;
import org.rtcheck.stack.peer.PeerConnectionConfig;
import org.rtcheck.stack.peer.PeerConnectionException;
import org.rtcheck.stack.peer.PeerConnectionStats;
import org.rtcheck.stack.peer.PeerDataChannel;
import org.rtcheck.stack.rtp.RtpFormatException;
import org.rtcheck.stack.rtp.RtpPacket;
import org.rtcheck.stack.sdp.SdpAttribute.MediaDirection;
import org.rtcheck.stack.sdp.SdpType;
import org.rtcheck.stack.sdp.jsep.MediaKind;
import org.rtcheck.stack.signaling.HttpSignalingClient;
import org.rtcheck.stack.signaling.SignalingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rtcheck peer offer URL}: the client side of the echo contract. */
@Command(
    name = "offer",
    mixinStandardHelpOptions = true,
    description = {
      "Offer to an echo endpoint (POST URL with an RTCSessionDescriptionInit, or WHIP with"
          + " --whip), connect, open a data channel and check that every message comes back"
          + " unchanged; with --packets also send RTP on an audio track and check the echoes.",
      "Prints what was negotiated and the round-trip times. Exit 0: all echoed; 1: some"
          + " missing, changed, or the connection failed (the step is named); 2: bad arguments."
    })
public final class PeerOfferCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "URL", description = "e.g. http://127.0.0.1:8080/offer")
  String url;

  @Option(names = "--whip", description = "Use WHIP (RFC 9725) instead of the echo contract.")
  boolean whip;

  @Option(
      names = "--messages",
      defaultValue = "20",
      description =
          "Data channel messages, text and binary in turn, each awaited (default:"
              + " ${DEFAULT-VALUE}; 0: no data channel).")
  int messages;

  @Option(
      names = "--size",
      defaultValue = "1024",
      description = "Bytes per data channel message (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(
      names = "--packets",
      defaultValue = "0",
      description = "RTP packets to send on an audio track, 20 ms apart (default: none).")
  int packets;

  @Option(
      names = "--timeout",
      defaultValue = "15",
      paramLabel = "S",
      description =
          "Seconds for each step: signaling, connecting, opening, echoes (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    URI target = parse(url);
    if (messages < 0 || messages > 1_000_000) {
      throw new ParameterException(spec.commandLine(), "--messages must be 0..1000000");
    }
    if (size < 4 || size > 256 * 1024) {
      throw new ParameterException(spec.commandLine(), "--size must be 4..262144 (RFC 8841 limit)");
    }
    if (packets < 0 || packets > 100_000) {
      throw new ParameterException(spec.commandLine(), "--packets must be 0..100000");
    }
    if (messages == 0 && packets == 0) {
      throw new ParameterException(
          spec.commandLine(), "nothing to check: --messages and --packets are 0");
    }
    if (timeoutSeconds < 1) {
      throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second");
    }
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    HttpSignalingClient client = new HttpSignalingClient(timeout);
    PeerConnectionConfig config = PeerConnectionConfig.loopback();
    if (!InetAddress.getByName(target.getHost()).isLoopbackAddress()) {
      config = config.withTransport(IceUdpTransport.Options.allInterfaces());
    }
    try (PeerConnection pc = PeerConnection.create(config)) {
      PeerDataChannel channel =
          messages > 0 ? pc.createDataChannel("rtcheck-echo", DataChannelInit.DEFAULT) : null;
      RtpEcho rtp = packets > 0 ? new RtpEcho(pc, packets) : null;
      long start = System.nanoTime();
      URI whipResource = null;
      String step = "signaling";
      try {
        String offer = pc.offer();
        String answer;
        if (whip) {
          HttpSignalingClient.WhipSession s = client.whip(target, offer);
          whipResource = s.resource();
          answer = s.answerSdp();
        } else {
          answer = client.exchange(target, offer);
        }
        pc.setRemoteDescription(SdpType.ANSWER, answer);
        step = "connecting (ICE, DTLS)";
        DtlsHandshakeResult r = pc.awaitConnected(timeout);
        PeerConnectionStats s = pc.stats();
        out.printf(
            Locale.ROOT,
            "connected: %.1f ms (offer to DTLS done)%n",
            (System.nanoTime() - start) / 1e6);
        out.println(
            "selected pair: " + s.selectedLocalCandidate() + " -> " + s.selectedRemoteCandidate());
        out.println(
            "srtp profile: "
                + r.profile()
                + ", dtls cipher suite: 0x"
                + Integer.toHexString(r.cipherSuite()));
        out.flush();
        boolean ok = true;
        if (channel != null) {
          step = "data channel open (SCTP, DCEP)";
          channel.opened().get(timeoutSeconds, TimeUnit.SECONDS);
          out.printf(
              Locale.ROOT,
              "data channel open: %.1f ms after the offer (id %d)%n",
              (System.nanoTime() - start) / 1e6,
              channel.id());
          step = "data channel echoes";
          ok = echoMessages(channel, out, timeout);
        }
        if (rtp != null) {
          ok &= rtp.run(out);
        }
        out.flush();
        return ok ? 0 : 1;
      } catch (SignalingException | PeerConnectionException e) {
        err.println("rtcheck peer offer: " + step + ": " + e.getMessage());
        return 1;
      } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
        err.println("rtcheck peer offer: " + step + ": nothing within " + timeout + " (" + e + ")");
        return 1;
      } finally {
        if (whipResource != null) {
          try {
            client.delete(whipResource);
          } catch (SignalingException e) {
            err.println("rtcheck peer offer: " + e.getMessage());
          }
        }
      }
    }
  }

  private boolean echoMessages(PeerDataChannel channel, PrintWriter out, Duration timeout)
      throws PeerConnectionException, InterruptedException {
    LinkedBlockingQueue<PeerDataChannel.Message> back = new LinkedBlockingQueue<>();
    channel.onMessage(back::add);
    List<Long> rtts = new ArrayList<>();
    for (int i = 0; i < messages; i++) {
      boolean text = i % 2 == 0;
      byte[] payload = new byte[size];
      for (int j = 0; j < size; j++) {
        payload[j] = (byte) ('a' + (i + j) % 26);
      }
      long t = System.nanoTime();
      if (text) {
        channel.send(new String(payload, StandardCharsets.US_ASCII));
      } else {
        channel.send(payload);
      }
      PeerDataChannel.Message m = back.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (m == null) {
        out.printf(
            Locale.ROOT,
            "data channel echoed: %d/%d (message %d never came back)%n",
            i,
            messages,
            i);
        return false;
      }
      rtts.add(System.nanoTime() - t);
      if (m.isText() != text || !Arrays.equals(m.bytes(), payload)) {
        out.printf(
            Locale.ROOT,
            "data channel echo %d differs: sent %s %d bytes, got %s %d bytes%n",
            i,
            text ? "text" : "binary",
            size,
            m.isText() ? "text" : "binary",
            m.bytes().length);
        return false;
      }
    }
    out.printf(Locale.ROOT, "data channel echoed: %d/%d%n", messages, messages);
    printRtt(out, "data channel rtt ms", rtts);
    return true;
  }

  private static void printRtt(PrintWriter out, String what, List<Long> nanos) {
    if (nanos.isEmpty()) {
      return;
    }
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    out.printf(
        Locale.ROOT,
        "%s: median %.2f, p90 %.2f, max %.2f%n",
        what,
        sorted.get(sorted.size() / 2) / 1e6,
        sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.9) - 1)) / 1e6,
        sorted.get(sorted.size() - 1) / 1e6);
  }

  /** RTP on an audio track: numbered packets out, echoes matched by sequence number. */
  private static final class RtpEcho {
    private final PeerConnection pc;
    private final int packets;
    private final Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
    private final List<Long> rtts = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger malformed = new AtomicInteger();
    private final CountDownLatch allBack;

    RtpEcho(PeerConnection pc, int packets) {
      this.pc = pc;
      this.packets = packets;
      this.allBack = new CountDownLatch(packets);
      pc.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
      pc.onMedia(
          (rtcp, p) -> {
            if (rtcp) {
              return;
            }
            int seq;
            try {
              seq = RtpPacket.parse(p).sequenceNumber();
            } catch (RtpFormatException e) {
              malformed.incrementAndGet();
              return;
            }
            Long t = sentAt.remove(seq);
            if (t != null) {
              rtts.add(System.nanoTime() - t);
              allBack.countDown();
            }
          });
    }

    boolean run(PrintWriter out) throws PeerConnectionException, InterruptedException {
      for (int i = 0; i < packets; i++) {
        byte[] rtp = new byte[12 + 160];
        rtp[0] = (byte) 0x80;
        rtp[1] = 111;
        rtp[2] = (byte) (i >> 8);
        rtp[3] = (byte) i;
        int ts = i * 960;
        rtp[4] = (byte) (ts >>> 24);
        rtp[5] = (byte) (ts >>> 16);
        rtp[6] = (byte) (ts >>> 8);
        rtp[7] = (byte) ts;
        rtp[11] = 0x2a;
        sentAt.put(i & 0xffff, System.nanoTime());
        pc.sendRtp(rtp);
        Thread.sleep(20);
      }
      allBack.await(2, TimeUnit.SECONDS);
      int back = rtts.size();
      out.printf(Locale.ROOT, "rtp echoed: %d/%d%n", back, packets);
      if (malformed.get() > 0) {
        out.printf(Locale.ROOT, "malformed echoes: %d%n", malformed.get());
      }
      printRtt(out, "rtp rtt ms", rtts);
      return back == packets;
    }
  }

  private URI parse(String text) {
    try {
      URI u = new URI(text);
      if (!"http".equalsIgnoreCase(u.getScheme()) && !"https".equalsIgnoreCase(u.getScheme())) {
        throw new ParameterException(spec.commandLine(), "URL must be http or https: " + text);
      }
      if (u.getHost() == null) {
        throw new ParameterException(spec.commandLine(), "URL has no host: " + text);
      }
      InetAddress.getByName(u.getHost());
      return u;
    } catch (UnknownHostException e) {
      throw new ParameterException(spec.commandLine(), "URL " + text + ": unknown host");
    } catch (URISyntaxException e) {
      throw new ParameterException(spec.commandLine(), "URL " + text + ": " + e.getMessage());
    }
  }
}

package org.rtcheck.cli.peer;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.rtcheck.stack.dtls.DtlsHandshakeResult;
import org.rtcheck.stack.peer.PeerConnection;
import org.rtcheck.stack.peer.PeerConnectionConfig;
import org.rtcheck.stack.peer.PeerConnectionException;
import org.rtcheck.stack.peer.PeerConnectionStats;
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
          + " --whip), connect, send RTP and check that every packet comes back unchanged.",
      "Prints what was negotiated and the round-trip times. Exit 0: all echoed; 1: some"
          + " missing or the connection failed; 2: bad arguments."
    })
public final class PeerOfferCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "URL", description = "e.g. http://127.0.0.1:8080/offer")
  String url;

  @Option(names = "--whip", description = "Use WHIP (RFC 9725) instead of the echo contract.")
  boolean whip;

  @Option(
      names = "--packets",
      defaultValue = "20",
      description = "RTP packets to send, 20 ms apart (default: ${DEFAULT-VALUE}).")
  int packets;

  @Option(
      names = "--timeout",
      defaultValue = "15",
      paramLabel = "S",
      description = "Seconds for signaling and for connecting (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    URI target = parse(url);
    if (packets < 1 || packets > 100_000) {
      throw new ParameterException(spec.commandLine(), "--packets must be 1..100000");
    }
    if (timeoutSeconds < 1) {
      throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second");
    }
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    HttpSignalingClient client = new HttpSignalingClient(timeout);
    Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
    List<Long> rtts = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch allBack = new CountDownLatch(packets);
    java.util.concurrent.atomic.AtomicInteger malformed =
        new java.util.concurrent.atomic.AtomicInteger();
    PeerConnectionConfig config = PeerConnectionConfig.loopback();
    if (!java.net.InetAddress.getByName(target.getHost()).isLoopbackAddress()) {
      config = config.withTransport(org.rtcheck.stack.net.IceUdpTransport.Options.allInterfaces());
    }
    try (PeerConnection pc = PeerConnection.create(config)) {
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
            {
              Long t = sentAt.remove(seq);
              if (t != null) {
                rtts.add(System.nanoTime() - t);
                allBack.countDown();
              }
            }
          });
      pc.addTransceiver(MediaKind.AUDIO, MediaDirection.SENDRECV);
      long start = System.nanoTime();
      URI whipResource = null;
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
      } catch (SignalingException | PeerConnectionException e) {
        err.println("rtcheck peer offer: " + e.getMessage());
        return 1;
      }
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
      List<Long> sorted = new ArrayList<>(rtts);
      Collections.sort(sorted);
      out.printf(Locale.ROOT, "rtp echoed: %d/%d%n", sorted.size(), packets);
      if (malformed.get() > 0) {
        out.printf(Locale.ROOT, "malformed echoes: %d%n", malformed.get());
      }
      if (!sorted.isEmpty()) {
        out.printf(
            Locale.ROOT,
            "rtt ms: median %.2f, p90 %.2f, max %.2f%n",
            sorted.get(sorted.size() / 2) / 1e6,
            sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.9) - 1)) / 1e6,
            sorted.get(sorted.size() - 1) / 1e6);
      }
      out.flush();
      if (whipResource != null) {
        try {
          client.delete(whipResource);
        } catch (SignalingException e) {
          err.println("rtcheck peer offer: " + e.getMessage());
        }
      }
      return sorted.size() == packets ? 0 : 1;
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
      java.net.InetAddress.getByName(u.getHost());
      return u;
    } catch (java.net.UnknownHostException e) {
      throw new ParameterException(spec.commandLine(), "URL " + text + ": unknown host");
    } catch (URISyntaxException e) {
      throw new ParameterException(spec.commandLine(), "URL " + text + ": " + e.getMessage());
    }
  }
}

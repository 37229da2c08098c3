package org.rtcheck.stack.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtcheck.stack.srtp.SrtpProfile;

/** DTLS-SRTP against the real {@code openssl} binary: exported keys must match byte for byte. */
class DtlsOpensslInteropTest {

  private static final Path OPENSSL = Path.of("/usr/bin/openssl");
  private static final Pattern KEYING = Pattern.compile("Keying material: ([0-9A-Fa-f]+)");
  private static final List<SrtpProfile> PROFILES = List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80);

  @TempDir Path dir;

  @BeforeAll
  static void requireOpenssl() {
    assumeTrue(
        Files.isExecutable(OPENSSL),
        "skipped: /usr/bin/openssl is absent (apt-get install openssl)");
  }

  @Test
  void ourClientAgainstOpensslServer() throws Exception {
    DtlsCertificate ours = DtlsCertificate.generateEcdsa();
    DtlsCertificate theirs = DtlsCertificate.generateEcdsa();
    Path[] pem = writePem(theirs, "server");
    Path keylog = dir.resolve("server.keylog");
    int port = freeUdpPort();
    List<String> keyLog = Collections.synchronizedList(new ArrayList<>());
    OpensslProcess openssl =
        OpensslProcess.start(
            List.of(
                OPENSSL.toString(),
                "s_server",
                "-dtls1_2",
                "-use_srtp",
                "SRTP_AES128_CM_SHA1_80",
                "-keymatexport",
                "EXTRACTOR-dtls_srtp",
                "-keymatexportlen",
                "60",
                "-accept",
                "127.0.0.1:" + port,
                "-cert",
                pem[0].toString(),
                "-key",
                pem[1].toString(),
                "-verify",
                "1", // request our certificate (mutual authentication)
                "-keylogfile",
                keylog.toString()));
    try (openssl;
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        DtlsEndpoint client =
            DtlsEndpoint.start(
                DtlsConfig.of(DtlsRole.CLIENT, ours, List.of(DtlsFingerprint.of("sha-256", theirs)))
                    .withSrtpProfiles(PROFILES)
                    .withHandshakeTimeout(Duration.ofSeconds(15))
                    .withKeyLog(keyLog::add))) {
      assertThat(openssl.awaitLine(l -> l.startsWith("ACCEPT"), Duration.ofSeconds(10)))
          .as("s_server up; output so far:%n%s", openssl.output())
          .isNotNull();
      try (UdpPump pump = new UdpPump(client, socket, new InetSocketAddress("127.0.0.1", port))) {
        DtlsHandshakeResult result = client.awaitHandshake(Duration.ofSeconds(15));
        assertThat(pump.peer()).isNotNull();
        String line = openssl.awaitLine(l -> KEYING.matcher(l).find(), Duration.ofSeconds(10));
        assertThat(line).as("openssl output:%n%s", openssl.output()).isNotNull();
        assertKeysMatch(result, line);
        assertThat(result.peerCertificate()).isEqualTo(theirs.encoded());
        assertThat(keyLog).containsExactly(result.keyLogLine());
        assertKeyLogMatches(result.keyLogLine(), keylog);
        assertThat(openssl.output())
            .contains("SRTP Extension negotiated, profile=SRTP_AES128_CM_SHA1_80")
            .contains("Client certificate"); // s_server got our certificate (mutual auth)
        // Application data through the JCE record path: s_server prints what it decrypts.
        assertThat(client.usesJceRecords()).as("suite %04x", result.cipherSuite()).isTrue();
        for (int i = 0; i < 3; i++) {
          client.sendApplicationData(
              ("ping-from-rtcheck-" + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(
                openssl.awaitLine(l -> l.contains("ping-from-rtcheck-2"), Duration.ofSeconds(10)))
            .as("openssl output:%n%s", openssl.output())
            .isNotNull();
        assertThat(openssl.output()).contains("ping-from-rtcheck-0", "ping-from-rtcheck-1");
      }
    }
  }

  @Test
  void opensslClientAgainstOurServer() throws Exception {
    DtlsCertificate ours = DtlsCertificate.generateEcdsa();
    DtlsCertificate theirs = DtlsCertificate.generateEcdsa();
    Path[] pem = writePem(theirs, "client");
    Path keylog = dir.resolve("client.keylog");
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        DtlsEndpoint server =
            DtlsEndpoint.start(
                DtlsConfig.of(DtlsRole.SERVER, ours, List.of(DtlsFingerprint.of("sha-256", theirs)))
                    .withSrtpProfiles(PROFILES)
                    .withHandshakeTimeout(Duration.ofSeconds(15)));
        UdpPump pump = new UdpPump(server, socket, null);
        OpensslProcess openssl =
            OpensslProcess.start(
                List.of(
                    OPENSSL.toString(),
                    "s_client",
                    "-dtls1_2",
                    "-use_srtp",
                    "SRTP_AES128_CM_SHA1_80",
                    "-keymatexport",
                    "EXTRACTOR-dtls_srtp",
                    "-keymatexportlen",
                    "60",
                    "-connect",
                    "127.0.0.1:" + socket.getLocalPort(),
                    "-cert",
                    pem[0].toString(),
                    "-key",
                    pem[1].toString(),
                    "-keylogfile",
                    keylog.toString()))) {
      DtlsHandshakeResult result = server.awaitHandshake(Duration.ofSeconds(15));
      assertThat(pump.peer()).isNotNull();
      String line = openssl.awaitLine(l -> KEYING.matcher(l).find(), Duration.ofSeconds(10));
      assertThat(line).as("openssl output:%n%s", openssl.output()).isNotNull();
      assertKeysMatch(result, line);
      assertThat(result.peerCertificate()).isEqualTo(theirs.encoded());
      assertKeyLogMatches(result.keyLogLine(), keylog);
      assertThat(openssl.output()).contains("Extended master secret: yes");
      // Application data both ways through the JCE record path.
      assertThat(server.usesJceRecords()).as("suite %04x", result.cipherSuite()).isTrue();
      openssl.write("ping-from-openssl\n");
      assertThat(awaitApplicationData(server, Duration.ofSeconds(10)))
          .isEqualTo("ping-from-openssl\n");
      server.sendApplicationData("pong-from-rtcheck\n".getBytes(StandardCharsets.UTF_8));
      assertThat(openssl.awaitLine(l -> l.contains("pong-from-rtcheck"), Duration.ofSeconds(10)))
          .as("openssl output:%n%s", openssl.output())
          .isNotNull();
    }
  }

  @Test
  void opensslServerWithWrongCertificateIsRejected() throws Exception {
    DtlsCertificate ours = DtlsCertificate.generateEcdsa();
    DtlsCertificate theirs = DtlsCertificate.generateEcdsa();
    DtlsCertificate expected = DtlsCertificate.generateEcdsa();
    Path[] pem = writePem(theirs, "server");
    int port = freeUdpPort();
    OpensslProcess openssl =
        OpensslProcess.start(
            List.of(
                OPENSSL.toString(),
                "s_server",
                "-dtls1_2",
                "-use_srtp",
                "SRTP_AES128_CM_SHA1_80",
                "-accept",
                "127.0.0.1:" + port,
                "-cert",
                pem[0].toString(),
                "-key",
                pem[1].toString()));
    try (openssl;
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        DtlsEndpoint client =
            DtlsEndpoint.start(
                DtlsConfig.of(
                        DtlsRole.CLIENT, ours, List.of(DtlsFingerprint.of("sha-256", expected)))
                    .withSrtpProfiles(PROFILES)
                    .withHandshakeTimeout(Duration.ofSeconds(15)))) {
      assertThat(openssl.awaitLine(l -> l.startsWith("ACCEPT"), Duration.ofSeconds(10)))
          .isNotNull();
      try (UdpPump pump = new UdpPump(client, socket, new InetSocketAddress("127.0.0.1", port))) {
        DtlsException e =
            org.junit.jupiter.api.Assertions.assertThrows(
                DtlsException.class, () -> client.awaitHandshake(Duration.ofSeconds(15)));
        assertThat(pump.peer()).isNotNull();
        assertThat(e.reason()).isEqualTo(DtlsException.Reason.FINGERPRINT_MISMATCH);
        assertThat(e.getMessage())
            .contains(expected.fingerprint("sha-256"))
            .contains(theirs.fingerprint("sha-256"));
      }
    }
  }

  private static void assertKeysMatch(DtlsHandshakeResult result, String opensslLine) {
    Matcher m = KEYING.matcher(opensslLine);
    assertThat(m.find()).isTrue();
    byte[] theirs = HexFormat.of().parseHex(m.group(1).toLowerCase(Locale.ROOT));
    assertThat(theirs).hasSize(60);
    assertThat(result.profile()).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    assertThat(result.keyingMaterial().exported()).isEqualTo(theirs);
    assertThat(result.keyingMaterial().clientKey())
        .isEqualTo(java.util.Arrays.copyOfRange(theirs, 0, 16));
    assertThat(result.keyingMaterial().serverKey())
        .isEqualTo(java.util.Arrays.copyOfRange(theirs, 16, 32));
    assertThat(result.keyingMaterial().clientSalt())
        .isEqualTo(java.util.Arrays.copyOfRange(theirs, 32, 46));
    assertThat(result.keyingMaterial().serverSalt())
        .isEqualTo(java.util.Arrays.copyOfRange(theirs, 46, 60));
  }

  /** openssl's own key log (-keylogfile) must hold exactly our CLIENT_RANDOM line. */
  private static void assertKeyLogMatches(String ours, Path opensslKeylog) throws Exception {
    assertThat(ours).isNotNull();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    List<String> lines = List.of();
    while (System.nanoTime() < end) {
      lines = Files.exists(opensslKeylog) ? Files.readAllLines(opensslKeylog) : List.of();
      if (lines.stream().anyMatch(l -> l.startsWith("CLIENT_RANDOM"))) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(
            lines.stream()
                .filter(l -> l.startsWith("CLIENT_RANDOM"))
                .map(l -> l.toLowerCase(Locale.ROOT)))
        .containsExactly(ours.toLowerCase(Locale.ROOT));
  }

  private Path[] writePem(DtlsCertificate cert, String name) throws IOException {
    Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    Path certPem = dir.resolve(name + "-cert.pem");
    Path keyPem = dir.resolve(name + "-key.pem");
    Files.writeString(
        certPem,
        "-----BEGIN CERTIFICATE-----\n"
            + b64.encodeToString(cert.encoded())
            + "\n-----END CERTIFICATE-----\n");
    Files.writeString(
        keyPem,
        "-----BEGIN PRIVATE KEY-----\n"
            + b64.encodeToString(cert.keyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
    return new Path[] {certPem, keyPem};
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      return s.getLocalPort();
    }
  }

  private static String awaitApplicationData(DtlsEndpoint endpoint, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      byte[] d = endpoint.pollApplicationData();
      if (d != null) {
        return new String(d, StandardCharsets.UTF_8);
      }
      Thread.sleep(10);
    }
    return null;
  }

  /** An openssl child process; stdin stays open (EOF would end the session); killed by PID. */
  static final class OpensslProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;

    private OpensslProcess(Process process) {
      this.process = process;
      this.reader = new Thread(this::read, "openssl-stdout-" + process.pid());
      reader.setDaemon(true);
    }

    static OpensslProcess start(List<String> command) throws IOException {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      OpensslProcess o = new OpensslProcess(p);
      o.reader.start();
      return o;
    }

    private void read() {
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          lines.add(l);
        }
      } catch (IOException e) {
        // process ended
      }
    }

    String awaitLine(java.util.function.Predicate<String> p, Duration timeout)
        throws InterruptedException {
      long end = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < end) {
        synchronized (lines) {
          for (String l : lines) {
            if (p.test(l)) {
              return l;
            }
          }
        }
        Thread.sleep(20);
      }
      return null;
    }

    /** Writes to the process's stdin: s_client sends each line as application data. */
    void write(String text) throws IOException {
      process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().flush();
    }

    String output() {
      synchronized (lines) {
        return String.join("\n", lines);
      }
    }

    @Override
    public void close() {
      long pid = process.pid();
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          throw new IllegalStateException("openssl pid " + pid + " did not die");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Test-only pump between a UDP socket and an endpoint; learns the peer from the first packet. */
  static final class UdpPump implements AutoCloseable {
    private final DtlsEndpoint endpoint;
    private final DatagramSocket socket;
    private volatile SocketAddress peer;
    private volatile boolean running = true;
    private final Thread in;
    private final Thread out;

    UdpPump(DtlsEndpoint endpoint, DatagramSocket socket, SocketAddress peer) throws IOException {
      this.endpoint = endpoint;
      this.socket = socket;
      this.peer = peer;
      socket.setSoTimeout(100);
      in = new Thread(this::inbound, "udp-pump-in");
      out = new Thread(this::outbound, "udp-pump-out");
      in.setDaemon(true);
      out.setDaemon(true);
      in.start();
      out.start();
    }

    private void inbound() {
      byte[] buf = new byte[2048];
      while (running) {
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        try {
          socket.receive(packet);
        } catch (SocketTimeoutException e) {
          continue;
        } catch (IOException e) {
          return;
        }
        if (peer == null) {
          peer = packet.getSocketAddress();
        }
        endpoint.receive(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
      }
    }

    private void outbound() {
      while (running) {
        try {
          byte[] d = endpoint.poll(Duration.ofMillis(100));
          SocketAddress to = peer;
          if (d != null && to != null) {
            socket.send(new DatagramPacket(d, d.length, to));
          }
        } catch (InterruptedException | IOException e) {
          return;
        }
      }
    }

    SocketAddress peer() {
      return peer;
    }

    @Override
    public void close() {
      running = false;
      try {
        in.join(1000);
        out.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

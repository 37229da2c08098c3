package org.rtcheck.cli.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rtcheck.cli.Cli;
import org.rtcheck.cli.Cli.Result;
import org.rtcheck.cli.RtcheckCommand;
import org.rtcheck.stack.dtls.DtlsCertificate;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DtlsCommandsTest {

  private static final Path OPENSSL = Path.of("/usr/bin/openssl");
  private static final Pattern KEYING = Pattern.compile("Keying material: ([0-9A-Fa-f]+)");

  @TempDir Path dir;

  /** A certificate on disk, with its sha-256 fingerprint attribute. */
  private record Pem(Path cert, Path key, String fingerprint) {}

  private Pem pem(String name, DtlsCertificate c) throws IOException {
    Path cert = dir.resolve(name + "-cert.pem");
    Path key = dir.resolve(name + "-key.pem");
    c.writePem(cert, key);
    return new Pem(cert, key, "sha-256 " + c.fingerprint("sha-256"));
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      return s.getLocalPort();
    }
  }

  /** {@code rtcheck dtls listen} running in the background, its output readable as it comes. */
  private static final class Listener {
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final CompletableFuture<Integer> exit;

    Listener(String... args) {
      List<String> all = new ArrayList<>(List.of("dtls", "listen", "0"));
      all.addAll(List.of(args));
      exit =
          CompletableFuture.supplyAsync(
              () ->
                  RtcheckCommand.execute(
                      new PrintWriter(into(out), true),
                      new PrintWriter(into(err), true),
                      all.toArray(String[]::new)));
    }

    private static Writer into(StringBuffer b) {
      return new Writer() {
        @Override
        public void write(char[] c, int off, int len) {
          b.append(c, off, len);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
    }

    /** The bound port, from the {@code listening:} line. */
    int port() throws Exception {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < end) {
        Matcher m = Pattern.compile("listening: 127\\.0\\.0\\.1:(\\d+)").matcher(out);
        if (m.find()) {
          return Integer.parseInt(m.group(1));
        }
        if (exit.isDone()) {
          throw new AssertionError("the listener ended: " + result().describe());
        }
        Thread.sleep(10);
      }
      throw new AssertionError("the listener printed no port: " + out);
    }

    Result result() throws Exception {
      int code = exit.get(30, TimeUnit.SECONDS);
      return new Result(code, out.toString(), err.toString(), List.of());
    }
  }

  private static String line(String out, String prefix) {
    return out.lines()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no \"" + prefix + "\" in\n" + out));
  }

  private static String keyingHex(String out) {
    return line(out, "client key: ")
        + line(out, "server key: ")
        + line(out, "client salt: ")
        + line(out, "server salt: ");
  }

  @Test
  void listenAndConnectAgree() throws Exception {
    Pem server = pem("server", DtlsCertificate.generateEcdsa());
    Pem client = pem("client", DtlsCertificate.generateRsa());
    Path keylog = dir.resolve("keys.log");
    Listener listen =
        new Listener(
            "--certificate",
            server.cert().toString(),
            "--private-key",
            server.key().toString(),
            "--fingerprint",
            client.fingerprint(),
            "--srtp-profiles",
            "AEAD_AES_128_GCM,AES_CM_128_HMAC_SHA1_80",
            "--print-keying-material",
            "--keylog",
            keylog.toString(),
            "--timeout",
            "20");
    int port = listen.port();
    Result c =
        Cli.run(
            "dtls",
            "connect",
            "127.0.0.1:" + port,
            "--certificate",
            client.cert().toString(),
            "--private-key",
            client.key().toString(),
            "--fingerprint",
            "sha-1 00:11",
            "--fingerprint",
            server.fingerprint(),
            "--srtp-profiles",
            "AES_CM_128_HMAC_SHA1_80,AEAD_AES_128_GCM",
            "--print-keying-material",
            "--keylog",
            keylog.toString(),
            "--timeout",
            "20");
    Result s = listen.result();
    assertThat(c.exitCode()).as(c.describe()).isZero();
    assertThat(s.exitCode()).as(s.describe()).isZero();
    assertThat(c.unexpected()).isEmpty();
    assertThat(line(s.out(), "fingerprint: ")).isEqualTo(server.fingerprint());
    assertThat(line(c.out(), "fingerprint: ")).isEqualTo(client.fingerprint());
    assertThat(line(s.out(), "listening: ")).isEqualTo("127.0.0.1:" + port);
    // the server chooses in its own order
    assertThat(line(c.out(), "profile: ")).isEqualTo("AEAD_AES_128_GCM");
    assertThat(line(s.out(), "profile: ")).isEqualTo("AEAD_AES_128_GCM");
    assertThat(line(c.out(), "cipher suite: ")).isEqualTo(line(s.out(), "cipher suite: "));
    assertThat(line(c.out(), "cipher suite: ")).startsWith("TLS_ECDHE_").contains("(0x");
    assertThat(line(c.out(), "peer fingerprint matched: ")).isEqualTo(server.fingerprint());
    assertThat(line(s.out(), "peer fingerprint matched: ")).isEqualTo(client.fingerprint());
    assertThat(keyingHex(c.out())).isEqualTo(keyingHex(s.out())).hasSize(2 * (2 * (16 + 12)));
    assertThat(line(c.out(), "exported: ")).isEqualTo(line(s.out(), "exported: "));
    List<String> keys = Files.readAllLines(keylog);
    assertThat(keys).hasSize(2).allMatch(l -> l.matches("CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}"));
    assertThat(keys.get(0)).isEqualTo(keys.get(1));
  }

  @Test
  void wrongFingerprintFailsWithTheReason() throws Exception {
    Pem server = pem("server", DtlsCertificate.generateEcdsa());
    Pem client = pem("client", DtlsCertificate.generateEcdsa());
    String other = "sha-256 " + DtlsCertificate.generateEcdsa().fingerprint("sha-256");
    Listener listen =
        new Listener(
            "--certificate",
            server.cert().toString(),
            "--private-key",
            server.key().toString(),
            "--fingerprint",
            client.fingerprint(),
            "--timeout",
            "10");
    int port = listen.port();
    Result c =
        Cli.run(
            "dtls",
            "connect",
            "127.0.0.1:" + port,
            "--certificate",
            client.cert().toString(),
            "--private-key",
            client.key().toString(),
            "--fingerprint",
            other,
            "--timeout",
            "10");
    Result s = listen.result();
    assertThat(c.exitCode()).as(c.describe()).isEqualTo(1);
    assertThat(c.out()).contains("result: FINGERPRINT_MISMATCH");
    assertThat(c.err()).contains("handshake failed: FINGERPRINT_MISMATCH");
    assertThat(c.unexpected()).isEmpty();
    assertThat(s.exitCode()).as(s.describe()).isEqualTo(1);
    assertThat(s.out()).containsPattern("result: (PEER_ALERT|HANDSHAKE_TIMEOUT)");
  }

  @Test
  void noPeerTimesOut() {
    Result r = Cli.run("dtls", "listen", "0", "--fingerprint", "sha-256 00:11", "--timeout", "1");
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
    assertThat(r.out()).contains("result: HANDSHAKE_TIMEOUT").contains("listening: 127.0.0.1:");
  }

  @Test
  void badArgumentsExitWith2() throws Exception {
    Pem a = pem("a", DtlsCertificate.generateEcdsa());
    Pem b = pem("b", DtlsCertificate.generateEcdsa());
    List<String[]> bad =
        List.of(
            new String[] {"dtls", "connect", "127.0.0.1:4433"},
            new String[] {"dtls", "connect", "127.0.0.1", "--fingerprint", a.fingerprint()},
            new String[] {"dtls", "connect", "127.0.0.1:99999", "--fingerprint", a.fingerprint()},
            new String[] {"dtls", "connect", "127.0.0.1:4433", "--fingerprint", "AB:CD"},
            new String[] {"dtls", "connect", "127.0.0.1:4433", "--fingerprint", "md5 AB:CD"},
            new String[] {
              "dtls", "listen", "0", "--fingerprint", a.fingerprint(), "--srtp-profiles", "NOPE"
            },
            new String[] {
              "dtls",
              "listen",
              "0",
              "--fingerprint",
              a.fingerprint(),
              "--srtp-profiles",
              "AES_256_CM_HMAC_SHA1_80"
            },
            new String[] {"dtls", "listen", "x", "--fingerprint", a.fingerprint()},
            new String[] {
              "dtls", "listen", "0", "--fingerprint", a.fingerprint(), "--timeout", "0"
            },
            new String[] {
              "dtls", "listen", "0", "--fingerprint", a.fingerprint(), "--bind", "no.such.host."
            },
            new String[] {
              "dtls",
              "listen",
              "0",
              "--fingerprint",
              a.fingerprint(),
              "--certificate",
              a.cert().toString()
            },
            new String[] {
              "dtls",
              "listen",
              "0",
              "--fingerprint",
              a.fingerprint(),
              "--certificate",
              a.cert().toString(),
              "--private-key",
              b.key().toString()
            });
    for (String[] args : bad) {
      Result r = Cli.run(args);
      assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.describe()).isEqualTo(2);
      assertThat(r.unexpected()).isEmpty();
      assertThat(r.out()).doesNotContain("fingerprint: ");
    }
  }

  @Test
  void connectAgainstOpensslServer() throws Exception {
    assumeTrue(Files.isExecutable(OPENSSL), "skipped: /usr/bin/openssl is absent");
    Pem ours = pem("ours", DtlsCertificate.generateEcdsa());
    Pem theirs = pem("theirs", DtlsCertificate.generateEcdsa());
    int port = freeUdpPort();
    try (OpensslProcess openssl =
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
                theirs.cert().toString(),
                "-key",
                theirs.key().toString(),
                "-verify",
                "1"))) {
      assertThat(openssl.awaitLine(l -> l.startsWith("ACCEPT"), Duration.ofSeconds(10)))
          .as(openssl.output())
          .isNotNull();
      Result c =
          Cli.run(
              "dtls",
              "connect",
              "127.0.0.1:" + port,
              "--certificate",
              ours.cert().toString(),
              "--private-key",
              ours.key().toString(),
              "--fingerprint",
              theirs.fingerprint(),
              "--print-keying-material",
              "--timeout",
              "15");
      assertThat(c.exitCode()).as(c.describe() + "\nopenssl:\n" + openssl.output()).isZero();
      assertThat(line(c.out(), "profile: ")).isEqualTo("AES_CM_128_HMAC_SHA1_80");
      String keying = openssl.awaitLine(l -> KEYING.matcher(l).find(), Duration.ofSeconds(10));
      assertThat(keying).as(openssl.output()).isNotNull();
      assertThat(line(c.out(), "exported: ")).isEqualTo(opensslKeying(keying));
    }
  }

  @Test
  void listenAgainstOpensslClient() throws Exception {
    assumeTrue(Files.isExecutable(OPENSSL), "skipped: /usr/bin/openssl is absent");
    Pem ours = pem("ours", DtlsCertificate.generateEcdsa());
    Pem theirs = pem("theirs", DtlsCertificate.generateEcdsa());
    Listener listen =
        new Listener(
            "--certificate",
            ours.cert().toString(),
            "--private-key",
            ours.key().toString(),
            "--fingerprint",
            theirs.fingerprint(),
            "--srtp-profiles",
            "AEAD_AES_128_GCM,AES_CM_128_HMAC_SHA1_80",
            "--print-keying-material",
            "--timeout",
            "15");
    int port = listen.port();
    try (OpensslProcess openssl =
        OpensslProcess.start(
            List.of(
                OPENSSL.toString(),
                "s_client",
                "-dtls1_2",
                "-use_srtp",
                "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80",
                "-keymatexport",
                "EXTRACTOR-dtls_srtp",
                "-keymatexportlen",
                "56",
                "-connect",
                "127.0.0.1:" + port,
                "-cert",
                theirs.cert().toString(),
                "-key",
                theirs.key().toString()))) {
      Result s = listen.result();
      assertThat(s.exitCode()).as(s.describe() + "\nopenssl:\n" + openssl.output()).isZero();
      assertThat(line(s.out(), "profile: ")).isEqualTo("AEAD_AES_128_GCM");
      String keying = openssl.awaitLine(l -> KEYING.matcher(l).find(), Duration.ofSeconds(10));
      assertThat(keying).as(openssl.output()).isNotNull();
      assertThat(line(s.out(), "exported: ")).isEqualTo(opensslKeying(keying));
    }
  }

  private static String opensslKeying(String line) {
    Matcher m = KEYING.matcher(line);
    assertThat(m.find()).isTrue();
    return m.group(1).toLowerCase(Locale.ROOT);
  }

  /** An openssl child: stdin left open (EOF ends the session), output collected, killed by PID. */
  private static final class OpensslProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    private OpensslProcess(Process process) {
      this.process = process;
      Thread reader = new Thread(this::read, "openssl-" + process.pid());
      reader.setDaemon(true);
      reader.start();
    }

    static OpensslProcess start(List<String> command) throws IOException {
      return new OpensslProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    private void read() {
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          lines.add(l);
        }
      } catch (IOException e) {
        // the process ended
      }
    }

    String awaitLine(Predicate<String> p, Duration timeout) throws InterruptedException {
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

    String output() {
      synchronized (lines) {
        return String.join("\n", lines);
      }
    }

    @Override
    public void close() {
      ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          throw new IllegalStateException("openssl pid " + process.pid() + " did not die");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

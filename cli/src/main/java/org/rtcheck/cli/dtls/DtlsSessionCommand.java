package org.rtcheck.cli.dtls;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bouncycastle.tls.CipherSuite;
import org.rtcheck.cli.HostPort;
import org.rtcheck.stack.dtls.DtlsCertificate;
import org.rtcheck.stack.dtls.DtlsConfig;
import org.rtcheck.stack.dtls.DtlsException;
import org.rtcheck.stack.dtls.DtlsFingerprint;
import org.rtcheck.stack.dtls.DtlsHandshakeResult;
import org.rtcheck.stack.dtls.DtlsRole;
import org.rtcheck.stack.dtls.SrtpKeyingMaterial;
import org.rtcheck.stack.net.DtlsUdpSession;
import org.rtcheck.stack.srtp.SrtpProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rtcheck dtls connect|listen}: one DTLS-SRTP handshake over UDP, then close. */
abstract class DtlsSessionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--fingerprint",
      required = true,
      paramLabel = "\"HASH HEX\"",
      description =
          "The peer's expected certificate fingerprint as in a=fingerprint, e.g. \"sha-256"
              + " AB:CD:…\"; repeatable, one must match (RFC 8122 §5).")
  List<String> fingerprints;

  @Option(
      names = "--srtp-profiles",
      split = ",",
      paramLabel = "P,P",
      description =
          "SRTP protection profiles in order of preference (default: AES_CM_128_HMAC_SHA1_80,"
              + " AEAD_AES_128_GCM, AES_CM_128_HMAC_SHA1_32); one of: ${COMPLETION-CANDIDATES}.")
  List<SrtpProfile> srtpProfiles;

  @Option(names = "--rsa", description = "Generate an RSA 2048 certificate instead of ECDSA P-256.")
  boolean rsa;

  @Option(
      names = "--certificate",
      paramLabel = "PEM",
      description = "Use this certificate (PEM) instead of a fresh one; needs --private-key.")
  Path certificatePem;

  @Option(
      names = "--private-key",
      paramLabel = "PEM",
      description = "The private key (PEM, PKCS#8 or traditional) of --certificate.")
  Path privateKeyPem;

  @Option(
      names = "--print-keying-material",
      description = "Print the exported SRTP master keys and salts (RFC 5764 §4.2).")
  boolean printKeyingMaterial;

  @Option(
      names = "--keylog",
      paramLabel = "FILE",
      description = "Append the NSS key log line (CLIENT_RANDOM …) for Wireshark.")
  Path keylog;

  @Option(
      names = "--timeout",
      defaultValue = "30",
      paramLabel = "S",
      description = "Seconds the handshake may take (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  abstract DtlsRole role();

  abstract InetSocketAddress local();

  abstract InetSocketAddress remote();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (timeoutSeconds < 1) {
      throw usage("--timeout must be at least 1 second");
    }
    List<DtlsFingerprint> expected = new ArrayList<>();
    for (String f : fingerprints) {
      try {
        expected.add(DtlsFingerprint.parse(f));
      } catch (IllegalArgumentException e) {
        throw usage("--fingerprint \"" + f + "\": " + e.getMessage());
      }
    }
    DtlsCertificate certificate = certificate();
    DtlsConfig config;
    try {
      config =
          DtlsConfig.of(role(), certificate, expected)
              .withHandshakeTimeout(Duration.ofSeconds(timeoutSeconds));
      if (srtpProfiles != null) {
        config = config.withSrtpProfiles(srtpProfiles);
      }
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    InetSocketAddress local = local();
    InetSocketAddress remote = remote();
    out.println("fingerprint: " + DtlsFingerprint.of("sha-256", certificate));
    out.flush();
    try (DtlsUdpSession session = DtlsUdpSession.start(config, local, remote)) {
      if (remote == null) {
        out.println("listening: " + hostPort(session.localAddress()));
      } else {
        out.println("connecting: " + hostPort(session.localAddress()) + " -> " + hostPort(remote));
      }
      out.flush();
      DtlsHandshakeResult result;
      try {
        result = session.awaitHandshake(Duration.ofSeconds(timeoutSeconds + 1L));
      } catch (DtlsException e) {
        err.println("handshake failed: " + e.getMessage());
        out.println("result: " + e.reason());
        return 1;
      }
      print(out, session, result);
      if (keylog != null && result.keyLogLine() != null) {
        Files.writeString(
            keylog,
            result.keyLogLine() + "\n",
            StandardCharsets.US_ASCII,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      }
      return 0;
    } catch (IOException e) {
      err.println("dtls: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("dtls: interrupted");
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private void print(PrintWriter out, DtlsUdpSession session, DtlsHandshakeResult result) {
    out.println("result: OK");
    out.println("peer: " + hostPort((InetSocketAddress) session.peer()));
    out.println("profile: " + result.profile().name());
    out.println("cipher suite: " + cipherSuiteName(result.cipherSuite()));
    out.println("peer fingerprint matched: " + result.matchedFingerprint());
    if (printKeyingMaterial) {
      SrtpKeyingMaterial k = result.keyingMaterial();
      HexFormat hex = HexFormat.of();
      out.println("client key: " + hex.formatHex(k.clientKey()));
      out.println("client salt: " + hex.formatHex(k.clientSalt()));
      out.println("server key: " + hex.formatHex(k.serverKey()));
      out.println("server salt: " + hex.formatHex(k.serverSalt()));
      out.println("exported: " + hex.formatHex(k.exported()));
    }
  }

  private DtlsCertificate certificate() {
    if ((certificatePem == null) != (privateKeyPem == null)) {
      throw usage("--certificate and --private-key go together");
    }
    if (certificatePem != null) {
      if (rsa) {
        throw usage("--rsa generates a certificate; it cannot be combined with --certificate");
      }
      try {
        return DtlsCertificate.readPem(certificatePem, privateKeyPem);
      } catch (IOException | RuntimeException e) {
        throw usage("--certificate: " + e.getMessage());
      }
    }
    return rsa ? DtlsCertificate.generateRsa() : DtlsCertificate.generateEcdsa();
  }

  /** The IANA name from Bouncy Castle's constants, with the number. */
  static String cipherSuiteName(int suite) {
    String number = String.format(Locale.ROOT, "0x%04X", suite);
    for (Field f : CipherSuite.class.getFields()) {
      try {
        if (Modifier.isStatic(f.getModifiers())
            && f.getType() == int.class
            && f.getInt(null) == suite
            && f.getName().startsWith("TLS_")) {
          return f.getName() + " (" + number + ")";
        }
      } catch (IllegalAccessException e) {
        // public constants only
      }
    }
    return number;
  }

  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  InetAddress address(String option, String host) {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw usage(option + ": unknown host " + host);
    }
  }

  static String hostPort(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  int port(String what, String text) {
    try {
      int p = Integer.parseInt(text);
      if (p >= 0 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw usage(what + ": not a port: " + text);
  }

  /** {@code rtcheck dtls connect HOST:PORT}. */
  @Command(
      name = "connect",
      mixinStandardHelpOptions = true,
      description = {
        "DTLS client: handshakes with HOST:PORT over UDP, checks the peer certificate against"
            + " --fingerprint and prints the negotiated SRTP profile, cipher suite and (with"
            + " --print-keying-material) the exported keys. Prints its own fingerprint first.",
        "Exit status: 0 handshake completed, 1 handshake failed (the reason is printed), 2 bad"
            + " arguments."
      })
  static final class Connect extends DtlsSessionCommand {

    @Parameters(paramLabel = "HOST:PORT", description = "The DTLS server, e.g. 127.0.0.1:4433.")
    String server;

    @Option(
        names = "--bind",
        paramLabel = "ADDR",
        description = "Local address to bind (default: the wildcard address, any port).")
    String bind;

    @Override
    DtlsRole role() {
      return DtlsRole.CLIENT;
    }

    @Override
    InetSocketAddress local() {
      return bind == null
          ? new InetSocketAddress(0)
          : new InetSocketAddress(address("--bind", bind), 0);
    }

    @Override
    InetSocketAddress remote() {
      try {
        return HostPort.parse("HOST:PORT", server, HostPort.REQUIRED);
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      }
    }
  }

  /** {@code rtcheck dtls listen PORT}. */
  @Command(
      name = "listen",
      mixinStandardHelpOptions = true,
      description = {
        "DTLS server: waits on UDP PORT for the first ClientHello, handshakes with that peer only"
            + " (datagrams from other addresses are ignored), checks its certificate against"
            + " --fingerprint and prints the result as connect does. Prints its own fingerprint"
            + " and the bound address first (PORT 0: any free port).",
        "Exit status: 0 handshake completed, 1 handshake failed or timed out, 2 bad arguments."
      })
  static final class Listen extends DtlsSessionCommand {

    @Parameters(paramLabel = "PORT", description = "UDP port to listen on.")
    String portText;

    @Option(
        names = "--bind",
        paramLabel = "ADDR",
        defaultValue = "127.0.0.1",
        description = "Local address to bind (default: ${DEFAULT-VALUE}).")
    String bind;

    @Override
    DtlsRole role() {
      return DtlsRole.SERVER;
    }

    @Override
    InetSocketAddress local() {
      return new InetSocketAddress(address("--bind", bind), port("PORT", portText));
    }

    @Override
    InetSocketAddress remote() {
      return null;
    }
  }
}

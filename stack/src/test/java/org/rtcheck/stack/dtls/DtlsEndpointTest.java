package org.rtcheck.stack.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.srtp.SrtpProfile;

class DtlsEndpointTest {

  private static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generateEcdsa();
  private static final DtlsCertificate SERVER_CERT = DtlsCertificate.generateEcdsa();

  /** Wires two endpoints together until both handshakes have an outcome, bounded in time. */
  static void pump(DtlsEndpoint a, DtlsEndpoint b, Duration bound) throws InterruptedException {
    long end = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < end && !(a.handshake().isDone() && b.handshake().isDone())) {
      boolean moved = false;
      for (byte[] d = a.poll(); d != null; d = a.poll()) {
        b.receive(d);
        moved = true;
      }
      for (byte[] d = b.poll(); d != null; d = b.poll()) {
        a.receive(d);
        moved = true;
      }
      if (!moved) {
        Thread.sleep(1);
      }
    }
  }

  private static DtlsConfig config(
      DtlsRole role, DtlsCertificate own, DtlsCertificate peer, List<SrtpProfile> profiles) {
    return DtlsConfig.of(role, own, List.of(DtlsFingerprint.of("sha-256", peer)))
        .withSrtpProfiles(profiles)
        .withHandshakeTimeout(Duration.ofSeconds(10));
  }

  @Test
  void ownClientAndServerAgreeOnProfileAndKeys() throws Exception {
    List<String> keyLog = Collections.synchronizedList(new ArrayList<>());
    try (DtlsEndpoint server =
            DtlsEndpoint.start(
                config(
                        DtlsRole.SERVER,
                        SERVER_CERT,
                        CLIENT_CERT,
                        List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80))
                    .withKeyLog(keyLog::add));
        DtlsEndpoint client =
            DtlsEndpoint.start(
                config(
                        DtlsRole.CLIENT,
                        CLIENT_CERT,
                        SERVER_CERT,
                        List.of(
                            SrtpProfile.AES_256_CM_HMAC_SHA1_80, // no DTLS-SRTP id: skipped
                            SrtpProfile.AES_CM_128_HMAC_SHA1_80,
                            SrtpProfile.AEAD_AES_128_GCM))
                    .withKeyLog(keyLog::add))) {
      pump(client, server, Duration.ofSeconds(10));
      DtlsHandshakeResult c = client.awaitHandshake(Duration.ofSeconds(1));
      DtlsHandshakeResult s = server.awaitHandshake(Duration.ofSeconds(1));

      // the server picks in its own order of preference
      assertThat(c.profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
      assertThat(s.profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
      assertThat(c.keyingMaterial()).isEqualTo(s.keyingMaterial());
      assertThat(c.keyingMaterial().clientKey()).hasSize(16);
      assertThat(c.keyingMaterial().clientSalt()).hasSize(12);
      assertThat(c.keyingMaterial().clientKey()).isNotEqualTo(c.keyingMaterial().serverKey());
      assertThat(c.peerCertificate()).isEqualTo(SERVER_CERT.encoded());
      assertThat(s.peerCertificate()).isEqualTo(CLIENT_CERT.encoded());
      assertThat(c.cipherSuite()).isEqualTo(s.cipherSuite());
      assertThat(c.keyLogLine()).matches("CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}");
      assertThat(c.keyLogLine()).isEqualTo(s.keyLogLine());
      assertThat(keyLog).containsExactly(c.keyLogLine(), s.keyLogLine());

      // application data both ways over the established association
      client.sendApplicationData(new byte[] {1, 2, 3});
      server.sendApplicationData(new byte[] {4, 5});
      byte[] atServer = null;
      byte[] atClient = null;
      long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while ((atServer == null || atClient == null) && System.nanoTime() < end) {
        for (byte[] d = client.poll(); d != null; d = client.poll()) {
          server.receive(d);
        }
        for (byte[] d = server.poll(); d != null; d = server.poll()) {
          client.receive(d);
        }
        if (atServer == null) {
          atServer = server.pollApplicationData();
        }
        if (atClient == null) {
          atClient = client.pollApplicationData();
        }
        Thread.sleep(1);
      }
      assertThat(atServer).containsExactly(1, 2, 3);
      assertThat(atClient).containsExactly(4, 5);
    }
  }

  @Test
  void gcmRecordsGrowToTheDatagramLimitUpToAWholeRecord() throws Exception {
    List<SrtpProfile> profiles = List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    try (DtlsEndpoint server =
            DtlsEndpoint.start(config(DtlsRole.SERVER, SERVER_CERT, CLIENT_CERT, profiles));
        DtlsEndpoint client =
            DtlsEndpoint.start(config(DtlsRole.CLIENT, CLIENT_CERT, SERVER_CERT, profiles))) {
      pump(client, server, Duration.ofSeconds(10));
      client.awaitHandshake(Duration.ofSeconds(1));
      server.awaitHandshake(Duration.ofSeconds(1));
      assertThat(client.usesJceRecords()).isTrue();
      int base = client.applicationDataLimit();
      assertThat(client.maxApplicationData(0)).isEqualTo(base);
      assertThat(client.maxApplicationData(2048)).isEqualTo(2048 - DtlsAeadRecords.OVERHEAD);
      assertThat(client.maxApplicationData(65_535)).isEqualTo(DtlsEndpoint.MAX_RECORD_PLAINTEXT);

      // RFC 6347 §4.1 / RFC 5246 §6.2.1: 2^14 bytes of plaintext in one record, and no more.
      byte[] whole = new byte[DtlsEndpoint.MAX_RECORD_PLAINTEXT];
      whole[whole.length - 1] = 42;
      client.sendApplicationData(whole);
      byte[] datagram = client.poll();
      assertThat(datagram).hasSize(whole.length + DtlsAeadRecords.OVERHEAD);
      server.receive(datagram);
      assertThat(server.pollApplicationData()).isEqualTo(whole);
      assertThatThrownBy(() -> client.sendApplicationData(new byte[whole.length + 1]))
          .isInstanceOf(DtlsException.class)
          .hasMessageContaining("exceeds the limit of 16384");
    }
  }

  @Test
  void rsaServerCertificateWorksToo() throws Exception {
    DtlsCertificate rsa = DtlsCertificate.generateRsa();
    List<SrtpProfile> p = List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    try (DtlsEndpoint server = DtlsEndpoint.start(config(DtlsRole.SERVER, rsa, CLIENT_CERT, p));
        DtlsEndpoint client = DtlsEndpoint.start(config(DtlsRole.CLIENT, CLIENT_CERT, rsa, p))) {
      pump(client, server, Duration.ofSeconds(10));
      assertThat(client.awaitHandshake(Duration.ofSeconds(1)).keyingMaterial())
          .isEqualTo(server.awaitHandshake(Duration.ofSeconds(1)).keyingMaterial());
    }
  }

  @Test
  void fingerprintMismatchAbortsWithReason() throws Exception {
    DtlsCertificate other = DtlsCertificate.generateEcdsa();
    List<SrtpProfile> p = List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    try (DtlsEndpoint server =
            DtlsEndpoint.start(config(DtlsRole.SERVER, SERVER_CERT, CLIENT_CERT, p));
        DtlsEndpoint client = DtlsEndpoint.start(config(DtlsRole.CLIENT, CLIENT_CERT, other, p))) {
      pump(client, server, Duration.ofSeconds(10));
      assertThatThrownBy(() -> client.awaitHandshake(Duration.ofSeconds(1)))
          .isInstanceOfSatisfying(
              DtlsException.class,
              e -> assertThat(e.reason()).isEqualTo(DtlsException.Reason.FINGERPRINT_MISMATCH))
          .hasMessageContaining(other.fingerprint("sha-256"))
          .hasMessageContaining(SERVER_CERT.fingerprint("sha-256"));
      assertThatThrownBy(() -> server.awaitHandshake(Duration.ofSeconds(1)))
          .isInstanceOf(DtlsException.class);
    }
  }

  @Test
  void serverChecksClientFingerprintWithSha1() throws Exception {
    DtlsCertificate other = DtlsCertificate.generateEcdsa();
    List<SrtpProfile> p = List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    DtlsConfig serverConfig =
        DtlsConfig.of(DtlsRole.SERVER, SERVER_CERT, List.of(DtlsFingerprint.of("sha-1", other)))
            .withSrtpProfiles(p);
    try (DtlsEndpoint server = DtlsEndpoint.start(serverConfig);
        DtlsEndpoint client =
            DtlsEndpoint.start(config(DtlsRole.CLIENT, CLIENT_CERT, SERVER_CERT, p))) {
      pump(client, server, Duration.ofSeconds(10));
      assertThatThrownBy(() -> server.awaitHandshake(Duration.ofSeconds(1)))
          .isInstanceOfSatisfying(
              DtlsException.class,
              e -> assertThat(e.reason()).isEqualTo(DtlsException.Reason.FINGERPRINT_MISMATCH))
          .hasMessageContaining("sha-1 " + CLIENT_CERT.fingerprint("sha-1"));
    }
  }

  @Test
  void noCommonProfileFailsWithReason() throws Exception {
    try (DtlsEndpoint server =
            DtlsEndpoint.start(
                config(
                    DtlsRole.SERVER,
                    SERVER_CERT,
                    CLIENT_CERT,
                    List.of(SrtpProfile.AEAD_AES_256_GCM)));
        DtlsEndpoint client =
            DtlsEndpoint.start(
                config(
                    DtlsRole.CLIENT,
                    CLIENT_CERT,
                    SERVER_CERT,
                    List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80)))) {
      pump(client, server, Duration.ofSeconds(10));
      assertThatThrownBy(() -> server.awaitHandshake(Duration.ofSeconds(1)))
          .isInstanceOfSatisfying(
              DtlsException.class,
              e -> assertThat(e.reason()).isEqualTo(DtlsException.Reason.NO_COMMON_SRTP_PROFILE));
      assertThatThrownBy(() -> client.awaitHandshake(Duration.ofSeconds(1)))
          .isInstanceOfSatisfying(
              DtlsException.class,
              e -> assertThat(e.reason()).isEqualTo(DtlsException.Reason.PEER_ALERT));
    }
  }

  /**
   * The server's Finished is lost and the server sends application data before the client's
   * retransmission arrives (as a PeerConnection does with SCTP's INIT). The retransmitted Finished
   * must carry a higher record number than that data, or a peer whose anti-replay window already
   * moved past it (BoringSSL's does) drops it every time and never completes (RFC 6347 §4.1,
   * §4.1.2.6, §4.2.4).
   */
  @Test
  void finishedRetransmittedAfterApplicationDataKeepsRecordNumbersIncreasing() throws Exception {
    List<Long> serverEpochOneSequence = new ArrayList<>();
    try (DtlsEndpoint server =
            DtlsEndpoint.start(
                config(
                        DtlsRole.SERVER,
                        SERVER_CERT,
                        CLIENT_CERT,
                        List.of(SrtpProfile.AEAD_AES_128_GCM))
                    .withCookieExchange(false));
        DtlsEndpoint client =
            DtlsEndpoint.start(
                config(
                        DtlsRole.CLIENT,
                        CLIENT_CERT,
                        SERVER_CERT,
                        List.of(SrtpProfile.AEAD_AES_128_GCM))
                    .withResendTimeout(Duration.ofMillis(100)))) {
      boolean finishedDropped = false;
      boolean dataSent = false;
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < end && !client.handshake().isDone()) {
        for (byte[] d = client.poll(); d != null; d = client.poll()) {
          server.receive(d);
        }
        if (server.handshake().isDone() && !dataSent) {
          server.sendApplicationData(new byte[] {7});
          server.sendApplicationData(new byte[] {8});
          dataSent = true;
        }
        for (byte[] d = server.poll(); d != null; d = server.poll()) {
          List<Long> epochOne = epochOneSequenceNumbers(d);
          serverEpochOneSequence.addAll(epochOne);
          if (!finishedDropped && !epochOne.isEmpty() && d[0] == 22) {
            finishedDropped = true; // the first Finished never arrives
            continue;
          }
          client.receive(d);
        }
        Thread.sleep(1);
      }
      assertThat(finishedDropped).isTrue();
      assertThat(client.awaitHandshake(Duration.ofSeconds(1)).cipherSuite())
          .isEqualTo(server.awaitHandshake(Duration.ofSeconds(1)).cipherSuite());
      // the Finished, the two data records, then at least one Finished retransmission
      assertThat(serverEpochOneSequence).hasSizeGreaterThanOrEqualTo(4).isSorted();
      assertThat(serverEpochOneSequence).doesNotHaveDuplicates();
    }
  }

  /** The record numbers of the epoch-1 records in one datagram (RFC 6347 §4.1 header). */
  private static List<Long> epochOneSequenceNumbers(byte[] datagram) {
    List<Long> out = new ArrayList<>();
    int off = 0;
    while (datagram.length - off >= 13) {
      int epoch = ((datagram[off + 3] & 0xff) << 8) | (datagram[off + 4] & 0xff);
      long seq = 0;
      for (int i = 5; i < 11; i++) {
        seq = (seq << 8) | (datagram[off + i] & 0xff);
      }
      if (epoch == 1) {
        out.add(seq);
      }
      off += 13 + (((datagram[off + 11] & 0xff) << 8) | (datagram[off + 12] & 0xff));
    }
    return out;
  }

  @Test
  void silentPeerHitsTheDeadline() throws Exception {
    DtlsConfig cfg =
        config(
                DtlsRole.CLIENT,
                CLIENT_CERT,
                SERVER_CERT,
                List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80))
            .withHandshakeTimeout(Duration.ofMillis(1500));
    try (DtlsEndpoint client = DtlsEndpoint.start(cfg)) {
      assertThat(client.poll(Duration.ofSeconds(2))).isNotNull(); // the ClientHello
      assertThatThrownBy(() -> client.awaitHandshake(Duration.ofSeconds(5)))
          .isInstanceOfSatisfying(
              DtlsException.class,
              e -> assertThat(e.reason()).isEqualTo(DtlsException.Reason.HANDSHAKE_TIMEOUT));
    }
  }

  @Test
  void closeOfAnEstablishedConnectionSendsCloseNotifyAtOnce() throws Exception {
    List<SrtpProfile> profiles = List.of(SrtpProfile.AEAD_AES_128_GCM);
    DtlsEndpoint server =
        DtlsEndpoint.start(config(DtlsRole.SERVER, SERVER_CERT, CLIENT_CERT, profiles));
    DtlsEndpoint client =
        DtlsEndpoint.start(config(DtlsRole.CLIENT, CLIENT_CERT, SERVER_CERT, profiles));
    try {
      pump(client, server, Duration.ofSeconds(10));
      client.awaitHandshake(Duration.ofSeconds(1));
      server.awaitHandshake(Duration.ofSeconds(1));
      for (byte[] d = server.poll(); d != null; d = server.poll()) {
        client.receive(d); // a retransmitted Finished, if any
      }
      long start = System.nanoTime();
      client.close();
      long ms = (System.nanoTime() - start) / 1_000_000;
      // The read loop is woken, not left to its 100 ms wait; close_notify is an alert record
      // (content type 21, RFC 5246 §7.2.1).
      assertThat(ms).isLessThan(90);
      List<Integer> types = new ArrayList<>();
      for (byte[] d = client.poll(); d != null; d = client.poll()) {
        types.add(d[0] & 0xff);
      }
      assertThat(types).contains(21);
    } finally {
      client.close();
      server.close();
    }
  }

  @Test
  void closeStopsAPendingHandshake() throws Exception {
    DtlsEndpoint server =
        DtlsEndpoint.start(
            config(
                DtlsRole.SERVER,
                SERVER_CERT,
                CLIENT_CERT,
                List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80)));
    server.close();
    assertThatThrownBy(() -> server.awaitHandshake(Duration.ofSeconds(2)))
        .isInstanceOfSatisfying(
            DtlsException.class,
            e -> assertThat(e.reason()).isEqualTo(DtlsException.Reason.CLOSED));
    assertThat(
            Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("rtcheck-dtls-") && t.isAlive())
                .filter(t -> !t.isDaemon()))
        .isEmpty();
  }

  @Test
  void handshakeThreadsAreReusedAndCarryNoInterruptFromAClose() throws Exception {
    List<SrtpProfile> profiles = List.of(SrtpProfile.AEAD_AES_128_GCM);
    for (int i = 0; i < 20; i++) {
      DtlsEndpoint server =
          DtlsEndpoint.start(config(DtlsRole.SERVER, SERVER_CERT, CLIENT_CERT, profiles));
      DtlsEndpoint client =
          DtlsEndpoint.start(config(DtlsRole.CLIENT, CLIENT_CERT, SERVER_CERT, profiles));
      pump(client, server, Duration.ofSeconds(10));
      // A close() interrupts its endpoint's pool thread; the next pair's handshake, likely on the
      // same threads, must not see that interrupt.
      assertThat(client.awaitHandshake(Duration.ofSeconds(1))).as("pair %d", i).isNotNull();
      assertThat(server.awaitHandshake(Duration.ofSeconds(1))).as("pair %d", i).isNotNull();
      client.close();
      server.close();
    }
    long handshakeThreads =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("rtcheck-dtls-") && t.isAlive())
            .count();
    assertThat(handshakeThreads).as("handshake threads alive after 20 pairs").isLessThan(20);
  }

  @Test
  void fingerprintParsing() {
    DtlsFingerprint fp =
        DtlsFingerprint.parse("SHA-256 " + SERVER_CERT.fingerprint("sha-256").toLowerCase());
    assertThat(fp.hashFunction()).isEqualTo("sha-256");
    assertThat(fp.matches(SERVER_CERT.encoded())).isTrue();
    assertThat(DtlsFingerprint.of("sha-512", SERVER_CERT).matches(SERVER_CERT.encoded())).isTrue();
    assertThat(DtlsFingerprint.of("sha-384", SERVER_CERT).matches(CLIENT_CERT.encoded())).isFalse();
  }
}

package org.rtcheck.stack.dtls;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.rtcheck.stack.srtp.SrtpProfile;

/** What the bctls client and server share: credentials, checks, failure and result recording. */
final class DtlsPeerSupport {

  static final String EXPORTER_LABEL = "EXTRACTOR-dtls_srtp";

  private static final int[] ECDSA_SUITES = {
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
  };
  private static final int[] RSA_SUITES = {
    CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
    CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
  };

  final DtlsConfig config;
  final BcTlsCrypto crypto;
  private volatile DtlsException failure;
  private volatile SrtpProfile selectedProfile;
  private volatile byte[] peerCertificate;
  private volatile DtlsFingerprint matchedFingerprint;
  private volatile DtlsHandshakeResult result;
  private volatile DtlsAeadRecords aeadRecords;

  DtlsPeerSupport(DtlsConfig config, BcTlsCrypto crypto) {
    this.config = config;
    this.crypto = crypto;
  }

  /**
   * False only when told to misbehave: then extended master secret is neither offered nor required.
   */
  boolean extendedMasterSecret() {
    return config.misbehaviour() != DtlsConfig.Misbehaviour.NO_EXTENDED_MASTER_SECRET;
  }

  int resendTimeMillis() {
    return (int) config.resendTimeout().toMillis();
  }

  boolean ecdsa() {
    return config.certificate().keyPair().getPrivate() instanceof ECPrivateKey;
  }

  /** The client offers both families; a server only those its key can sign. */
  int[] cipherSuites(boolean server) {
    if (!server) {
      int[] all = new int[ECDSA_SUITES.length + RSA_SUITES.length];
      System.arraycopy(ECDSA_SUITES, 0, all, 0, ECDSA_SUITES.length);
      System.arraycopy(RSA_SUITES, 0, all, ECDSA_SUITES.length, RSA_SUITES.length);
      return all;
    }
    return ecdsa() ? ECDSA_SUITES.clone() : RSA_SUITES.clone();
  }

  Certificate localCertificateChain() throws IOException {
    TlsCertificate cert = crypto.createCertificate(config.certificate().encoded());
    return new Certificate(new TlsCertificate[] {cert});
  }

  TlsCredentialedSigner signer(TlsContext context) throws IOException {
    PrivateKey key = config.certificate().keyPair().getPrivate();
    short signature = ecdsa() ? SignatureAlgorithm.ecdsa : SignatureAlgorithm.rsa;
    SignatureAndHashAlgorithm alg = new SignatureAndHashAlgorithm(HashAlgorithm.sha256, signature);
    return new BcDefaultTlsCredentialedSigner(
        new TlsCryptoParameters(context),
        crypto,
        PrivateKeyFactory.createKey(key.getEncoded()),
        localCertificateChain(),
        alg);
  }

  /** Records the first failure and returns the alert to abort the handshake with. */
  TlsFatalAlert fail(DtlsException.Reason reason, String message, short alert) {
    DtlsException e = new DtlsException(reason, message);
    synchronized (this) {
      if (failure == null) {
        failure = e;
      }
    }
    return new TlsFatalAlert(alert, message);
  }

  DtlsException failure() {
    return failure;
  }

  void checkPeerCertificate(Certificate chain) throws IOException {
    if (chain == null || chain.isEmpty()) {
      throw fail(
          DtlsException.Reason.NO_PEER_CERTIFICATE,
          "the peer sent no certificate",
          AlertDescription.handshake_failure);
    }
    byte[] der = chain.getCertificateAt(0).getEncoded();
    List<DtlsFingerprint> expected = config.expectedFingerprints();
    for (DtlsFingerprint fp : expected) {
      if (fp.matches(der)) {
        peerCertificate = der;
        matchedFingerprint = fp;
        return;
      }
    }
    String actual =
        expected.stream()
            .map(fp -> DtlsFingerprint.of(fp.hashFunction(), der).toString())
            .distinct()
            .collect(Collectors.joining(", "));
    throw fail(
        DtlsException.Reason.FINGERPRINT_MISMATCH,
        "expected " + expected + ", actual " + actual,
        AlertDescription.bad_certificate);
  }

  void noExtendedMasterSecret() throws IOException {
    throw fail(
        DtlsException.Reason.NO_EXTENDED_MASTER_SECRET,
        "the peer did not negotiate extended_master_secret (RFC 7627)",
        AlertDescription.handshake_failure);
  }

  void selectedProfile(SrtpProfile profile) {
    this.selectedProfile = profile;
  }

  /** Called from notifyHandshakeComplete: export keys, write the key log line. */
  void complete(TlsContext context) throws IOException {
    SecurityParameters sp = context.getSecurityParametersConnection();
    if (sp == null) {
      sp = context.getSecurityParametersHandshake();
    }
    if (extendedMasterSecret() && !sp.isExtendedMasterSecret()) {
      noExtendedMasterSecret();
    }
    SrtpProfile profile = selectedProfile;
    if (profile == null) {
      throw fail(
          DtlsException.Reason.NO_COMMON_SRTP_PROFILE,
          "no SRTP profile negotiated",
          AlertDescription.handshake_failure);
    }
    byte[] exported =
        context.exportKeyingMaterial(
            EXPORTER_LABEL, null, SrtpKeyingMaterial.exportLength(profile));
    SrtpKeyingMaterial keys = SrtpKeyingMaterial.split(profile, exported);
    String keyLogLine = keyLogLine(context, sp);
    if (keyLogLine != null && config.keyLog() != null) {
      config.keyLog().accept(keyLogLine);
    }
    result =
        new DtlsHandshakeResult(
            profile, keys, peerCertificate, matchedFingerprint, sp.getCipherSuite(), keyLogLine);
    aeadRecords = aeadRecords(sp);
  }

  /**
   * The JCE record path for the AES-GCM suites, or null for the others (bctls keeps them). The key
   * block is RFC 5246 §6.3's PRF(master_secret, "key expansion", server_random + client_random):
   * client_write_key, server_write_key, client_write_IV, server_write_IV (no MAC keys for AEAD,
   * 4-byte IVs, RFC 5288 §3).
   */
  private DtlsAeadRecords aeadRecords(SecurityParameters sp) {
    int keyLength =
        switch (sp.getCipherSuite()) {
          case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
              CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 ->
              16;
          case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
              CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 ->
              32;
          default -> 0;
        };
    TlsSecret master = sp.getMasterSecret();
    if (keyLength == 0 || master == null || !master.isAlive()) {
      return null;
    }
    byte[] seed = new byte[sp.getServerRandom().length + sp.getClientRandom().length];
    System.arraycopy(sp.getServerRandom(), 0, seed, 0, sp.getServerRandom().length);
    System.arraycopy(
        sp.getClientRandom(), 0, seed, sp.getServerRandom().length, sp.getClientRandom().length);
    byte[] block =
        master
            .deriveUsingPRF(sp.getPRFAlgorithm(), "key expansion", seed, 2 * keyLength + 8)
            .extract();
    byte[] clientKey = java.util.Arrays.copyOfRange(block, 0, keyLength);
    byte[] serverKey = java.util.Arrays.copyOfRange(block, keyLength, 2 * keyLength);
    byte[] clientIv = java.util.Arrays.copyOfRange(block, 2 * keyLength, 2 * keyLength + 4);
    byte[] serverIv = java.util.Arrays.copyOfRange(block, 2 * keyLength + 4, 2 * keyLength + 8);
    java.util.Arrays.fill(block, (byte) 0);
    // The first handshake's keys are epoch 1 (RFC 6347 §4.1); no renegotiation is offered.
    return config.role() == DtlsRole.CLIENT
        ? new DtlsAeadRecords(1, clientKey, clientIv, serverKey, serverIv)
        : new DtlsAeadRecords(1, serverKey, serverIv, clientKey, clientIv);
  }

  /** The JCE record path once complete, or null (not a GCM suite, or no handshake yet). */
  DtlsAeadRecords aeadRecords() {
    return aeadRecords;
  }

  /**
   * The NSS key log line. The master secret is copied through {@code TlsCrypto.adoptSecret} so the
   * connection's own secret (needed by the exporter) stays alive.
   */
  private static String keyLogLine(TlsContext context, SecurityParameters sp) {
    TlsSecret master = sp.getMasterSecret();
    if (master == null || !master.isAlive()) {
      return null;
    }
    byte[] ms = context.getCrypto().adoptSecret(master).extract();
    HexFormat hex = HexFormat.of();
    return "CLIENT_RANDOM " + hex.formatHex(sp.getClientRandom()) + " " + hex.formatHex(ms);
  }

  DtlsHandshakeResult result() {
    return result;
  }
}

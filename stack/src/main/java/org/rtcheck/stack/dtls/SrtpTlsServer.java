package org.rtcheck.stack.dtls;

import java.io.IOException;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.rtcheck.stack.srtp.SrtpProfile;

/**
 * The bctls server: requires a client certificate, selects an SRTP profile in its own order of
 * preference, requires extended master secret.
 */
final class SrtpTlsServer extends DefaultTlsServer {

  private final DtlsPeerSupport support;
  private int selectedProfileId = -1;

  SrtpTlsServer(DtlsPeerSupport support) {
    super(support.crypto);
    this.support = support;
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return ProtocolVersion.DTLSv12.only();
  }

  @Override
  protected int[] getSupportedCipherSuites() {
    return support.cipherSuites(true);
  }

  @Override
  public boolean requiresExtendedMasterSecret() {
    // enforced in processClientExtensions so the failure carries its own reason
    return false;
  }

  @Override
  public boolean shouldUseExtendedMasterSecret() {
    return support.extendedMasterSecret();
  }

  @Override
  public int getHandshakeResendTimeMillis() {
    return support.resendTimeMillis();
  }

  @Override
  protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
    return support.signer(context);
  }

  @Override
  protected TlsCredentialedSigner getRSASignerCredentials() throws IOException {
    return support.signer(context);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public void processClientExtensions(Hashtable clientExtensions) throws IOException {
    super.processClientExtensions(clientExtensions);
    if (support.extendedMasterSecret()
        && !TlsExtensionsUtils.hasExtendedMasterSecretExtension(clientExtensions)) {
      support.noExtendedMasterSecret();
    }
    UseSRTPData srtp =
        clientExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
    int[] offered = srtp == null ? new int[0] : srtp.getProtectionProfiles();
    for (int id : support.config.srtpProfileIds()) {
      if (Arrays.stream(offered).anyMatch(o -> o == id)) {
        selectedProfileId = id;
        support.selectedProfile(SrtpProfile.forDtlsSrtpId(id));
        return;
      }
    }
    throw support.fail(
        DtlsException.Reason.NO_COMMON_SRTP_PROFILE,
        "client offered "
            + (srtp == null ? "no use_srtp" : Arrays.toString(offered))
            + ", server accepts "
            + Arrays.toString(support.config.srtpProfileIds()),
        AlertDescription.handshake_failure);
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Hashtable getServerExtensions() throws IOException {
    Hashtable extensions =
        TlsExtensionsUtils.ensureExtensionsInitialised(super.getServerExtensions());
    TlsSRTPUtils.addUseSRTPExtension(
        extensions, new UseSRTPData(new int[] {selectedProfileId}, new byte[0]));
    return extensions;
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public CertificateRequest getCertificateRequest() throws IOException {
    Vector sigAlgs = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
    return new CertificateRequest(
        new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
        sigAlgs,
        null);
  }

  @Override
  public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
    support.checkPeerCertificate(clientCertificate);
  }

  @Override
  public void notifyHandshakeComplete() throws IOException {
    super.notifyHandshakeComplete();
    support.complete(context);
  }
}

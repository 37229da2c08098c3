package org.rtcheck.stack.dtls;

import java.io.IOException;
import java.util.Arrays;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.UseSRTPData;
import org.rtcheck.stack.srtp.SrtpProfile;

/** The bctls client: offers use_srtp and extended master secret, checks the fingerprint. */
final class SrtpTlsClient extends DefaultTlsClient {

  private final DtlsPeerSupport support;

  SrtpTlsClient(DtlsPeerSupport support) {
    super(support.crypto);
    this.support = support;
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return ProtocolVersion.DTLSv12.only();
  }

  @Override
  protected int[] getSupportedCipherSuites() {
    return support.cipherSuites(false);
  }

  @Override
  public boolean requiresExtendedMasterSecret() {
    // enforced in processServerExtensions so the failure carries its own reason
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
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Hashtable getClientExtensions() throws IOException {
    Hashtable extensions =
        TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
    TlsSRTPUtils.addUseSRTPExtension(
        extensions, new UseSRTPData(support.config.srtpProfileIds(), new byte[0]));
    return extensions;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public void processServerExtensions(Hashtable serverExtensions) throws IOException {
    super.processServerExtensions(serverExtensions);
    if (support.extendedMasterSecret()
        && !TlsExtensionsUtils.hasExtendedMasterSecretExtension(serverExtensions)) {
      support.noExtendedMasterSecret();
    }
    UseSRTPData srtp =
        serverExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
    if (srtp == null) {
      throw support.fail(
          DtlsException.Reason.NO_COMMON_SRTP_PROFILE,
          "the server did not answer use_srtp",
          AlertDescription.handshake_failure);
    }
    int[] ids = srtp.getProtectionProfiles();
    int[] offered = support.config.srtpProfileIds();
    if (ids.length != 1 || Arrays.stream(offered).noneMatch(id -> id == ids[0])) {
      throw support.fail(
          DtlsException.Reason.NO_COMMON_SRTP_PROFILE,
          "the server selected " + Arrays.toString(ids) + ", offered " + Arrays.toString(offered),
          AlertDescription.illegal_parameter);
    }
    support.selectedProfile(SrtpProfile.forDtlsSrtpId(ids[0]));
  }

  @Override
  public TlsAuthentication getAuthentication() {
    return new TlsAuthentication() {
      @Override
      public void notifyServerCertificate(TlsServerCertificate serverCertificate)
          throws IOException {
        support.checkPeerCertificate(serverCertificate.getCertificate());
      }

      @Override
      public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
        if (support.config.misbehaviour() == DtlsConfig.Misbehaviour.NO_CLIENT_CERTIFICATE) {
          return null; // an empty Certificate message (RFC 5246 §7.4.6)
        }
        return support.signer(context);
      }
    };
  }

  @Override
  public void notifyHandshakeComplete() throws IOException {
    super.notifyHandshakeComplete();
    support.complete(context);
  }
}

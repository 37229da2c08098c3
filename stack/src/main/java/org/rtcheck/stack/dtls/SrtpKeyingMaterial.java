package org.rtcheck.stack.dtls;

import java.util.Arrays;
import java.util.HexFormat;
import org.rtcheck.stack.srtp.SrtpProfile;

/**
 * The SRTP master keys and salts exported from DTLS with the label {@code EXTRACTOR-dtls_srtp} (RFC
 * 5764 §4.2): client_write_SRTP_master_key, server_write_SRTP_master_key,
 * client_write_SRTP_master_salt, server_write_SRTP_master_salt, in that order on the wire.
 */
public record SrtpKeyingMaterial(
    SrtpProfile profile, byte[] clientKey, byte[] clientSalt, byte[] serverKey, byte[] serverSalt) {

  public SrtpKeyingMaterial {
    clientKey = clientKey.clone();
    clientSalt = clientSalt.clone();
    serverKey = serverKey.clone();
    serverSalt = serverSalt.clone();
  }

  /** The exporter output length for a profile: {@code 2 * (keyLen + saltLen)}. */
  public static int exportLength(SrtpProfile profile) {
    return 2 * (profile.masterKeyLength() + profile.masterSaltLength());
  }

  /** Splits the raw exporter output (RFC 5764 §4.2). */
  public static SrtpKeyingMaterial split(SrtpProfile profile, byte[] exported) {
    int k = profile.masterKeyLength();
    int s = profile.masterSaltLength();
    if (exported.length != 2 * (k + s)) {
      throw new IllegalArgumentException(
          "exported " + exported.length + " bytes, " + profile + " needs " + 2 * (k + s));
    }
    return new SrtpKeyingMaterial(
        profile,
        Arrays.copyOfRange(exported, 0, k),
        Arrays.copyOfRange(exported, 2 * k, 2 * k + s),
        Arrays.copyOfRange(exported, k, 2 * k),
        Arrays.copyOfRange(exported, 2 * k + s, 2 * k + 2 * s));
  }

  @Override
  public byte[] clientKey() {
    return clientKey.clone();
  }

  @Override
  public byte[] clientSalt() {
    return clientSalt.clone();
  }

  @Override
  public byte[] serverKey() {
    return serverKey.clone();
  }

  @Override
  public byte[] serverSalt() {
    return serverSalt.clone();
  }

  /** The exporter output as it came out of DTLS (key, key, salt, salt). */
  public byte[] exported() {
    byte[] out = new byte[exportLength(profile)];
    int k = clientKey.length;
    int s = clientSalt.length;
    System.arraycopy(clientKey, 0, out, 0, k);
    System.arraycopy(serverKey, 0, out, k, k);
    System.arraycopy(clientSalt, 0, out, 2 * k, s);
    System.arraycopy(serverSalt, 0, out, 2 * k + s, s);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SrtpKeyingMaterial other
        && profile == other.profile
        && Arrays.equals(exported(), other.exported());
  }

  @Override
  public int hashCode() {
    return 31 * profile.hashCode() + Arrays.hashCode(exported());
  }

  @Override
  public String toString() {
    return "SrtpKeyingMaterial[" + profile + ", " + HexFormat.of().formatHex(exported()) + "]";
  }
}

package org.rtcheck.stack.stun;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The key material for MESSAGE-INTEGRITY(-SHA256) (RFC 8489 §9). */
public sealed interface StunCredentials {

  /** The HMAC key. */
  byte[] key();

  /** Which string preparation applies: RFC 8489 uses PRECIS, RFC 5389 used SASLprep. */
  enum Profile {
    /** RFC 8489: UsernameCasePreserved for the username, OpaqueString for realm and password. */
    PRECIS,
    /** RFC 5389 §15.4: SASLprep (RFC 4013) for username, realm and password. */
    SASLPREP
  }

  static ShortTerm shortTerm(String password) {
    return new ShortTerm(password, Profile.PRECIS);
  }

  static LongTerm longTerm(
      String username, String realm, String password, PasswordAlgorithm algorithm) {
    return new LongTerm(username, realm, password, algorithm, Profile.PRECIS);
  }

  /** RFC 8489 §9.1.1: key = OpaqueString(password) (RFC 5389: SASLprep(password)). */
  record ShortTerm(String password, Profile profile) implements StunCredentials {
    public ShortTerm {
      Objects.requireNonNull(password);
      Objects.requireNonNull(profile);
    }

    @Override
    public byte[] key() {
      String p =
          profile == Profile.PRECIS ? Precis.opaqueString(password) : SaslPrep.prepare(password);
      return p.getBytes(StandardCharsets.UTF_8);
    }
  }

  /**
   * RFC 8489 §9.2.2: key = MD5 or SHA-256 of (username ":" OpaqueString(realm) ":"
   * OpaqueString(password)); RFC 5389 §15.4 used SASLprep and MD5 only.
   */
  record LongTerm(
      String username, String realm, String password, PasswordAlgorithm algorithm, Profile profile)
      implements StunCredentials {
    public LongTerm {
      Objects.requireNonNull(username);
      Objects.requireNonNull(realm);
      Objects.requireNonNull(password);
      Objects.requireNonNull(algorithm);
      Objects.requireNonNull(profile);
    }

    @Override
    public byte[] key() {
      String input = preparedUsername() + ":" + preparedRealm() + ":" + prepare(password);
      return Crypto.digest(algorithm.digestName(), input.getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 8489 §14.4: USERHASH = SHA-256(OpaqueString(username) ":" OpaqueString(realm)). */
    public byte[] userhash() {
      return StunCredentials.userhash(username, realm, profile);
    }

    public String preparedUsername() {
      return profile == Profile.PRECIS
          ? Precis.usernameCasePreserved(username)
          : SaslPrep.prepare(username);
    }

    public String preparedRealm() {
      return prepare(realm);
    }

    private String prepare(String s) {
      return profile == Profile.PRECIS ? Precis.opaqueString(s) : SaslPrep.prepare(s);
    }
  }

  /** RFC 8489 §14.4 USERHASH for a username and realm, prepared per {@code profile}. */
  static byte[] userhash(String username, String realm, Profile profile) {
    String u =
        profile == Profile.PRECIS ? Precis.opaqueString(username) : SaslPrep.prepare(username);
    String r = profile == Profile.PRECIS ? Precis.opaqueString(realm) : SaslPrep.prepare(realm);
    return Crypto.digest("SHA-256", (u + ":" + r).getBytes(StandardCharsets.UTF_8));
  }
}

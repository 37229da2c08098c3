package org.rtcheck.stack.stun;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One STUN attribute (RFC 8489 §14). Each known attribute is a record; anything else is an {@link
 * Unknown}. Values are what the RFC defines, not the wire form: XOR-MAPPED-ADDRESS holds the real
 * address, the codec applies the XOR.
 */
public sealed interface StunAttribute {

  /** The 16-bit attribute type. */
  int type();

  /** The IANA registry name, for diagnostics. */
  default String name() {
    return StunAttributeType.name(type());
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  /** MAPPED-ADDRESS, RFC 8489 §14.1. */
  record MappedAddress(InetSocketAddress address) implements StunAttribute {
    public MappedAddress {
      Objects.requireNonNull(address);
    }

    @Override
    public int type() {
      return StunAttributeType.MAPPED_ADDRESS;
    }
  }

  /** XOR-MAPPED-ADDRESS, RFC 8489 §14.2; the address here is the real (un-XORed) one. */
  record XorMappedAddress(InetSocketAddress address) implements StunAttribute {
    public XorMappedAddress {
      Objects.requireNonNull(address);
    }

    @Override
    public int type() {
      return StunAttributeType.XOR_MAPPED_ADDRESS;
    }
  }

  /** ALTERNATE-SERVER, RFC 8489 §14.15 (same encoding as MAPPED-ADDRESS). */
  record AlternateServer(InetSocketAddress address) implements StunAttribute {
    public AlternateServer {
      Objects.requireNonNull(address);
    }

    @Override
    public int type() {
      return StunAttributeType.ALTERNATE_SERVER;
    }
  }

  /** USERNAME, RFC 8489 §14.3. */
  record Username(String value) implements StunAttribute {
    public Username {
      Objects.requireNonNull(value);
    }

    @Override
    public int type() {
      return StunAttributeType.USERNAME;
    }
  }

  /** USERHASH, RFC 8489 §14.4: SHA-256(username ":" realm), exactly 32 bytes. */
  record Userhash(byte[] hash) implements StunAttribute {
    public Userhash {
      if (hash.length != 32) {
        throw new IllegalArgumentException("USERHASH is 32 bytes, got " + hash.length);
      }
      hash = hash.clone();
    }

    @Override
    public byte[] hash() {
      return hash.clone();
    }

    @Override
    public int type() {
      return StunAttributeType.USERHASH;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Userhash u && Arrays.equals(hash, u.hash);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
      return "Userhash[" + hex(hash) + "]";
    }
  }

  /** MESSAGE-INTEGRITY, RFC 8489 §14.5: HMAC-SHA1, 20 bytes. */
  record MessageIntegrity(byte[] hmac) implements StunAttribute {
    public static final int LENGTH = 20;

    public MessageIntegrity {
      if (hmac.length != LENGTH) {
        throw new IllegalArgumentException("MESSAGE-INTEGRITY is 20 bytes, got " + hmac.length);
      }
      hmac = hmac.clone();
    }

    @Override
    public byte[] hmac() {
      return hmac.clone();
    }

    @Override
    public int type() {
      return StunAttributeType.MESSAGE_INTEGRITY;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof MessageIntegrity m && Arrays.equals(hmac, m.hmac);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(hmac);
    }

    @Override
    public String toString() {
      return "MessageIntegrity[" + hex(hmac) + "]";
    }
  }

  /**
   * MESSAGE-INTEGRITY-SHA256, RFC 8489 §14.6: a prefix of HMAC-SHA256, at least 16 and at most 32
   * bytes, a multiple of 4.
   */
  record MessageIntegritySha256(byte[] hmac) implements StunAttribute {
    public MessageIntegritySha256 {
      if (!isValidLength(hmac.length)) {
        throw new IllegalArgumentException(
            "MESSAGE-INTEGRITY-SHA256 is 16..32 bytes in steps of 4, got " + hmac.length);
      }
      hmac = hmac.clone();
    }

    public static boolean isValidLength(int length) {
      return length >= 16 && length <= 32 && length % 4 == 0;
    }

    @Override
    public byte[] hmac() {
      return hmac.clone();
    }

    @Override
    public int type() {
      return StunAttributeType.MESSAGE_INTEGRITY_SHA256;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof MessageIntegritySha256 m && Arrays.equals(hmac, m.hmac);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(hmac);
    }

    @Override
    public String toString() {
      return "MessageIntegritySha256[" + hex(hmac) + "]";
    }
  }

  /** FINGERPRINT, RFC 8489 §14.7: CRC-32 of the message XOR 0x5354554E. */
  record Fingerprint(int crc) implements StunAttribute {
    @Override
    public int type() {
      return StunAttributeType.FINGERPRINT;
    }

    @Override
    public String toString() {
      return String.format("Fingerprint[0x%08x]", crc);
    }
  }

  /** ERROR-CODE, RFC 8489 §14.8: code 300..699, class = code / 100, number = code % 100. */
  record ErrorCode(int code, String reason) implements StunAttribute {
    public static final int TRY_ALTERNATE = 300;
    public static final int BAD_REQUEST = 400;
    public static final int UNAUTHENTICATED = 401;
    public static final int UNKNOWN_ATTRIBUTE = 420;
    public static final int STALE_NONCE = 438;
    public static final int SERVER_ERROR = 500;

    public ErrorCode {
      Objects.requireNonNull(reason);
      if (code < 300 || code > 699) {
        throw new IllegalArgumentException("ERROR-CODE must be 300..699, got " + code);
      }
    }

    public int errorClass() {
      return code / 100;
    }

    public int number() {
      return code % 100;
    }

    @Override
    public int type() {
      return StunAttributeType.ERROR_CODE;
    }
  }

  /** REALM, RFC 8489 §14.9. */
  record Realm(String value) implements StunAttribute {
    public Realm {
      Objects.requireNonNull(value);
    }

    @Override
    public int type() {
      return StunAttributeType.REALM;
    }
  }

  /** NONCE, RFC 8489 §14.10. */
  record Nonce(String value) implements StunAttribute {
    public Nonce {
      Objects.requireNonNull(value);
    }

    @Override
    public int type() {
      return StunAttributeType.NONCE;
    }
  }

  /**
   * PASSWORD-ALGORITHM, RFC 8489 §14.12: algorithm number (0x0001 MD5, 0x0002 SHA-256, §18.5) and
   * its parameters.
   */
  record PasswordAlgorithm(int algorithm, byte[] parameters) implements StunAttribute {
    public PasswordAlgorithm {
      if (algorithm < 0 || algorithm > 0xFFFF || parameters.length > 0xFFFF) {
        throw new IllegalArgumentException("algorithm and parameter length are 16 bits");
      }
      parameters = parameters.clone();
    }

    public PasswordAlgorithm(org.rtcheck.stack.stun.PasswordAlgorithm algorithm) {
      this(algorithm.number(), new byte[0]);
    }

    @Override
    public byte[] parameters() {
      return parameters.clone();
    }

    @Override
    public int type() {
      return StunAttributeType.PASSWORD_ALGORITHM;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PasswordAlgorithm p
          && algorithm == p.algorithm
          && Arrays.equals(parameters, p.parameters);
    }

    @Override
    public int hashCode() {
      return algorithm * 31 + Arrays.hashCode(parameters);
    }

    @Override
    public String toString() {
      return String.format("PasswordAlgorithm[0x%04x, %s]", algorithm, hex(parameters));
    }
  }

  /** PASSWORD-ALGORITHMS, RFC 8489 §14.11: the list the server offers, in preference order. */
  record PasswordAlgorithms(List<PasswordAlgorithm> algorithms) implements StunAttribute {
    public PasswordAlgorithms {
      algorithms = List.copyOf(algorithms);
    }

    @Override
    public int type() {
      return StunAttributeType.PASSWORD_ALGORITHMS;
    }
  }

  /** UNKNOWN-ATTRIBUTES, RFC 8489 §14.13: the 16-bit types the server did not understand. */
  record UnknownAttributes(List<Integer> types) implements StunAttribute {
    public UnknownAttributes {
      types = List.copyOf(types);
    }

    @Override
    public int type() {
      return StunAttributeType.UNKNOWN_ATTRIBUTES;
    }
  }

  /** SOFTWARE, RFC 8489 §14.14. */
  record Software(String value) implements StunAttribute {
    public Software {
      Objects.requireNonNull(value);
    }

    @Override
    public int type() {
      return StunAttributeType.SOFTWARE;
    }
  }

  /** ALTERNATE-DOMAIN, RFC 8489 §14.16. */
  record AlternateDomain(String value) implements StunAttribute {
    public AlternateDomain {
      Objects.requireNonNull(value);
    }

    @Override
    public int type() {
      return StunAttributeType.ALTERNATE_DOMAIN;
    }
  }

  /** PRIORITY, RFC 8445 §7.1.1: unsigned 32-bit, held in a long. */
  record Priority(long priority) implements StunAttribute {
    public Priority {
      if (priority < 0 || priority > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("PRIORITY is unsigned 32-bit: " + priority);
      }
    }

    @Override
    public int type() {
      return StunAttributeType.PRIORITY;
    }
  }

  /** USE-CANDIDATE, RFC 8445 §7.1.2: no value. */
  record UseCandidate() implements StunAttribute {
    @Override
    public int type() {
      return StunAttributeType.USE_CANDIDATE;
    }
  }

  /** ICE-CONTROLLED, RFC 8445 §7.1.3: 64-bit tie-breaker (unsigned; compare unsigned). */
  record IceControlled(long tieBreaker) implements StunAttribute {
    @Override
    public int type() {
      return StunAttributeType.ICE_CONTROLLED;
    }
  }

  /** ICE-CONTROLLING, RFC 8445 §7.1.3: 64-bit tie-breaker (unsigned; compare unsigned). */
  record IceControlling(long tieBreaker) implements StunAttribute {
    @Override
    public int type() {
      return StunAttributeType.ICE_CONTROLLING;
    }
  }

  /**
   * CHANGE-REQUEST, RFC 5780 §7.2: asks the server to answer from its alternate IP address (flag A,
   * 0x04) and/or its alternate port (flag B, 0x02).
   */
  record ChangeRequest(boolean changeIp, boolean changePort) implements StunAttribute {
    @Override
    public int type() {
      return StunAttributeType.CHANGE_REQUEST;
    }
  }

  /**
   * PADDING, RFC 5780 §7.6: pads a request or response to discover fragmentation behaviour; only
   * its length carries meaning.
   */
  record Padding(byte[] value) implements StunAttribute {
    public Padding {
      if (value.length > 0xFFFF) {
        throw new IllegalArgumentException("PADDING length is 16 bits: " + value.length);
      }
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public int type() {
      return StunAttributeType.PADDING;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Padding p && Arrays.equals(value, p.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Padding[" + value.length + " bytes]";
    }
  }

  /**
   * RESPONSE-PORT, RFC 5780 §7.5: the server sends its response to the request's source IP address
   * and this port (errata 2844: 0..65535).
   */
  record ResponsePort(int port) implements StunAttribute {
    public ResponsePort {
      if (port < 0 || port > 0xFFFF) {
        throw new IllegalArgumentException("RESPONSE-PORT is 0..65535: " + port);
      }
    }

    @Override
    public int type() {
      return StunAttributeType.RESPONSE_PORT;
    }
  }

  /** RESPONSE-ORIGIN, RFC 5780 §7.3: the address the response was sent from. */
  record ResponseOrigin(InetSocketAddress address) implements StunAttribute {
    public ResponseOrigin {
      Objects.requireNonNull(address);
    }

    @Override
    public int type() {
      return StunAttributeType.RESPONSE_ORIGIN;
    }
  }

  /**
   * OTHER-ADDRESS, RFC 5780 §7.4: the server's alternate address, differing from the one that
   * received the request in both IP address and port (RFC 3489's CHANGED-ADDRESS).
   */
  record OtherAddress(InetSocketAddress address) implements StunAttribute {
    public OtherAddress {
      Objects.requireNonNull(address);
    }

    @Override
    public int type() {
      return StunAttributeType.OTHER_ADDRESS;
    }
  }

  /** CHANNEL-NUMBER, RFC 8656 §18.1: a 16-bit channel number followed by 16 RFFU bits. */
  record ChannelNumber(int number) implements StunAttribute {
    public ChannelNumber {
      if (number < 0 || number > 0xFFFF) {
        throw new IllegalArgumentException("CHANNEL-NUMBER is 16 bits: " + number);
      }
    }

    @Override
    public int type() {
      return StunAttributeType.CHANNEL_NUMBER;
    }
  }

  /** LIFETIME, RFC 8656 §18.2: seconds until the allocation expires, unsigned 32-bit. */
  record Lifetime(long seconds) implements StunAttribute {
    public Lifetime {
      if (seconds < 0 || seconds > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("LIFETIME is unsigned 32-bit: " + seconds);
      }
    }

    @Override
    public int type() {
      return StunAttributeType.LIFETIME;
    }
  }

  /** XOR-PEER-ADDRESS, RFC 8656 §18.3 (XOR-MAPPED-ADDRESS encoding); the real address here. */
  record XorPeerAddress(InetSocketAddress address) implements StunAttribute {
    public XorPeerAddress {
      Objects.requireNonNull(address);
    }

    @Override
    public int type() {
      return StunAttributeType.XOR_PEER_ADDRESS;
    }
  }

  /** DATA, RFC 8656 §18.4: the application data of a Send or Data indication. */
  record Data(byte[] value) implements StunAttribute {
    public Data {
      if (value.length > 0xFFFF) {
        throw new IllegalArgumentException("DATA length is 16 bits: " + value.length);
      }
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public int type() {
      return StunAttributeType.DATA;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Data d && Arrays.equals(value, d.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Data[" + value.length + " bytes]";
    }
  }

  /** XOR-RELAYED-ADDRESS, RFC 8656 §18.5: the allocation's relayed transport address. */
  record XorRelayedAddress(InetSocketAddress address) implements StunAttribute {
    public XorRelayedAddress {
      Objects.requireNonNull(address);
    }

    @Override
    public int type() {
      return StunAttributeType.XOR_RELAYED_ADDRESS;
    }
  }

  /** REQUESTED-ADDRESS-FAMILY, RFC 8656 §18.6: 0x01 IPv4, 0x02 IPv6, followed by 24 RFFU bits. */
  record RequestedAddressFamily(int family) implements StunAttribute {
    public static final int IPV4 = 0x01;
    public static final int IPV6 = 0x02;

    public RequestedAddressFamily {
      if (family < 0 || family > 0xFF) {
        throw new IllegalArgumentException("REQUESTED-ADDRESS-FAMILY is 8 bits: " + family);
      }
    }

    @Override
    public int type() {
      return StunAttributeType.REQUESTED_ADDRESS_FAMILY;
    }
  }

  /** EVEN-PORT, RFC 8656 §18.7: the R bit asks the server to reserve the next port too. */
  record EvenPort(boolean reserveNext) implements StunAttribute {
    @Override
    public int type() {
      return StunAttributeType.EVEN_PORT;
    }
  }

  /** REQUESTED-TRANSPORT, RFC 8656 §18.8: an IANA protocol number (17 = UDP), 24 RFFU bits. */
  record RequestedTransport(int protocol) implements StunAttribute {
    public static final int UDP = 17;

    public RequestedTransport {
      if (protocol < 0 || protocol > 0xFF) {
        throw new IllegalArgumentException("REQUESTED-TRANSPORT is 8 bits: " + protocol);
      }
    }

    @Override
    public int type() {
      return StunAttributeType.REQUESTED_TRANSPORT;
    }
  }

  /** DONT-FRAGMENT, RFC 8656 §18.9: no value. */
  record DontFragment() implements StunAttribute {
    @Override
    public int type() {
      return StunAttributeType.DONT_FRAGMENT;
    }
  }

  /** RESERVATION-TOKEN, RFC 8656 §18.10: an 8-byte token naming a reserved relayed port. */
  record ReservationToken(byte[] token) implements StunAttribute {
    public ReservationToken {
      if (token.length != 8) {
        throw new IllegalArgumentException("RESERVATION-TOKEN is 8 bytes, got " + token.length);
      }
      token = token.clone();
    }

    @Override
    public byte[] token() {
      return token.clone();
    }

    @Override
    public int type() {
      return StunAttributeType.RESERVATION_TOKEN;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ReservationToken r && Arrays.equals(token, r.token);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(token);
    }

    @Override
    public String toString() {
      return "ReservationToken[" + hex(token) + "]";
    }
  }

  /** Any attribute this codec does not interpret, kept verbatim (without padding). */
  record Unknown(int type, byte[] value) implements StunAttribute {
    public Unknown {
      if (type < 0 || type > 0xFFFF || value.length > 0xFFFF) {
        throw new IllegalArgumentException("type and length are 16 bits");
      }
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    public boolean isComprehensionRequired() {
      return StunAttributeType.isComprehensionRequired(type);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Unknown u && type == u.type && Arrays.equals(value, u.value);
    }

    @Override
    public int hashCode() {
      return type * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return String.format("Unknown[0x%04x, %s]", type, hex(value));
    }
  }
}

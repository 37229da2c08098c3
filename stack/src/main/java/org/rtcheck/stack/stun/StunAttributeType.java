package org.rtcheck.stack.stun;

import java.util.Map;

/**
 * STUN attribute type codes and their IANA registry names (RFC 8489 §18.3, RFC 8445 §16.1, RFC 5780
 * §9.1, RFC 8656 §18). 0x0000-0x7FFF are comprehension-required, 0x8000-0xFFFF
 * comprehension-optional (RFC 8489 §14).
 */
public final class StunAttributeType {
  public static final int MAPPED_ADDRESS = 0x0001;
  public static final int CHANGE_REQUEST = 0x0003;
  public static final int USERNAME = 0x0006;
  public static final int MESSAGE_INTEGRITY = 0x0008;
  public static final int ERROR_CODE = 0x0009;
  public static final int UNKNOWN_ATTRIBUTES = 0x000A;
  public static final int CHANNEL_NUMBER = 0x000C;
  public static final int LIFETIME = 0x000D;
  public static final int XOR_PEER_ADDRESS = 0x0012;
  public static final int DATA = 0x0013;
  public static final int REALM = 0x0014;
  public static final int NONCE = 0x0015;
  public static final int XOR_RELAYED_ADDRESS = 0x0016;
  public static final int REQUESTED_ADDRESS_FAMILY = 0x0017;
  public static final int EVEN_PORT = 0x0018;
  public static final int REQUESTED_TRANSPORT = 0x0019;
  public static final int DONT_FRAGMENT = 0x001A;
  public static final int MESSAGE_INTEGRITY_SHA256 = 0x001C;
  public static final int PASSWORD_ALGORITHM = 0x001D;
  public static final int USERHASH = 0x001E;
  public static final int XOR_MAPPED_ADDRESS = 0x0020;
  public static final int RESERVATION_TOKEN = 0x0022;
  public static final int PRIORITY = 0x0024;
  public static final int USE_CANDIDATE = 0x0025;
  public static final int PADDING = 0x0026;
  public static final int RESPONSE_PORT = 0x0027;
  public static final int PASSWORD_ALGORITHMS = 0x8002;
  public static final int ALTERNATE_DOMAIN = 0x8003;
  public static final int SOFTWARE = 0x8022;
  public static final int ALTERNATE_SERVER = 0x8023;
  public static final int FINGERPRINT = 0x8028;
  public static final int ICE_CONTROLLED = 0x8029;
  public static final int ICE_CONTROLLING = 0x802A;
  public static final int RESPONSE_ORIGIN = 0x802B;
  public static final int OTHER_ADDRESS = 0x802C;

  private static final Map<Integer, String> NAMES =
      Map.ofEntries(
          Map.entry(MAPPED_ADDRESS, "MAPPED-ADDRESS"),
          Map.entry(USERNAME, "USERNAME"),
          Map.entry(MESSAGE_INTEGRITY, "MESSAGE-INTEGRITY"),
          Map.entry(ERROR_CODE, "ERROR-CODE"),
          Map.entry(UNKNOWN_ATTRIBUTES, "UNKNOWN-ATTRIBUTES"),
          Map.entry(REALM, "REALM"),
          Map.entry(NONCE, "NONCE"),
          Map.entry(MESSAGE_INTEGRITY_SHA256, "MESSAGE-INTEGRITY-SHA256"),
          Map.entry(PASSWORD_ALGORITHM, "PASSWORD-ALGORITHM"),
          Map.entry(USERHASH, "USERHASH"),
          Map.entry(XOR_MAPPED_ADDRESS, "XOR-MAPPED-ADDRESS"),
          Map.entry(PRIORITY, "PRIORITY"),
          Map.entry(USE_CANDIDATE, "USE-CANDIDATE"),
          Map.entry(PASSWORD_ALGORITHMS, "PASSWORD-ALGORITHMS"),
          Map.entry(ALTERNATE_DOMAIN, "ALTERNATE-DOMAIN"),
          Map.entry(SOFTWARE, "SOFTWARE"),
          Map.entry(ALTERNATE_SERVER, "ALTERNATE-SERVER"),
          Map.entry(FINGERPRINT, "FINGERPRINT"),
          Map.entry(ICE_CONTROLLED, "ICE-CONTROLLED"),
          Map.entry(ICE_CONTROLLING, "ICE-CONTROLLING"),
          Map.entry(CHANGE_REQUEST, "CHANGE-REQUEST"),
          Map.entry(PADDING, "PADDING"),
          Map.entry(RESPONSE_PORT, "RESPONSE-PORT"),
          Map.entry(RESPONSE_ORIGIN, "RESPONSE-ORIGIN"),
          Map.entry(OTHER_ADDRESS, "OTHER-ADDRESS"),
          Map.entry(CHANNEL_NUMBER, "CHANNEL-NUMBER"),
          Map.entry(LIFETIME, "LIFETIME"),
          Map.entry(XOR_PEER_ADDRESS, "XOR-PEER-ADDRESS"),
          Map.entry(DATA, "DATA"),
          Map.entry(XOR_RELAYED_ADDRESS, "XOR-RELAYED-ADDRESS"),
          Map.entry(REQUESTED_ADDRESS_FAMILY, "REQUESTED-ADDRESS-FAMILY"),
          Map.entry(EVEN_PORT, "EVEN-PORT"),
          Map.entry(REQUESTED_TRANSPORT, "REQUESTED-TRANSPORT"),
          Map.entry(DONT_FRAGMENT, "DONT-FRAGMENT"),
          Map.entry(RESERVATION_TOKEN, "RESERVATION-TOKEN"));

  private StunAttributeType() {}

  /** The registry name, or {@code 0xHHHH} for a type this stack does not know. */
  public static String name(int type) {
    String name = NAMES.get(type);
    return name != null ? name : String.format("0x%04X", type);
  }

  public static boolean isKnown(int type) {
    return NAMES.containsKey(type);
  }

  /** RFC 8489 §14: types below 0x8000 must be understood by the receiver. */
  public static boolean isComprehensionRequired(int type) {
    return type < 0x8000;
  }
}

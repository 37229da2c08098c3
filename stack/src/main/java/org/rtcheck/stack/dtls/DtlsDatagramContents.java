package org.rtcheck.stack.dtls;

import java.util.ArrayList;
import java.util.List;

/**
 * What a DTLS datagram carries, read from the record headers alone (no keys): the names of its
 * handshake messages ({@code client_hello}, {@code server_hello}, …), {@code change_cipher_spec},
 * {@code finished} (an epoch ≥ 1 handshake record: encrypted, and in DTLS 1.2 the only handshake
 * message sent under the new keys), {@code alert}, {@code application_data}. Lets the harness drop
 * or reorder chosen flights (RFC 6347 §4.2.4) without terminating the connection.
 */
public final class DtlsDatagramContents {

  private static final int RECORD_HEADER = 13; // RFC 6347 §4.1
  private static final int HANDSHAKE_HEADER = 12; // RFC 6347 §4.2.2

  private DtlsDatagramContents() {}

  /**
   * The contents in order; a datagram that is not DTLS, or whose records run past its end, yields
   * what could be read followed by {@code malformed}.
   */
  public static List<String> of(byte[] datagram) {
    List<String> out = new ArrayList<>();
    int at = 0;
    while (at < datagram.length) {
      if (datagram.length - at < RECORD_HEADER) {
        out.add("malformed");
        return out;
      }
      int type = datagram[at] & 0xFF;
      int epoch = ((datagram[at + 3] & 0xFF) << 8) | (datagram[at + 4] & 0xFF);
      int length = ((datagram[at + 11] & 0xFF) << 8) | (datagram[at + 12] & 0xFF);
      int body = at + RECORD_HEADER;
      if (body + length > datagram.length) {
        out.add("malformed");
        return out;
      }
      switch (type) {
        case 20 -> out.add("change_cipher_spec");
        case 21 -> out.add("alert");
        case 23 -> out.add("application_data");
        case 22 -> {
          if (epoch > 0) {
            out.add("finished");
          } else {
            handshakeMessages(datagram, body, length, out);
          }
        }
        default -> {
          out.add("malformed");
          return out;
        }
      }
      at = body + length;
    }
    return out;
  }

  private static void handshakeMessages(byte[] d, int at, int length, List<String> out) {
    int end = at + length;
    while (end - at >= HANDSHAKE_HEADER) {
      out.add(handshakeName(d[at] & 0xFF));
      int fragment = ((d[at + 9] & 0xFF) << 16) | ((d[at + 10] & 0xFF) << 8) | (d[at + 11] & 0xFF);
      at += HANDSHAKE_HEADER + fragment;
    }
  }

  /** RFC 5246 §7.4 and RFC 6347 §4.3.2 handshake types. */
  static String handshakeName(int type) {
    return switch (type) {
      case 0 -> "hello_request";
      case 1 -> "client_hello";
      case 2 -> "server_hello";
      case 3 -> "hello_verify_request";
      case 11 -> "certificate";
      case 12 -> "server_key_exchange";
      case 13 -> "certificate_request";
      case 14 -> "server_hello_done";
      case 15 -> "certificate_verify";
      case 16 -> "client_key_exchange";
      case 20 -> "finished";
      default -> "handshake_" + type;
    };
  }
}

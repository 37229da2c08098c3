package org.rtcheck.stack.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rtcheck.stack.stun.StunAttribute.AlternateDomain;
import org.rtcheck.stack.stun.StunAttribute.AlternateServer;
import org.rtcheck.stack.stun.StunAttribute.ChangeRequest;
import org.rtcheck.stack.stun.StunAttribute.ErrorCode;
import org.rtcheck.stack.stun.StunAttribute.Fingerprint;
import org.rtcheck.stack.stun.StunAttribute.IceControlled;
import org.rtcheck.stack.stun.StunAttribute.IceControlling;
import org.rtcheck.stack.stun.StunAttribute.MappedAddress;
import org.rtcheck.stack.stun.StunAttribute.MessageIntegrity;
import org.rtcheck.stack.stun.StunAttribute.MessageIntegritySha256;
import org.rtcheck.stack.stun.StunAttribute.Nonce;
import org.rtcheck.stack.stun.StunAttribute.OtherAddress;
import org.rtcheck.stack.stun.StunAttribute.Padding;
import org.rtcheck.stack.stun.StunAttribute.PasswordAlgorithm;
import org.rtcheck.stack.stun.StunAttribute.PasswordAlgorithms;
import org.rtcheck.stack.stun.StunAttribute.Priority;
import org.rtcheck.stack.stun.StunAttribute.Realm;
import org.rtcheck.stack.stun.StunAttribute.ResponseOrigin;
import org.rtcheck.stack.stun.StunAttribute.ResponsePort;
import org.rtcheck.stack.stun.StunAttribute.Software;
import org.rtcheck.stack.stun.StunAttribute.Unknown;
import org.rtcheck.stack.stun.StunAttribute.UnknownAttributes;
import org.rtcheck.stack.stun.StunAttribute.UseCandidate;
import org.rtcheck.stack.stun.StunAttribute.Userhash;
import org.rtcheck.stack.stun.StunAttribute.Username;
import org.rtcheck.stack.stun.StunAttribute.XorMappedAddress;
import org.rtcheck.stack.stun.StunParseException.Reason;

/**
 * Attribute value encoding and decoding (RFC 8489 §14, RFC 8445 §7.1, RFC 5780 §7, RFC 8656 §18).
 * Values exclude padding.
 */
final class AttributeCodec {
  private static final int FAMILY_IPV4 = 0x01;
  private static final int FAMILY_IPV6 = 0x02;
  // RFC 5780 §7.2: the "change IP" (A) and "change port" (B) flags of CHANGE-REQUEST.
  private static final int CHANGE_IP_FLAG = 0x04;
  private static final int CHANGE_PORT_FLAG = 0x02;

  private AttributeCodec() {}

  /**
   * Decodes one attribute value.
   *
   * @param msg the whole message (offset 0 is the first header byte)
   * @param at offset of the attribute header, for error reports
   * @param off offset of the value
   * @param len value length, already checked to be inside {@code msg}
   */
  static StunAttribute decode(int type, byte[] msg, int at, int off, int len, TransactionId txId)
      throws StunParseException {
    return switch (type) {
      case StunAttributeType.MAPPED_ADDRESS ->
          new MappedAddress(address(type, msg, at, off, len, null));
      case StunAttributeType.XOR_MAPPED_ADDRESS ->
          new XorMappedAddress(address(type, msg, at, off, len, txId));
      case StunAttributeType.ALTERNATE_SERVER ->
          new AlternateServer(address(type, msg, at, off, len, null));
      case StunAttributeType.USERNAME -> new Username(utf8(type, msg, at, off, len));
      case StunAttributeType.REALM -> new Realm(utf8(type, msg, at, off, len));
      case StunAttributeType.NONCE -> new Nonce(utf8(type, msg, at, off, len));
      case StunAttributeType.SOFTWARE -> new Software(utf8(type, msg, at, off, len));
      case StunAttributeType.ALTERNATE_DOMAIN -> new AlternateDomain(utf8(type, msg, at, off, len));
      case StunAttributeType.USERHASH -> {
        exactLength(type, at, len, 32);
        yield new Userhash(Arrays.copyOfRange(msg, off, off + len));
      }
      case StunAttributeType.MESSAGE_INTEGRITY -> {
        exactLength(type, at, len, MessageIntegrity.LENGTH);
        yield new MessageIntegrity(Arrays.copyOfRange(msg, off, off + len));
      }
      case StunAttributeType.MESSAGE_INTEGRITY_SHA256 -> {
        // RFC 8489 §14.6: at least 16 bytes, at most 32, a multiple of 4.
        if (!MessageIntegritySha256.isValidLength(len)) {
          throw bad(type, at, "length " + len + " is not 16..32 in steps of 4");
        }
        yield new MessageIntegritySha256(Arrays.copyOfRange(msg, off, off + len));
      }
      case StunAttributeType.FINGERPRINT -> {
        exactLength(type, at, len, 4);
        yield new Fingerprint(readInt(msg, off));
      }
      case StunAttributeType.ERROR_CODE -> errorCode(msg, at, off, len);
      case StunAttributeType.PASSWORD_ALGORITHM -> {
        PasswordAlgorithm alg = passwordAlgorithm(msg, at, off, off + len);
        int consumed = 4 + alg.parameters().length;
        if (consumed != len) {
          throw bad(type, at, "parameter length disagrees with attribute length " + len);
        }
        yield alg;
      }
      case StunAttributeType.PASSWORD_ALGORITHMS -> {
        List<PasswordAlgorithm> list = new ArrayList<>();
        int p = off;
        int end = off + len;
        while (p < end) {
          PasswordAlgorithm alg = passwordAlgorithm(msg, at, p, end);
          // RFC 8489 §14.11: each entry's parameters are padded to 4 bytes.
          p += 4 + pad4(alg.parameters().length);
          list.add(alg);
        }
        if (p != end) {
          throw bad(type, at, "entries run past the attribute value");
        }
        yield new PasswordAlgorithms(list);
      }
      case StunAttributeType.UNKNOWN_ATTRIBUTES -> {
        if (len % 2 != 0) {
          throw bad(type, at, "length " + len + " is not a multiple of 2");
        }
        List<Integer> types = new ArrayList<>(len / 2);
        for (int p = off; p < off + len; p += 2) {
          types.add(readShort(msg, p));
        }
        yield new UnknownAttributes(types);
      }
      case StunAttributeType.PRIORITY -> {
        exactLength(type, at, len, 4);
        yield new Priority(readInt(msg, off) & 0xFFFF_FFFFL);
      }
      case StunAttributeType.USE_CANDIDATE -> {
        exactLength(type, at, len, 0);
        yield new UseCandidate();
      }
      case StunAttributeType.ICE_CONTROLLED -> {
        exactLength(type, at, len, 8);
        yield new IceControlled(readLong(msg, off));
      }
      case StunAttributeType.ICE_CONTROLLING -> {
        exactLength(type, at, len, 8);
        yield new IceControlling(readLong(msg, off));
      }
      case StunAttributeType.CHANGE_REQUEST -> {
        exactLength(type, at, len, 4);
        // RFC 5780 §7.2: all bits but A and B are zero when sent and ignored when received.
        int flags = readInt(msg, off);
        yield new ChangeRequest((flags & CHANGE_IP_FLAG) != 0, (flags & CHANGE_PORT_FLAG) != 0);
      }
      case StunAttributeType.RESPONSE_PORT -> {
        // RFC 5780 §7.5: a 16-bit port followed by 2 bytes of padding.
        exactLength(type, at, len, 4);
        yield new ResponsePort(readShort(msg, off));
      }
      case StunAttributeType.PADDING -> new Padding(Arrays.copyOfRange(msg, off, off + len));
      case StunAttributeType.RESPONSE_ORIGIN ->
          new ResponseOrigin(address(type, msg, at, off, len, null));
      case StunAttributeType.OTHER_ADDRESS ->
          new OtherAddress(address(type, msg, at, off, len, null));
      case StunAttributeType.CHANNEL_NUMBER -> {
        exactLength(type, at, len, 4);
        yield new StunAttribute.ChannelNumber(readShort(msg, off));
      }
      case StunAttributeType.LIFETIME -> {
        exactLength(type, at, len, 4);
        yield new StunAttribute.Lifetime(readInt(msg, off) & 0xFFFF_FFFFL);
      }
      case StunAttributeType.XOR_PEER_ADDRESS ->
          new StunAttribute.XorPeerAddress(address(type, msg, at, off, len, txId));
      case StunAttributeType.DATA ->
          new StunAttribute.Data(Arrays.copyOfRange(msg, off, off + len));
      case StunAttributeType.XOR_RELAYED_ADDRESS ->
          new StunAttribute.XorRelayedAddress(address(type, msg, at, off, len, txId));
      case StunAttributeType.REQUESTED_ADDRESS_FAMILY -> {
        exactLength(type, at, len, 4);
        yield new StunAttribute.RequestedAddressFamily(msg[off] & 0xFF);
      }
      case StunAttributeType.EVEN_PORT -> {
        // RFC 8656 §18.7: one byte, the R bit first, then 7 RFFU bits.
        exactLength(type, at, len, 1);
        yield new StunAttribute.EvenPort((msg[off] & 0x80) != 0);
      }
      case StunAttributeType.REQUESTED_TRANSPORT -> {
        exactLength(type, at, len, 4);
        yield new StunAttribute.RequestedTransport(msg[off] & 0xFF);
      }
      case StunAttributeType.DONT_FRAGMENT -> {
        exactLength(type, at, len, 0);
        yield new StunAttribute.DontFragment();
      }
      case StunAttributeType.RESERVATION_TOKEN -> {
        exactLength(type, at, len, 8);
        yield new StunAttribute.ReservationToken(Arrays.copyOfRange(msg, off, off + len));
      }
      default -> new Unknown(type, Arrays.copyOfRange(msg, off, off + len));
    };
  }

  /** The value bytes of {@code attr}, without padding. */
  static byte[] encode(StunAttribute attr, TransactionId txId) {
    // Java 17 has no pattern switch; an instanceof chain over the sealed hierarchy instead.
    if (attr instanceof MappedAddress a) {
      return address(a.address(), null);
    } else if (attr instanceof XorMappedAddress a) {
      return address(a.address(), txId);
    } else if (attr instanceof AlternateServer a) {
      return address(a.address(), null);
    } else if (attr instanceof Username a) {
      return a.value().getBytes(StandardCharsets.UTF_8);
    } else if (attr instanceof Realm a) {
      return a.value().getBytes(StandardCharsets.UTF_8);
    } else if (attr instanceof Nonce a) {
      return a.value().getBytes(StandardCharsets.UTF_8);
    } else if (attr instanceof Software a) {
      return a.value().getBytes(StandardCharsets.UTF_8);
    } else if (attr instanceof AlternateDomain a) {
      return a.value().getBytes(StandardCharsets.UTF_8);
    } else if (attr instanceof Userhash a) {
      return a.hash();
    } else if (attr instanceof MessageIntegrity a) {
      return a.hmac();
    } else if (attr instanceof MessageIntegritySha256 a) {
      return a.hmac();
    } else if (attr instanceof Fingerprint a) {
      return ByteBuffer.allocate(4).putInt(a.crc()).array();
    } else if (attr instanceof ErrorCode a) {
      byte[] reason = a.reason().getBytes(StandardCharsets.UTF_8);
      ByteBuffer b = ByteBuffer.allocate(4 + reason.length);
      b.putShort((short) 0).put((byte) a.errorClass()).put((byte) a.number()).put(reason);
      return b.array();
    } else if (attr instanceof PasswordAlgorithm a) {
      return passwordAlgorithm(a, false);
    } else if (attr instanceof PasswordAlgorithms a) {
      int size = 0;
      for (PasswordAlgorithm alg : a.algorithms()) {
        size += 4 + pad4(alg.parameters().length);
      }
      ByteBuffer b = ByteBuffer.allocate(size);
      for (PasswordAlgorithm alg : a.algorithms()) {
        b.put(passwordAlgorithm(alg, true));
      }
      return b.array();
    } else if (attr instanceof UnknownAttributes a) {
      ByteBuffer b = ByteBuffer.allocate(a.types().size() * 2);
      a.types().forEach(t -> b.putShort(t.shortValue()));
      return b.array();
    } else if (attr instanceof Priority a) {
      return ByteBuffer.allocate(4).putInt((int) a.priority()).array();
    } else if (attr instanceof UseCandidate) {
      return new byte[0];
    } else if (attr instanceof IceControlled a) {
      return ByteBuffer.allocate(8).putLong(a.tieBreaker()).array();
    } else if (attr instanceof IceControlling a) {
      return ByteBuffer.allocate(8).putLong(a.tieBreaker()).array();
    } else if (attr instanceof ChangeRequest a) {
      int flags = (a.changeIp() ? CHANGE_IP_FLAG : 0) | (a.changePort() ? CHANGE_PORT_FLAG : 0);
      return ByteBuffer.allocate(4).putInt(flags).array();
    } else if (attr instanceof ResponsePort a) {
      return ByteBuffer.allocate(4).putShort((short) a.port()).array();
    } else if (attr instanceof Padding a) {
      return a.value();
    } else if (attr instanceof ResponseOrigin a) {
      return address(a.address(), null);
    } else if (attr instanceof OtherAddress a) {
      return address(a.address(), null);
    } else if (attr instanceof StunAttribute.ChannelNumber a) {
      return ByteBuffer.allocate(4).putShort((short) a.number()).array();
    } else if (attr instanceof StunAttribute.Lifetime a) {
      return ByteBuffer.allocate(4).putInt((int) a.seconds()).array();
    } else if (attr instanceof StunAttribute.XorPeerAddress a) {
      return address(a.address(), txId);
    } else if (attr instanceof StunAttribute.Data a) {
      return a.value();
    } else if (attr instanceof StunAttribute.XorRelayedAddress a) {
      return address(a.address(), txId);
    } else if (attr instanceof StunAttribute.RequestedAddressFamily a) {
      return new byte[] {(byte) a.family(), 0, 0, 0};
    } else if (attr instanceof StunAttribute.EvenPort a) {
      return new byte[] {(byte) (a.reserveNext() ? 0x80 : 0)};
    } else if (attr instanceof StunAttribute.RequestedTransport a) {
      return new byte[] {(byte) a.protocol(), 0, 0, 0};
    } else if (attr instanceof StunAttribute.DontFragment) {
      return new byte[0];
    } else if (attr instanceof StunAttribute.ReservationToken a) {
      return a.token();
    } else if (attr instanceof Unknown a) {
      return a.value();
    }
    throw new IllegalArgumentException("unhandled attribute " + attr);
  }

  static int pad4(int n) {
    return (n + 3) & ~3;
  }

  static int readShort(byte[] b, int off) {
    return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
  }

  static int readInt(byte[] b, int off) {
    return (readShort(b, off) << 16) | readShort(b, off + 2);
  }

  static long readLong(byte[] b, int off) {
    return ((long) readInt(b, off) << 32) | (readInt(b, off + 4) & 0xFFFF_FFFFL);
  }

  private static byte[] passwordAlgorithm(PasswordAlgorithm a, boolean padded) {
    byte[] params = a.parameters();
    ByteBuffer b = ByteBuffer.allocate(4 + (padded ? pad4(params.length) : params.length));
    b.putShort((short) a.algorithm()).putShort((short) params.length).put(params);
    return b.array();
  }

  private static PasswordAlgorithm passwordAlgorithm(byte[] msg, int at, int p, int end)
      throws StunParseException {
    if (end - p < 4) {
      throw bad(StunAttributeType.PASSWORD_ALGORITHM, at, "entry shorter than 4 bytes");
    }
    int alg = readShort(msg, p);
    int paramLen = readShort(msg, p + 2);
    if (paramLen > end - p - 4) {
      throw bad(StunAttributeType.PASSWORD_ALGORITHM, at, "parameters run past the value");
    }
    return new PasswordAlgorithm(alg, Arrays.copyOfRange(msg, p + 4, p + 4 + paramLen));
  }

  private static ErrorCode errorCode(byte[] msg, int at, int off, int len)
      throws StunParseException {
    int type = StunAttributeType.ERROR_CODE;
    if (len < 4) {
      throw bad(type, at, "value shorter than 4 bytes");
    }
    int cls = msg[off + 2] & 0x07;
    int number = msg[off + 3] & 0xFF;
    // RFC 8489 §14.8: class 3..6, number 0..99.
    if (cls < 3 || cls > 6) {
      throw bad(type, at, "class " + cls + " is not 3..6");
    }
    if (number > 99) {
      throw bad(type, at, "number " + number + " is not 0..99");
    }
    return new ErrorCode(cls * 100 + number, utf8(type, msg, at, off + 4, len - 4));
  }

  private static InetSocketAddress address(
      int type, byte[] msg, int at, int off, int len, TransactionId xor) throws StunParseException {
    if (len < 4) {
      throw bad(type, at, "value shorter than 4 bytes");
    }
    int family = msg[off + 1] & 0xFF;
    int port = readShort(msg, off + 2);
    byte[] ip;
    if (family == FAMILY_IPV4) {
      exactLength(type, at, len, 8);
      ip = Arrays.copyOfRange(msg, off + 4, off + 8);
    } else if (family == FAMILY_IPV6) {
      exactLength(type, at, len, 20);
      ip = Arrays.copyOfRange(msg, off + 4, off + 20);
    } else {
      throw bad(type, at, String.format("unknown address family 0x%02x", family));
    }
    if (xor != null) {
      // RFC 8489 §14.2: port XOR the cookie's top 16 bits; address XOR cookie (|| txid for v6).
      port ^= StunMessage.MAGIC_COOKIE >>> 16;
      xorAddress(ip, xor);
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(ip), port);
    } catch (UnknownHostException e) {
      throw bad(type, at, "unusable address: " + e.getMessage());
    }
  }

  private static byte[] address(InetSocketAddress address, TransactionId xor) {
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("address must be resolved: " + address);
    }
    byte[] ip = address.getAddress().getAddress();
    int port = address.getPort();
    if (xor != null) {
      port ^= StunMessage.MAGIC_COOKIE >>> 16;
      xorAddress(ip, xor);
    }
    ByteBuffer b = ByteBuffer.allocate(4 + ip.length);
    b.put((byte) 0).put((byte) (ip.length == 4 ? FAMILY_IPV4 : FAMILY_IPV6));
    b.putShort((short) port).put(ip);
    return b.array();
  }

  private static void xorAddress(byte[] ip, TransactionId txId) {
    for (int i = 0; i < ip.length; i++) {
      int mask =
          i < 4 ? (StunMessage.MAGIC_COOKIE >>> (8 * (3 - i))) & 0xFF : txId.byteAt(i - 4) & 0xFF;
      ip[i] ^= (byte) mask;
    }
  }

  private static String utf8(int type, byte[] msg, int at, int off, int len)
      throws StunParseException {
    if (isAscii(msg, off, len)) {
      // ASCII is valid UTF-8 with the same code points: skip the strict decoder's allocations.
      return new String(msg, off, len, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(msg, off, len))
          .toString();
    } catch (CharacterCodingException e) {
      throw bad(type, at, "value is not valid UTF-8");
    }
  }

  private static boolean isAscii(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (b[i] < 0) {
        return false;
      }
    }
    return true;
  }

  private static void exactLength(int type, int at, int len, int expected)
      throws StunParseException {
    if (len != expected) {
      throw bad(type, at, "length " + len + ", expected " + expected);
    }
  }

  private static StunParseException bad(int type, int at, String why) {
    return new StunParseException(
        Reason.BAD_ATTRIBUTE_VALUE, at, StunAttributeType.name(type) + ": " + why);
  }
}

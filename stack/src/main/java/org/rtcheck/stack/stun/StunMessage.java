package org.rtcheck.stack.stun;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.rtcheck.stack.stun.StunParseException.Reason;

/**
 * An immutable, decoded STUN message (RFC 8489 §5) together with the exact bytes it was decoded
 * from, which integrity and fingerprint checks use (never a re-encode).
 */
public final class StunMessage {
  /** RFC 8489 §5. */
  public static final int MAGIC_COOKIE = 0x2112A442;

  public static final int HEADER_LENGTH = 20;

  /** The Binding method (RFC 8489 §18.2). */
  public static final int BINDING = 0x001;

  private final StunClass stunClass;
  private final int method;
  private final TransactionId transactionId;
  private final List<StunAttribute> attributes;
  private final int[] attributeOffsets;
  private final byte[] raw;

  private StunMessage(
      StunClass stunClass,
      int method,
      TransactionId transactionId,
      List<StunAttribute> attributes,
      int[] attributeOffsets,
      byte[] raw) {
    this.stunClass = stunClass;
    this.method = method;
    this.transactionId = transactionId;
    this.attributes = Collections.unmodifiableList(attributes);
    this.attributeOffsets = attributeOffsets;
    this.raw = raw;
  }

  /** Starts building a message; see {@link StunMessageBuilder}. */
  public static StunMessageBuilder builder(StunClass cls, int method, TransactionId txId) {
    return new StunMessageBuilder(cls, method, txId);
  }

  /**
   * Cheap demultiplexing test: at least a header, first byte 0..3 (RFC 7983 §7) and the magic
   * cookie (RFC 8489 §5). Does not validate anything else.
   */
  public static boolean looksLikeStun(byte[] data) {
    return looksLikeStun(data, 0, data.length);
  }

  public static boolean looksLikeStun(byte[] data, int offset, int length) {
    return length >= HEADER_LENGTH
        && offset >= 0
        && offset + length <= data.length
        && (data[offset] & 0xFF) <= 3
        && AttributeCodec.readInt(data, offset + 4) == MAGIC_COOKIE;
  }

  public static StunMessage decode(byte[] data) throws StunParseException {
    return decode(data, 0, data.length);
  }

  /** Decodes the remaining bytes of {@code buffer}, leaving its position untouched. */
  public static StunMessage decode(ByteBuffer buffer) throws StunParseException {
    // The message keeps its own copy (the caller may reuse the buffer), and nothing else.
    byte[] copy = new byte[buffer.remaining()];
    buffer.get(buffer.position(), copy);
    return decodeOwned(copy);
  }

  /**
   * Decodes exactly {@code length} bytes from {@code offset}: a datagram holds one message, so
   * bytes after the declared length are an error. Never throws anything but {@link
   * StunParseException} for any content.
   */
  public static StunMessage decode(byte[] data, int offset, int length) throws StunParseException {
    if (offset < 0 || length < 0 || offset + length > data.length) {
      throw new IndexOutOfBoundsException("offset/length outside the array");
    }
    // The one copy a decode makes: a StunMessage is immutable and may be shared across threads,
    // while the caller may reuse its receive buffer. Everything after this works on the copy.
    return decodeOwned(Arrays.copyOfRange(data, offset, offset + length));
  }

  private static StunMessage decodeOwned(byte[] msg) throws StunParseException {
    int n = msg.length;
    if (n < HEADER_LENGTH) {
      throw new StunParseException(
          Reason.TOO_SHORT, 0, n + " bytes, a STUN header is " + HEADER_LENGTH);
    }
    // RFC 8489 §5: the most significant two bits of every STUN message are zeroes.
    if ((msg[0] & 0xC0) != 0) {
      throw new StunParseException(
          Reason.NOT_STUN_FIRST_BITS, 0, String.format("first byte 0x%02x", msg[0] & 0xFF));
    }
    int cookie = AttributeCodec.readInt(msg, 4);
    if (cookie != MAGIC_COOKIE) {
      throw new StunParseException(
          Reason.BAD_MAGIC_COOKIE, 4, String.format("cookie 0x%08x, expected 0x2112a442", cookie));
    }
    int bodyLength = AttributeCodec.readShort(msg, 2);
    // RFC 8489 §5: all attributes are padded, so the length's last two bits are zero.
    if (bodyLength % 4 != 0) {
      throw new StunParseException(
          Reason.LENGTH_NOT_MULTIPLE_OF_4, 2, "message length " + bodyLength);
    }
    if (HEADER_LENGTH + bodyLength > n) {
      throw new StunParseException(
          Reason.TRUNCATED,
          2,
          "message length " + bodyLength + " but only " + (n - HEADER_LENGTH) + " bytes follow");
    }
    if (HEADER_LENGTH + bodyLength < n) {
      throw new StunParseException(
          Reason.LENGTH_MISMATCH,
          2,
          "message length "
              + bodyLength
              + " but "
              + (n - HEADER_LENGTH)
              + " bytes follow the header");
    }
    int type = AttributeCodec.readShort(msg, 0);
    TransactionId txId = TransactionId.read(msg, 8);

    // Size the list and offsets exactly: the loop below walks the same headers and either adds
    // every one of them or throws.
    int count = countAttributes(msg);
    List<StunAttribute> attrs = new ArrayList<>(count);
    int[] offsets = new int[count];
    int p = HEADER_LENGTH;
    boolean sawFingerprint = false;
    while (p < n) {
      if (sawFingerprint) {
        // RFC 8489 §14.7: FINGERPRINT MUST be the last attribute.
        throw new StunParseException(
            Reason.ATTRIBUTE_AFTER_FINGERPRINT,
            p,
            StunAttributeType.name(AttributeCodec.readShort(msg, p)) + " follows FINGERPRINT");
      }
      if (n - p < 4) {
        throw new StunParseException(
            Reason.ATTRIBUTE_TRUNCATED, p, "attribute header needs 4 bytes, " + (n - p) + " left");
      }
      int attrType = AttributeCodec.readShort(msg, p);
      int attrLength = AttributeCodec.readShort(msg, p + 2);
      // RFC 8489 §14: the value is padded to a multiple of 4; padding content is ignored.
      if (AttributeCodec.pad4(attrLength) > n - p - 4) {
        throw new StunParseException(
            Reason.ATTRIBUTE_TRUNCATED,
            p,
            StunAttributeType.name(attrType)
                + " length "
                + attrLength
                + " (padded "
                + AttributeCodec.pad4(attrLength)
                + ") but only "
                + (n - p - 4)
                + " bytes left");
      }
      offsets[attrs.size()] = p;
      attrs.add(AttributeCodec.decode(attrType, msg, p, p + 4, attrLength, txId));
      sawFingerprint = attrType == StunAttributeType.FINGERPRINT;
      p += 4 + AttributeCodec.pad4(attrLength);
    }
    return new StunMessage(
        StunMessageType.classOf(type), StunMessageType.methodOf(type), txId, attrs, offsets, msg);
  }

  /** How many attribute headers follow the message header (a bound when the message is bad). */
  private static int countAttributes(byte[] msg) {
    int count = 0;
    for (int p = HEADER_LENGTH; msg.length - p >= 4; count++) {
      p += 4 + AttributeCodec.pad4(AttributeCodec.readShort(msg, p + 2));
    }
    return count;
  }

  public StunClass stunClass() {
    return stunClass;
  }

  /** The 12-bit method, e.g. {@link #BINDING}. */
  public int method() {
    return method;
  }

  public TransactionId transactionId() {
    return transactionId;
  }

  /** All attributes in wire order, including duplicates and unknown ones. */
  public List<StunAttribute> attributes() {
    return attributes;
  }

  /** Offset of attribute {@code index}'s header from the start of the message. */
  public int attributeOffset(int index) {
    return attributeOffsets[index];
  }

  /** The first attribute of the given record type (RFC 8489 §14: later duplicates ignored). */
  public <T extends StunAttribute> Optional<T> first(Class<T> type) {
    for (StunAttribute a : attributes) {
      if (type.isInstance(a)) {
        return Optional.of(type.cast(a));
      }
    }
    return Optional.empty();
  }

  /** Index of the first attribute with the given type code, or -1. */
  public int indexOf(int attributeType) {
    for (int i = 0; i < attributes.size(); i++) {
      if (attributes.get(i).type() == attributeType) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Types of unknown comprehension-required attributes (0x0000-0x7FFF), each once, in order; a
   * server answers a request carrying any with 420 and UNKNOWN-ATTRIBUTES (RFC 8489 §6.3.1).
   */
  public List<Integer> unknownComprehensionRequired() {
    List<Integer> types = new ArrayList<>();
    for (StunAttribute a : attributes) {
      if (a instanceof StunAttribute.Unknown u
          && u.isComprehensionRequired()
          && !types.contains(u.type())) {
        types.add(u.type());
      }
    }
    return types;
  }

  /** A copy of the exact bytes this message was decoded from. */
  public byte[] raw() {
    return raw.clone();
  }

  /** Total length on the wire, header included. */
  public int length() {
    return raw.length;
  }

  /** Package-private zero-copy access for the checks. */
  byte[] rawUnsafe() {
    return raw;
  }

  @Override
  public String toString() {
    return String.format(
        "StunMessage[%s method=0x%03x tx=%s %s]", stunClass, method, transactionId, attributes);
  }
}

package org.rtcheck.stack.stun;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Encodes a STUN message. Attributes are written in the order added; MESSAGE-INTEGRITY,
 * MESSAGE-INTEGRITY-SHA256 and FINGERPRINT added through the {@code add...(key)} methods are
 * computed at their position over the bytes before them, with the header length adjusted as RFC
 * 8489 §14.5-§14.7 require. Nothing is validated beyond what the wire format needs, so a harness
 * can craft non-conforming messages.
 */
public final class StunMessageBuilder {
  /** RFC 8489 §14.7: the CRC-32 is XOR'ed with 0x5354554e ("STUN"). */
  static final int FINGERPRINT_XOR = 0x5354554E;

  private sealed interface Item {}

  private record Plain(StunAttribute attribute) implements Item {}

  private record Integrity(byte[] key) implements Item {}

  private record IntegritySha256(byte[] key, int length) implements Item {}

  private record FingerprintItem() implements Item {}

  private final StunClass cls;
  private final int method;
  private final TransactionId txId;
  private final List<Item> items = new ArrayList<>();
  private byte paddingByte;

  StunMessageBuilder(StunClass cls, int method, TransactionId txId) {
    this.cls = Objects.requireNonNull(cls);
    this.method = method;
    this.txId = Objects.requireNonNull(txId);
    StunMessageType.encode(cls, method); // validates the method range early
  }

  public StunMessageBuilder add(StunAttribute attribute) {
    items.add(new Plain(Objects.requireNonNull(attribute)));
    return this;
  }

  /**
   * The byte used to pad attribute values to 4 bytes. RFC 8489 §14 says 0; RFC 5389 allowed any
   * value, and the RFC 5769 vectors use 0x20.
   */
  public StunMessageBuilder paddingByte(byte value) {
    this.paddingByte = value;
    return this;
  }

  /** MESSAGE-INTEGRITY (HMAC-SHA1) over everything added so far (RFC 8489 §14.5). */
  public StunMessageBuilder addMessageIntegrity(byte[] key) {
    items.add(new Integrity(key.clone()));
    return this;
  }

  /** MESSAGE-INTEGRITY-SHA256, full 32 bytes (RFC 8489 §14.6). */
  public StunMessageBuilder addMessageIntegritySha256(byte[] key) {
    return addMessageIntegritySha256(key, 32);
  }

  /** MESSAGE-INTEGRITY-SHA256 truncated to {@code length} bytes: 16..32, multiple of 4. */
  public StunMessageBuilder addMessageIntegritySha256(byte[] key, int length) {
    if (!StunAttribute.MessageIntegritySha256.isValidLength(length)) {
      throw new IllegalArgumentException("truncation must be 16..32 in steps of 4: " + length);
    }
    items.add(new IntegritySha256(key.clone(), length));
    return this;
  }

  /** FINGERPRINT over everything added so far (RFC 8489 §14.7). */
  public StunMessageBuilder addFingerprint() {
    items.add(new FingerprintItem());
    return this;
  }

  /** The encoded bytes. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    byte[] header = new byte[StunMessage.HEADER_LENGTH];
    int type = StunMessageType.encode(cls, method);
    header[0] = (byte) (type >> 8);
    header[1] = (byte) type;
    putInt(header, 4, StunMessage.MAGIC_COOKIE);
    txId.writeTo(header, 8);
    out.writeBytes(header);
    for (Item item : items) {
      if (item instanceof Plain p) {
        writeAttribute(out, p.attribute().type(), AttributeCodec.encode(p.attribute(), txId));
      } else if (item instanceof Integrity i) {
        // RFC 8489 §14.5: length field covers up to and including MESSAGE-INTEGRITY.
        byte[] soFar = withLength(out, 4 + 20);
        writeAttribute(
            out,
            StunAttributeType.MESSAGE_INTEGRITY,
            Crypto.hmacSha1(i.key(), soFar, soFar.length));
      } else if (item instanceof IntegritySha256 i) {
        // RFC 8489 §14.6: same rule, with the (possibly truncated) attribute length.
        byte[] soFar = withLength(out, 4 + i.length());
        byte[] mac = Crypto.hmacSha256(i.key(), soFar, soFar.length);
        writeAttribute(
            out, StunAttributeType.MESSAGE_INTEGRITY_SHA256, Arrays.copyOf(mac, i.length()));
      } else if (item instanceof FingerprintItem) {
        // RFC 8489 §14.7: length field includes the FINGERPRINT attribute itself.
        byte[] soFar = withLength(out, 8);
        CRC32 crc = new CRC32();
        crc.update(soFar);
        byte[] value = new byte[4];
        putInt(value, 0, (int) crc.getValue() ^ FINGERPRINT_XOR);
        writeAttribute(out, StunAttributeType.FINGERPRINT, value);
      }
    }
    byte[] msg = out.toByteArray();
    setLength(msg, msg.length - StunMessage.HEADER_LENGTH);
    return msg;
  }

  /** Encodes and decodes again; fails if the result is not a well-formed message. */
  public StunMessage build() {
    try {
      return StunMessage.decode(encode());
    } catch (StunParseException e) {
      throw new IllegalStateException("built message does not decode: " + e.getMessage(), e);
    }
  }

  private static byte[] withLength(ByteArrayOutputStream out, int extra) {
    byte[] soFar = out.toByteArray();
    setLength(soFar, soFar.length - StunMessage.HEADER_LENGTH + extra);
    return soFar;
  }

  private void writeAttribute(ByteArrayOutputStream out, int type, byte[] value) {
    if (value.length > 0xFFFF) {
      throw new IllegalArgumentException(StunAttributeType.name(type) + " value too long");
    }
    out.write(type >> 8);
    out.write(type);
    out.write(value.length >> 8);
    out.write(value.length);
    out.writeBytes(value);
    for (int i = value.length; i % 4 != 0; i++) {
      out.write(paddingByte);
    }
  }

  private static void setLength(byte[] msg, int length) {
    if (length > 0xFFFF) {
      throw new IllegalArgumentException("message too long: " + length);
    }
    msg[2] = (byte) (length >> 8);
    msg[3] = (byte) length;
  }

  static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >> 24);
    b[off + 1] = (byte) (v >> 16);
    b[off + 2] = (byte) (v >> 8);
    b[off + 3] = (byte) v;
  }
}

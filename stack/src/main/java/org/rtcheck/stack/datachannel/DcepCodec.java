package org.rtcheck.stack.datachannel;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.rtcheck.stack.datachannel.DcepDecodeException.Reason;

/** Encodes and decodes DCEP messages (RFC 8832 §5). */
public final class DcepCodec {

  private static final int OPEN_FIXED = 12;

  private DcepCodec() {}

  public static byte[] encode(DcepMessage m) {
    if (m instanceof DcepMessage.Open o) {
      byte[] label = o.label().getBytes(StandardCharsets.UTF_8);
      byte[] protocol = o.protocol().getBytes(StandardCharsets.UTF_8);
      if (label.length > 0xffff || protocol.length > 0xffff) {
        throw new IllegalArgumentException("label and protocol are at most 65535 bytes");
      }
      ByteBuffer b = ByteBuffer.allocate(OPEN_FIXED + label.length + protocol.length);
      b.put((byte) DcepMessage.TYPE_OPEN);
      b.put((byte) o.channelType().code());
      b.putShort((short) o.priority());
      b.putInt((int) o.reliabilityParameter());
      b.putShort((short) label.length);
      b.putShort((short) protocol.length);
      b.put(label);
      b.put(protocol);
      return b.array();
    }
    return new byte[] {DcepMessage.TYPE_ACK};
  }

  public static DcepMessage decode(byte[] m) throws DcepDecodeException {
    if (m.length == 0) {
      throw new DcepDecodeException(Reason.TRUNCATED, 0, "empty DCEP message");
    }
    int type = m[0] & 0xff;
    if (type == DcepMessage.TYPE_ACK) {
      // RFC 8832 §5.2: the ACK is the type byte alone; trailing bytes are tolerated.
      return new DcepMessage.Ack();
    }
    if (type != DcepMessage.TYPE_OPEN) {
      throw new DcepDecodeException(
          Reason.UNKNOWN_MESSAGE_TYPE, 0, String.format("message type 0x%02x", type));
    }
    if (m.length < OPEN_FIXED) {
      throw new DcepDecodeException(
          Reason.TRUNCATED, m.length, m.length + " bytes, DATA_CHANNEL_OPEN needs 12");
    }
    ByteBuffer b = ByteBuffer.wrap(m);
    b.get();
    int ct = b.get() & 0xff;
    ChannelType channelType = ChannelType.fromCode(ct);
    if (channelType == null) {
      throw new DcepDecodeException(
          Reason.UNKNOWN_CHANNEL_TYPE, 1, String.format("channel type 0x%02x", ct));
    }
    int priority = b.getShort() & 0xffff;
    long reliability = b.getInt() & 0xffffffffL;
    int labelLength = b.getShort() & 0xffff;
    int protocolLength = b.getShort() & 0xffff;
    if (OPEN_FIXED + labelLength + protocolLength != m.length) {
      throw new DcepDecodeException(
          Reason.BAD_LENGTH,
          8,
          "label "
              + labelLength
              + " + protocol "
              + protocolLength
              + " bytes, but "
              + (m.length - OPEN_FIXED)
              + " follow the fixed fields");
    }
    String label = utf8(m, OPEN_FIXED, labelLength);
    String protocol = utf8(m, OPEN_FIXED + labelLength, protocolLength);
    return new DcepMessage.Open(channelType, priority, reliability, label, protocol);
  }

  private static String utf8(byte[] m, int off, int len) throws DcepDecodeException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(m, off, len))
          .toString();
    } catch (CharacterCodingException e) {
      throw new DcepDecodeException(Reason.BAD_UTF8, off, "not UTF-8");
    }
  }
}

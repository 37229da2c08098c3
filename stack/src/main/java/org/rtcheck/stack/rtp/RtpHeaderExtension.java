package org.rtcheck.stack.rtp;

/**
 * One RFC 8285 header extension element.
 *
 * @param id the local identifier (1..14 one-byte, 1..255 two-byte)
 * @param data the element's bytes
 */
public record RtpHeaderExtension(int id, byte[] data) {

  public RtpHeaderExtension {
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }
}

package org.rtcheck.stack.sdp;

import java.util.Objects;

/**
 * One line of a description: its typed {@link #field()} and, when it was parsed, the original text,
 * which {@link SdpWriter#write} emits unchanged so that a round trip is lossless.
 *
 * @param number 1-based line number in the parsed text; 0 for a line made in code
 * @param raw the line as written, without its line ending; null for a line made in code
 * @param field the typed view
 */
public record SdpLine(int number, String raw, SdpField field) {

  public SdpLine {
    Objects.requireNonNull(field);
  }

  /** A new line rendered canonically from {@code field}. */
  public static SdpLine of(SdpField field) {
    return new SdpLine(0, null, field);
  }

  /** The line type character ({@code '\0'} for an empty line). */
  public char type() {
    return field.type();
  }

  /** The text to write: the original text, or the canonical rendering of a line made in code. */
  public String text() {
    return raw != null ? raw : canonicalText();
  }

  /** {@code <type>=<field.format()>}. */
  public String canonicalText() {
    return field.type() + "=" + field.format();
  }
}

package org.rtcheck.stack.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One media description (RFC 8866 §5.14): the {@code m=} line and the lines up to the next one. The
 * first of {@link #lines()} is always the m-line.
 */
public final class MediaSection {
  private final List<SdpLine> lines = new ArrayList<>();

  /** A section starting with {@code mLine}, whose field must be a {@link SdpField.Media}. */
  public MediaSection(SdpLine mLine) {
    if (!(mLine.field() instanceof SdpField.Media)) {
      throw new IllegalArgumentException("a media section starts with an m= line");
    }
    lines.add(mLine);
  }

  /** A new section whose m-line is rendered canonically from {@code media}. */
  public static MediaSection of(SdpField.Media media) {
    return new MediaSection(SdpLine.of(media));
  }

  /** The lines, m-line first (read-only; change them with the methods below). */
  public List<SdpLine> lines() {
    return Collections.unmodifiableList(lines);
  }

  /** The m-line. */
  public SdpLine mLine() {
    return lines.get(0);
  }

  /** The typed m-line. */
  public SdpField.Media media() {
    return (SdpField.Media) lines.get(0).field();
  }

  /** Appends a line (after the m-line, which cannot be added twice). */
  public MediaSection add(SdpField field) {
    return add(SdpLine.of(field));
  }

  /** Appends a parsed or made line. */
  public MediaSection add(SdpLine line) {
    if (line.field() instanceof SdpField.Media) {
      throw new IllegalArgumentException("a media section has one m= line");
    }
    lines.add(line);
    return this;
  }

  /** Replaces the m-line. */
  public MediaSection setMedia(SdpField.Media media) {
    lines.set(0, SdpLine.of(media));
    return this;
  }

  /** Replaces {@code old} (compared by identity) with a canonical line for {@code field}. */
  public boolean replace(SdpLine old, SdpField field) {
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i) == old) {
        lines.set(i, SdpLine.of(field));
        return true;
      }
    }
    return false;
  }

  /** Removes the lines (never the m-line) that match. */
  public boolean removeIf(Predicate<SdpLine> filter) {
    Objects.requireNonNull(filter);
    return lines.subList(1, lines.size()).removeIf(filter);
  }

  /** The fields of the given type in order, m-line included. */
  public <T extends SdpField> List<T> fields(Class<T> type) {
    return SessionDescription.fieldsOf(lines, type);
  }

  /** The first field of the given type. */
  public <T extends SdpField> Optional<T> field(Class<T> type) {
    return SessionDescription.firstOf(lines, type);
  }

  /** The lines whose field has the given type. */
  public <T extends SdpField> List<SdpLine> linesOf(Class<T> type) {
    return SessionDescription.linesOf(lines, type);
  }

  /** The attributes with this name, typed or generic. */
  public List<SdpAttribute> attributes(String name) {
    return SessionDescription.attributesOf(lines, name);
  }

  /** Whether an attribute with this name is present. */
  public boolean has(String name) {
    return !attributes(name).isEmpty();
  }

  /** {@code a=mid}. */
  public Optional<String> mid() {
    return field(SdpAttribute.Mid.class).map(SdpAttribute.Mid::id);
  }

  /** The media-level direction attribute, if any. */
  public Optional<SdpAttribute.MediaDirection> direction() {
    return field(SdpAttribute.Direction.class).map(SdpAttribute.Direction::direction);
  }

  /** A deep copy sharing the immutable lines. */
  public MediaSection copy() {
    MediaSection c = new MediaSection(lines.get(0));
    c.lines.addAll(lines.subList(1, lines.size()));
    return c;
  }
}

package org.rtcheck.stack.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A session description (RFC 8866 §5): the session-level lines and the media sections. Parsed lines
 * keep their text; lines added or replaced through this API are rendered canonically.
 */
public final class SessionDescription {
  private final List<SdpLine> lines = new ArrayList<>();
  private final List<MediaSection> media = new ArrayList<>();

  /** An empty description; add {@code v=}, {@code o=}, {@code s=}, {@code t=} yourself. */
  public SessionDescription() {}

  /** The session-level lines (read-only). */
  public List<SdpLine> lines() {
    return Collections.unmodifiableList(lines);
  }

  /** The media sections (read-only). */
  public List<MediaSection> media() {
    return Collections.unmodifiableList(media);
  }

  /** Appends a canonical session-level line. */
  public SessionDescription add(SdpField field) {
    return add(SdpLine.of(field));
  }

  /** Appends a session-level line. */
  public SessionDescription add(SdpLine line) {
    if (line.field() instanceof SdpField.Media) {
      throw new IllegalArgumentException("m= lines start a MediaSection; use addMedia");
    }
    lines.add(Objects.requireNonNull(line));
    return this;
  }

  /** Appends a media section. */
  public SessionDescription addMedia(MediaSection section) {
    media.add(Objects.requireNonNull(section));
    return this;
  }

  /** Removes a media section (by identity). */
  public boolean removeMedia(MediaSection section) {
    return media.removeIf(m -> m == section);
  }

  /** Replaces session-level {@code old} (by identity) with a canonical line for {@code field}. */
  public boolean replace(SdpLine old, SdpField field) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i) == old) {
        lines.set(i, SdpLine.of(field));
        return true;
      }
    }
    return false;
  }

  /** Removes the session-level lines that match. */
  public boolean removeIf(Predicate<SdpLine> filter) {
    return lines.removeIf(filter);
  }

  /** Session-level fields of a type. */
  public <T extends SdpField> List<T> fields(Class<T> type) {
    return fieldsOf(lines, type);
  }

  /** The first session-level field of a type. */
  public <T extends SdpField> Optional<T> field(Class<T> type) {
    return firstOf(lines, type);
  }

  /** Session-level lines whose field has a type. */
  public <T extends SdpField> List<SdpLine> linesOf(Class<T> type) {
    return linesOf(lines, type);
  }

  /** Session-level attributes with this name. */
  public List<SdpAttribute> attributes(String name) {
    return attributesOf(lines, name);
  }

  /** Whether a session-level attribute with this name is present. */
  public boolean has(String name) {
    return !attributes(name).isEmpty();
  }

  /** {@code o=}. */
  public Optional<SdpField.Origin> origin() {
    return field(SdpField.Origin.class);
  }

  /** The {@code a=group} lines. */
  public List<SdpAttribute.Group> groups() {
    return fields(SdpAttribute.Group.class);
  }

  /** The {@code a=group:BUNDLE} lines (RFC 8843 §7.1). */
  public List<SdpAttribute.Group> bundleGroups() {
    return groups().stream().filter(g -> g.semantics().equals("BUNDLE")).toList();
  }

  /** The media section with this mid. */
  public Optional<MediaSection> mediaByMid(String mid) {
    return media.stream().filter(m -> m.mid().filter(mid::equals).isPresent()).findFirst();
  }

  /** A copy whose lists can be changed without touching this one. */
  public SessionDescription copy() {
    SessionDescription c = new SessionDescription();
    c.lines.addAll(lines);
    for (MediaSection m : media) {
      c.media.add(m.copy());
    }
    return c;
  }

  static <T extends SdpField> List<T> fieldsOf(List<SdpLine> lines, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (SdpLine l : lines) {
      if (type.isInstance(l.field())) {
        out.add(type.cast(l.field()));
      }
    }
    return out;
  }

  static <T extends SdpField> Optional<T> firstOf(List<SdpLine> lines, Class<T> type) {
    for (SdpLine l : lines) {
      if (type.isInstance(l.field())) {
        return Optional.of(type.cast(l.field()));
      }
    }
    return Optional.empty();
  }

  static <T extends SdpField> List<SdpLine> linesOf(List<SdpLine> lines, Class<T> type) {
    List<SdpLine> out = new ArrayList<>();
    for (SdpLine l : lines) {
      if (type.isInstance(l.field())) {
        out.add(l);
      }
    }
    return out;
  }

  static List<SdpAttribute> attributesOf(List<SdpLine> lines, String name) {
    List<SdpAttribute> out = new ArrayList<>();
    for (SdpLine l : lines) {
      if (l.field() instanceof SdpAttribute a && a.name().equals(name)) {
        out.add(a);
      }
    }
    return out;
  }
}

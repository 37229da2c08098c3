package org.rtcheck.engine.descriptor;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.platform.engine.TestTag;
import org.rtcheck.engine.vector.Vector;
import org.rtcheck.engine.vector.VectorSuiteFile;

/**
 * The tags a vector's tests carry, for tag expressions such as {@code rfc:8489 & level:MUST} (in
 * Surefire: {@code -Dgroups=...}).
 */
final class VectorTags {

  private VectorTags() {}

  static Set<TestTag> of(VectorSuiteFile suite, Vector vector) {
    Set<TestTag> tags = new LinkedHashSet<>();
    tags.add(TestTag.create("suite:" + suite.id()));
    tags.add(TestTag.create("protocol:" + suite.protocol().toLowerCase(Locale.ROOT)));
    tags.add(TestTag.create("rfc:" + vector.rfc()));
    tags.add(TestTag.create("level:" + vector.level()));
    tags.add(TestTag.create("capability:" + vector.capability()));
    vector.tags().forEach(t -> tags.add(TestTag.create(t)));
    return tags;
  }
}
